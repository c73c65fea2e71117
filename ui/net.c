/* net.c: requests to the bank, run on the worker thread.  The session is
 * touched by that thread alone; the UI thread builds a struct req, and gets
 * it back (through the worker's pipe) with the answer or the error in it.
 * A money movement goes through the exactly-once protocol of the core
 * (src/pay.h), the same one the command line uses. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "feedback.h"
#include "tui.h"

static void run(struct job *job)
{
	struct req *r = (struct req *)job;
	struct run *c = r->c;
	struct http_request rq = { r->method, r->path, r->body, NULL, NULL,
				   *r->challenge ? r->challenge : NULL, *r->code ? r->code : NULL,
				   r->extra_timeout_ms };

	if (*r->idem_key)
		rq.idempotency_key = r->idem_key;

	/* A cancel meant for the job before this one must not stop this one. */
	session_cancel_clear(&c->s);
	if (atomic_load(&job->cancelled)) {
		r->err.status = API_ERR_TRANSPORT;
		r->err.transport = HTTP_ERR_CANCELLED;
		return;
	}
	switch (r->kind) {
	case REQ_COMMAND:
		command_run(r);
		break;
	case REQ_PASSWORD:
	case REQ_CODE:
		r->ok = r->kind == REQ_PASSWORD ? session_password(&c->s, r->secret, &r->err)
						: session_code(&c->s, r->challenge, r->code, &r->err);
		/* Spent: neither waits in memory for the UI to free the request. */
		if (r->secret)
			explicit_bzero(r->secret, strlen(r->secret));
		break;
	case REQ_CHECK:
		r->verdict = pay_check(&c->s, &r->intent, (long long)time(NULL), r->err.message, sizeof r->err.message);
		r->ok = r->verdict != PAY_STILL_UNKNOWN;
		break;
	case REQ_RESEND: {
		enum pay_outcome o = pay_resend(&c->s, NULL, &r->intent, &r->doc, &r->err);
		r->ok = o == PAY_DONE;
		r->unknown = o == PAY_UNKNOWN;
		break;
	}
	case REQ_API:
	default:
		if (r->move) {
			/* The exactly-once protocol: written down, sent, classified (pay.h). */
			struct pay_request pr = { r->method, r->path, r->body, r->summary, rq.step_up_challenge,
						  rq.step_up_code, "" };
			enum pay_outcome o;
			snprintf(pr.key, sizeof pr.key, "%s", r->idem_key);
			o = pay_send(&c->s, NULL, &pr, &r->doc, &r->err);
			r->ok = o == PAY_DONE;
			r->unknown = o == PAY_UNKNOWN;
		} else {
			r->ok = session_call(&c->s, &rq, NULL, &r->doc, &r->err);
		}
		break;
	}
	/* The one-time code is spent; it does not wait in memory. */
	explicit_bzero(r->code, sizeof r->code);
}

uint64_t app_submit(struct app *a, struct req *r)
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
	return app_submit(a, r);
}

uint64_t app_get(struct app *a, int tag, long arg, const char *path)
{
	return app_get_for(a, a->cur, tag, arg, path, 0);
}

uint64_t app_op(struct app *a, int tag, const struct op *op)
{
	return app_op_arg(a, tag, 0, op);
}

uint64_t app_op_arg(struct app *a, int tag, long arg, const struct op *op)
{
	struct req *r = req_new(a, tag, op->method, op->path, NULL);

	r->arg = arg;
	r->body = op->body ? xstrdup(op->body) : NULL;
	r->move = op->moves_money;
	snprintf(r->summary, sizeof r->summary, "%s", op->summary);
	return app_submit(a, r);
}

uint64_t app_command(struct app *a, int tag, const char *line)
{
	struct req *r = req_new(a, tag, "GET", "", NULL);

	r->kind = REQ_COMMAND;
	r->screen = -1; /* the shell's own */
	r->app = a;
	r->line = xstrdup(line);
	return app_submit(a, r);
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
	r->with_code = true;
	return app_submit(a, r);
}

static struct req *req_intent(struct app *a, int tag, int kind, const struct intent *in)
{
	struct req *r = req_new(a, tag, in->method, in->path, NULL);

	r->kind = kind;
	r->intent = *in;
	r->intent.body = xstrdup(in->body ? in->body : "{}");
	snprintf(r->summary, sizeof r->summary, "%s", in->summary);
	return r;
}

uint64_t app_check(struct app *a, int tag, long arg, const struct intent *in)
{
	struct req *r = req_intent(a, tag, REQ_CHECK, in);

	r->arg = arg;
	return app_submit(a, r);
}

uint64_t app_resend_intent(struct app *a, int tag, const struct intent *in)
{
	return app_submit(a, req_intent(a, tag, REQ_RESEND, in));
}

uint64_t app_send_feedback(struct app *a, int tag, int rating, const char *flow, const char *comment)
{
	struct op op = { 0 };
	uint64_t id = 0;

	if (feedback_op(rating, flow, comment, &op))
		id = app_op(a, tag, &op);
	op_clear(&op);
	return id;
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
	return app_submit(a, r);
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
	free(r->intent.body);
	free(r->line);
	free(r->output);
	if (r->doc)
		json_object_put(r->doc);
	explicit_bzero(r->code, sizeof r->code);
	free(r);
	*rp = NULL;
}
