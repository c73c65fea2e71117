/* worker.h: the network off the UI thread.  The full-screen interface hands
 * jobs to one worker thread; finished jobs come back through a pipe that the
 * main loop polls together with the terminal, so the UI never waits on the
 * network.  A job can be cancelled while it waits or while it runs (the
 * cancel hook, http_cancel, makes the request in flight give up). */
#ifndef BANKTERM_WORKER_H
#define BANKTERM_WORKER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

struct job {
	uint64_t id;                  /* set by worker_submit */
	void (*run)(struct job *job); /* on the worker thread */
	atomic_bool cancelled;        /* run() may look; set by worker_cancel */
	bool ran;                     /* false when cancelled before it started */
	void *data;                   /* the caller's */
	struct job *next;
};

struct worker;

/* Starts the thread; cancel_hook(ctx) is called when the running job is cancelled. */
struct worker *worker_new(void (*cancel_hook)(void *ctx), void *ctx);
/* The file descriptor to poll for readability: something finished. */
int worker_fd(const struct worker *w);
/* Queues a job (the worker owns it until it comes back); returns its id. */
uint64_t worker_submit(struct worker *w, struct job *job);
/* The next finished (or cancelled) job, in the order they finished; NULL when none. */
struct job *worker_take(struct worker *w);
/* Cancels job id: taken from the queue, or told to stop if it runs. */
void worker_cancel(struct worker *w, uint64_t id);
/* Cancels everything, joins the thread, and returns every job not yet taken
 * through free_job (may be NULL). */
void worker_free(struct worker **w, void (*free_job)(struct job *job));

#endif
