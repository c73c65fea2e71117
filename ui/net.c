/* net.c: requests to the bank, run on the worker thread.  The session is
 * touched by that thread alone; the UI thread builds a struct req, and gets
 * it back (through the worker's pipe) with the answer or the error in it.
 * A money movement is written down as an intent before it is sent, exactly
 * as the command line does (src/intent.h), so a lost answer is never paid
 * twice. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "intent.h"
#include "tui.h"

static bool maybe_made(const struct api_error *err)
{
	/* A request cancelled in flight may have reached the bank all the same. */
	return err->status == API_ERR_TRANSPORT ||
	       (err->status == API_ERR_PROBLEM && (!strcmp(err->code, "unavailable") || !strcmp(err->code, "server_error")));
}

static void run(struct job *job)
{
	struct req *r = (struct req *)job;
	struct cli *c = r->c;
	struct http_request rq = { r->method, r->path, r->body, NULL, NULL,
				   *r->challenge ? r->challenge : NULL, *r->code ? r->code : NULL,
				   r->extra_timeout_ms };
	struct intent in = { 0 };
	char msg[512];

	if (*r->idem_key)
		rq.idempotency_key = r->idem_key;

	/* A cancel meant for the job before this one must not stop this one. */
	http_cancel_clear(c->s.http);
	if (atomic_load(&job->cancelled)) {
		r->err.status = API_ERR_TRANSPORT;
		r->err.transport = HTTP_ERR_CANCELLED;
		return;
	}
	if (r->kind != REQ_API) {
		r->ok = r->kind == REQ_PASSWORD ? session_password(&c->s, r->secret, &r->err)
						: session_code(&c->s, r->challenge, r->code, &r->err);
		/* Spent: neither waits in memory for the UI to free the request. */
		if (r->secret)
			explicit_bzero(r->secret, strlen(r->secret));
		explicit_bzero(r->code, sizeof r->code);
		return;
	}
	if (r->move) {
		snprintf(in.server, sizeof in.server, "%s", c->server);
		snprintf(in.user, sizeof in.user, "%s", c->user);
		snprintf(in.method, sizeof in.method, "%s", r->method);
		snprintf(in.path, sizeof in.path, "%s", r->path);
		snprintf(in.summary, sizeof in.summary, "%s", r->summary);
		in.body = r->body;
		if (!intent_save(&in, msg, sizeof msg)) {
			r->err.status = API_ERR_PROBLEM;
			snprintf(r->err.message, sizeof r->err.message, "%s", msg);
			return;
		}
		rq.idempotency_key = in.key;
	}
	if (*r->settle_key) {
		rq.idempotency_key = r->settle_key;
		snprintf(in.key, sizeof in.key, "%s", r->settle_key);
	}
	r->ok = session_call(&c->s, &rq, NULL, &r->doc, &r->err);
	if (r->move || *r->settle_key) {
		if (!r->ok && maybe_made(&r->err))
			r->unknown = true; /* the intent stays: settled on the next run */
		else
			intent_forget(&in);
	}
	/* The one-time code is spent; it does not wait in memory. */
	explicit_bzero(r->code, sizeof r->code);
}

static uint64_t submit(struct app *a, struct req *r)
{
	if (a->trace) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		r->submitted_us = (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
	}
	if (a->npending < (int)(sizeof a->pending / sizeof a->pending[0]))
		a->pending[a->npending++] = r;
	a->dirty = true;
	return worker_submit(a->worker, &r->job);
}

static struct req *req_new(struct app *a, int tag, const char *method, const char *path, json_object *body)
{
	struct req *r = xcalloc(1, sizeof *r);

	r->job.run = run;
	r->c = a->c;
	r->screen = a->cur;
	r->tag = tag;
	snprintf(r->method, sizeof r->method, "%s", method);
	r->path = xstrdup(path);
	if (body) {
		r->body = xstrdup(json_object_to_json_string_ext(body, JSON_C_TO_STRING_PLAIN));
		json_object_put(body);
	}
	/* The bank takes what creates or changes something once per key (and
	 * refuses it without one); a retry after a lost answer is then safe. */
	if (strcmp(method, "GET"))
		uuid_v4(r->idem_key);
	return r;
}

uint64_t app_get_for(struct app *a, int screen, int tag, long arg, const char *path, long extra_timeout_ms)
{
	struct req *r = req_new(a, tag, "GET", path, NULL);

	r->screen = screen;
	r->arg = arg;
	/* Set before the worker can see the request. */
	r->extra_timeout_ms = extra_timeout_ms;
	return submit(a, r);
}

uint64_t app_get(struct app *a, int tag, long arg, const char *path)
{
	return app_get_for(a, a->cur, tag, arg, path, 0);
}

uint64_t app_send(struct app *a, int tag, const char *method, const char *path, json_object *body)
{
	return submit(a, req_new(a, tag, method, path, body));
}

uint64_t app_move(struct app *a, int tag, const char *path, json_object *body, const char *summary)
{
	struct req *r = req_new(a, tag, "POST", path, body);

	r->move = true;
	snprintf(r->summary, sizeof r->summary, "%s", summary);
	return submit(a, r);
}

/* The same request again, with the one-time code the bank asked for. */
uint64_t app_resend(struct app *a, struct req *old, const char *code)
{
	struct req *r = xcalloc(1, sizeof *r);

	r->job.run = run;
	r->c = old->c;
	r->screen = old->screen;
	r->tag = old->tag;
	r->arg = old->arg;
	memcpy(r->method, old->method, sizeof r->method);
	r->path = xstrdup(old->path);
	r->body = old->body ? xstrdup(old->body) : NULL;
	r->move = old->move;
	memcpy(r->summary, old->summary, sizeof r->summary);
	/* The same request, so the same key, as the command line sends it. */
	memcpy(r->idem_key, old->idem_key, sizeof r->idem_key);
	snprintf(r->challenge, sizeof r->challenge, "%s", old->err.challenge);
	snprintf(r->code, sizeof r->code, "%s", code);
	return submit(a, r);
}

uint64_t app_settle(struct app *a, int tag, const struct intent *in)
{
	struct req *r = req_new(a, tag, in->method, in->path, NULL);

	r->body = in->body ? xstrdup(in->body) : NULL;
	snprintf(r->summary, sizeof r->summary, "%s", in->summary);
	snprintf(r->settle_key, sizeof r->settle_key, "%s", in->key);
	return submit(a, r);
}

uint64_t app_send_feedback(struct app *a, int tag, int rating, const char *flow, const char *comment)
{
	json_object *body = json_object_new_object();

	json_object_object_add(body, "rating", json_object_new_int(rating));
	json_object_object_add(body, "flow", json_object_new_string(flow));
	if (comment && *comment)
		json_object_object_add(body, "comment", json_object_new_string(comment));
	return app_send(a, tag, "POST", "/feedback", body);
}

void app_feedback_done(struct app *a, const struct req *r)
{
	if (r->ok)
		app_say(a, "%s", _("Thank you for your feedback."));
	else
		app_error(a, &r->err);
}

uint64_t app_sign_in(struct app *a, int tag, const char *password, const char *challenge, const char *code)
{
	struct req *r = req_new(a, tag, "POST", password ? "/auth/token" : "/auth/mfa", NULL);

	r->screen = -1; /* the shell's own */
	r->kind = password ? REQ_PASSWORD : REQ_CODE;
	if (password)
		r->secret = xstrdup(password);
	snprintf(r->challenge, sizeof r->challenge, "%s", challenge ? challenge : "");
	snprintf(r->code, sizeof r->code, "%s", code ? code : "");
	return submit(a, r);
}

void req_free(struct req **rp)
{
	struct req *r = *rp;

	if (!r)
		return;
	if (r->secret)
		xfree_secret(r->secret, strlen(r->secret));
	free(r->path);
	free(r->body);
	if (r->doc)
		json_object_put(r->doc);
	explicit_bzero(r->code, sizeof r->code);
	free(r);
	*rp = NULL;
}
