/* worker.c: one thread, a queue in, a queue out, and a self-pipe to wake
 * the UI's poll().  Locks are held only to move a job between queues. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "worker.h"
#include "xalloc.h"

struct queue {
	struct job *head, *tail;
};

struct worker {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t more;
	struct queue todo, done;
	struct job *running;
	bool stopping;
	uint64_t next_id;
	int pipe[2];
	void (*cancel_hook)(void *ctx);
	void *ctx;
};

static void push(struct queue *q, struct job *j)
{
	j->next = NULL;
	if (q->tail)
		q->tail->next = j;
	else
		q->head = j;
	q->tail = j;
}

static struct job *pop(struct queue *q)
{
	struct job *j = q->head;

	if (j) {
		q->head = j->next;
		if (!q->head)
			q->tail = NULL;
		j->next = NULL;
	}
	return j;
}

/* Hands a job back and wakes the UI (under the lock). */
static void finish(struct worker *w, struct job *j)
{
	char one = 1;

	push(&w->done, j);
	/* A full pipe already says "something finished": EAGAIN is fine. */
	while (write(w->pipe[1], &one, 1) < 0 && errno == EINTR)
		;
}

static void *loop(void *arg)
{
	struct worker *w = arg;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		struct job *j;
		while (!w->stopping && !w->todo.head)
			pthread_cond_wait(&w->more, &w->lock);
		if (w->stopping)
			break;
		j = pop(&w->todo);
		w->running = j;
		pthread_mutex_unlock(&w->lock);
		if (!atomic_load(&j->cancelled)) {
			j->run(j);
			j->ran = true;
		}
		pthread_mutex_lock(&w->lock);
		w->running = NULL;
		finish(w, j);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

struct worker *worker_new(void (*cancel_hook)(void *ctx), void *ctx)
{
	struct worker *w = xcalloc(1, sizeof *w);

	if (pipe2(w->pipe, O_CLOEXEC | O_NONBLOCK)) {
		free(w);
		return NULL;
	}
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->more, NULL);
	w->cancel_hook = cancel_hook;
	w->ctx = ctx;
	if (pthread_create(&w->thread, NULL, loop, w)) {
		close(w->pipe[0]);
		close(w->pipe[1]);
		free(w);
		return NULL;
	}
	return w;
}

int worker_fd(const struct worker *w)
{
	return w->pipe[0];
}

uint64_t worker_submit(struct worker *w, struct job *job)
{
	uint64_t id;

	pthread_mutex_lock(&w->lock);
	id = job->id = ++w->next_id;
	atomic_store(&job->cancelled, false);
	job->ran = false;
	push(&w->todo, job);
	pthread_cond_signal(&w->more);
	pthread_mutex_unlock(&w->lock);
	return id;
}

struct job *worker_take(struct worker *w)
{
	struct job *j;
	char buf[64];

	pthread_mutex_lock(&w->lock);
	j = pop(&w->done);
	if (!w->done.head)
		/* Drain the wake-ups: the queue is the truth, the pipe only a bell. */
		while (read(w->pipe[0], buf, sizeof buf) > 0)
			;
	pthread_mutex_unlock(&w->lock);
	return j;
}

void worker_cancel(struct worker *w, uint64_t id)
{
	struct job *prev = NULL;

	pthread_mutex_lock(&w->lock);
	if (w->running && w->running->id == id) {
		atomic_store(&w->running->cancelled, true);
		if (w->cancel_hook)
			w->cancel_hook(w->ctx);
	} else {
		for (struct job *j = w->todo.head; j; prev = j, j = j->next) {
			if (j->id != id)
				continue;
			if (prev)
				prev->next = j->next;
			else
				w->todo.head = j->next;
			if (w->todo.tail == j)
				w->todo.tail = prev;
			atomic_store(&j->cancelled, true);
			finish(w, j);
			break;
		}
	}
	pthread_mutex_unlock(&w->lock);
}

void worker_free(struct worker **wp, void (*free_job)(struct job *job))
{
	struct worker *w = *wp;
	struct job *j;

	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = true;
	if (w->running) {
		atomic_store(&w->running->cancelled, true);
		if (w->cancel_hook)
			w->cancel_hook(w->ctx);
	}
	pthread_cond_signal(&w->more);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	while ((j = pop(&w->todo)) || (j = pop(&w->done)))
		if (free_job)
			free_job(j);
	close(w->pipe[0]);
	close(w->pipe[1]);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->more);
	free(w);
	*wp = NULL;
}
