/* cmd_pending.c: `bankterm pending`, the payments whose answer was lost.
 * Each run settles them by asking the bank (pay.h); one that never reached
 * the bank waits here for the person to send it or drop it, by name, since
 * a --yes given to another command is no yes to it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "bankterm.h"
#include "cli_private.h"
#include "cmd.h"
#include "pay.h"

#define PENDING_ID_LEN 8

/* When it was confirmed, as every time in --json: RFC 3339, UTC. */
static json_object *json_time(long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char stamp[32];

	if (!gmtime_r(&tt, &tm) || !strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return NULL;
	return json_object_new_string(stamp);
}

/* send and drop --json: {"id", "summary", "outcome"}. */
static void print_outcome(struct run *c, const struct intent *in, const char *outcome)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "id", json_object_new_string(in->key));
	json_object_object_add(o, "summary", json_object_new_string(in->summary));
	json_object_object_add(o, "outcome", json_object_new_string(outcome));
	cli_print_json(c, o);
	json_object_put(o);
}

static int list(struct run *c, const struct intent *in, size_t n, bool json)
{
	long long now = (long long)time(NULL);
	char age[64];

	if (json) {
		json_object *o = json_object_new_object(), *items = json_object_new_array();
		for (size_t i = 0; i < n; i++) {
			json_object *it = json_object_new_object();
			json_object_object_add(it, "id", json_object_new_string(in[i].key));
			json_object_object_add(it, "created_at", json_time(in[i].created_at));
			json_object_object_add(it, "summary", json_object_new_string(in[i].summary));
			json_object_array_add(items, it);
		}
		json_object_object_add(o, "items", items);
		cli_print_json(c, o);
		json_object_put(o);
		return EXIT_OK;
	}
	if (!n) {
		fprintf(c->err, "%s\n", _("No payment is waiting: every answer from the bank arrived."));
		return EXIT_OK;
	}
	(void)c;
	for (size_t i = 0; i < n; i++) {
		char *summary = text_sanitize(in[i].summary, strlen(in[i].summary), 0);
		pay_age_text(now - in[i].created_at, age, sizeof age);
		/* Its ID, when ("3 hours ago"), and what it does. */
		fprintf(c->out, "%.*s  %s  %s\n", PENDING_ID_LEN, in[i].key, age, summary);
		free(summary);
	}
	return EXIT_OK;
}

/* The pending payment ID names: a unique prefix of its key. */
static const struct intent *find(const struct intent *in, size_t n, const char *id)
{
	const struct intent *hit = NULL;
	size_t len = strlen(id);

	if (len < PENDING_ID_LEN)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (strncasecmp(in[i].key, id, len))
			continue;
		if (hit)
			return NULL;
		hit = &in[i];
	}
	return hit;
}

static int act(struct run *c, const char *verb, const struct intent *in, bool yes)
{
	bool send = !strcmp(verb, "send");
	char msg[1024], q[1200];
	char *summary;
	enum pay_verdict v;
	int rc;

	/* Asked first: it may have arrived after all, and then there is nothing to decide. */
	if ((rc = cli_signed_in_unsettled(c)))
		return rc;
	v = pay_check(&c->s, in, (long long)time(NULL), msg, sizeof msg);
	fprintf(c->err, "%s: %s\n", PACKAGE, msg);
	if (v == PAY_STILL_UNKNOWN)
		return EXIT_UNKNOWN;
	if (v != PAY_NEVER_RECEIVED) {
		/* Settled by the bank's answer: nothing was left to decide. */
		if (c->json)
			print_outcome(c, in, v == PAY_WENT_THROUGH ? "went_through" : v == PAY_NOT_MADE ? "not_made" : "too_old");
		return EXIT_OK;
	}
	summary = text_sanitize(in->summary, strlen(in->summary), 0);
	/* L10N: %s is the payment as it was confirmed; the answer is typed after it. */
	snprintf(q, sizeof q, send ? _("Send it now: %s?\nConfirm [y/N]: ") : _("Drop it, unsent: %s?\nConfirm [y/N]: "),
		 summary);
	free(summary);
	if (!yes && !cli_confirm(c, q)) {
		fprintf(c->err, "%s: %s\n", PACKAGE, _("Nothing was done; it is still waiting."));
		return EXIT_ERROR;
	}
	if (send) {
		rc = cli_resend_intent(c, in);
		if (!rc && c->json)
			print_outcome(c, in, "sent");
		return rc;
	}
	pay_drop(in);
	fprintf(c->err, _("%s: dropped; it was not sent\n"), PACKAGE);
	if (c->json)
		print_outcome(c, in, "dropped");
	return EXIT_OK;
}

static int cmd_pending(struct run *c, struct cmd_args *ca)
{
	bool json = cmd_has(ca, "json"), yes = cmd_has(ca, "yes");
	int argc = ca->argc;
	char **argv = ca->argv;
	struct intent *in;
	size_t n = 0;
	int rc;

	if (!c->server || !c->user) {
		fprintf(c->err, "%s: %s\n", PACKAGE,
			!c->server ? _("which bank? give --server URL") : _("who? give --user NAME"));
		return EXIT_USAGE;
	}
	if (argc && strcmp(argv[0], "send") && strcmp(argv[0], "drop"))
		return cli_usage_error(c, "pending", _("the subcommands are send and drop"));
	if (argc && argc != 2)
		return cli_usage_error(c, "pending", _("send and drop take one ID"));
	if (yes && !argc)
		return cli_usage_error(c, "pending", _("--yes goes with send or drop"));
	in = intent_pending(c->server, c->user, &n);
	if (!argc) {
		rc = list(c, in, n, json);
	} else {
		const struct intent *hit = find(in, n, argv[1]);
		if (hit) {
			rc = act(c, argv[0], hit, yes);
		} else {
			char what[160];
			/* L10N: %s is the ID the user typed. */
			snprintf(what, sizeof what, _("no single pending payment has the ID '%s'"), argv[1]);
			rc = cli_usage_error(c, "pending", what);
		}
	}
	intent_list_free(in, n);
	return rc;
}

static const struct cmd_option pending_options[] = { OPT_YES, { "json", 0, NULL, N_("print the list, or what became of one, as JSON") },
						     { NULL, 0, NULL, NULL } };
const struct cmd_entry cmd_pending_entry = {
	"pending",
	"[--json]\nsend ID [--yes] [--json]\ndrop ID [--yes] [--json]",
	N_("Payments whose answer from the bank was lost.  Each run asks the bank what\nbecame of them; one that never reached the bank is kept unsent until you\nsend it or drop it here.  ID is the first 8 characters the list shows."),
	N_("payments whose answer was lost: send them or drop them"),
	pending_options,
	cmd_pending,
};
