/* check_worker.c: the worker thread: jobs come back in order through the
 * pipe, the UI thread never waits, and cancelling works before and during
 * a job. */
#include "config.h"

#include <poll.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "check_suites.h"
#include "worker.h"

struct item {
	struct job job;
	int input, output;
	int sleep_ms;
};

static void square(struct job *j)
{
	struct item *it = (struct item *)j;
	int waited = 0;

	/* A slow job that checks for cancellation, as a request would. */
	while (waited < it->sleep_ms && !atomic_load(&j->cancelled)) {
		struct timespec ts = { 0, 5 * 1000000L };
		nanosleep(&ts, NULL);
		waited += 5;
	}
	it->output = it->input * it->input;
}

static struct job *wait_for(struct worker *w, int ms)
{
	struct pollfd p = { worker_fd(w), POLLIN, 0 };
	struct job *j = worker_take(w);

	while (!j && poll(&p, 1, ms) > 0)
		j = worker_take(w);
	return j;
}

static int hooked;
static void hook(void *ctx)
{
	(void)ctx;
	hooked++;
}

START_TEST(jobs_come_back_in_order)
{
	struct worker *w = worker_new(NULL, NULL);
	struct item items[100];

	ck_assert_ptr_nonnull(w);
	ck_assert_ptr_null(worker_take(w)); /* nothing yet, and no waiting */
	for (int i = 0; i < 100; i++) {
		items[i] = (struct item){ .job.run = square, .input = i };
		worker_submit(w, &items[i].job);
	}
	for (int i = 0; i < 100; i++) {
		struct item *it = (struct item *)wait_for(w, 2000);
		ck_assert_ptr_nonnull(it);
		ck_assert_int_eq(it->input, i);
		ck_assert_int_eq(it->output, i * i);
		ck_assert(it->job.ran);
	}
	ck_assert_ptr_null(worker_take(w));
	worker_free(&w, NULL);
	ck_assert_ptr_null(w);
}
END_TEST

START_TEST(cancel_waiting_and_running)
{
	struct worker *w = worker_new(hook, NULL);
	struct item slow = { .job.run = square, .input = 3, .sleep_ms = 5000 };
	struct item queued = { .job.run = square, .input = 4 };
	struct item after = { .job.run = square, .input = 5 };
	struct timespec t0, t1;
	uint64_t slow_id, queued_id;
	struct job *j;

	hooked = 0;
	slow_id = worker_submit(w, &slow.job);
	queued_id = worker_submit(w, &queued.job);
	worker_submit(w, &after.job);
	/* The queued one comes back at once, never run. */
	worker_cancel(w, queued_id);
	j = wait_for(w, 2000);
	ck_assert_ptr_eq(j, &queued.job);
	ck_assert(!j->ran);
	/* The running one stops long before its five seconds. */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	{
		struct timespec ts = { 0, 50 * 1000000L };
		nanosleep(&ts, NULL);
	}
	worker_cancel(w, slow_id);
	ck_assert_int_eq(hooked, 1);
	j = wait_for(w, 2000);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ck_assert_ptr_eq(j, &slow.job);
	ck_assert(atomic_load(&j->cancelled));
	ck_assert_int_lt((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000, 2000);
	/* And the worker carries on. */
	j = wait_for(w, 2000);
	ck_assert_ptr_eq(j, &after.job);
	ck_assert_int_eq(after.output, 25);
	worker_free(&w, NULL);
}
END_TEST

static int freed;
static void count_free(struct job *j)
{
	(void)j;
	freed++;
}

START_TEST(free_returns_what_is_left)
{
	struct worker *w = worker_new(hook, NULL);
	struct item a = { .job.run = square, .sleep_ms = 5000 }, b = { .job.run = square }, c = { .job.run = square };

	freed = 0;
	worker_submit(w, &a.job);
	worker_submit(w, &b.job);
	worker_submit(w, &c.job);
	worker_free(&w, count_free);
	ck_assert_int_eq(freed, 3);
}
END_TEST

Suite *worker_suite(void)
{
	Suite *s = suite_create("worker");
	TCase *tc = tcase_create("jobs");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, jobs_come_back_in_order);
	tcase_add_test(tc, cancel_waiting_and_running);
	tcase_add_test(tc, free_returns_what_is_left);
	suite_add_tcase(s, tc);
	return s;
}
