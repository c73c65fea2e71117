/* cmd_demo.c: `bankterm demo`: the demo bank's controls, as the full
 * screen's keys have them: move its clock (everything due in between runs),
 * or reset it.  Only for the private bank of --demo. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bankterm.h"
#include "cli_private.h"
#include "cmd.h"
#include "json.h"

static int clock_move(struct run *c, const char *spec)
{
	json_object *now = NULL, *doc = NULL;
	struct json_error jerr = { 0 };
	const char *when = NULL, *day = NULL;
	long long seconds;
	struct op op = { 0 };
	char msg[256];
	int rc;

	if ((rc = cli_call(c, "GET", "/sandbox/clock", NULL, NULL, &now)))
		return rc;
	json_get_string(now, NULL, "now", 0, 40, &when, &jerr);
	if (!demo_clock_seconds(spec, when, &seconds, msg, sizeof msg)) {
		json_object_put(now);
		return cli_usage_error(c, "demo", msg);
	}
	json_object_put(now);
	demo_clock_op(seconds, &op);
	if (!(rc = cli_send_op(c, &op, &doc))) {
		if (c->json) {
			rc = cli_print_json_view(c, doc, demo_clock_json_cols, DEMO_CLOCK_JSON_NCOLS, N_("the demo bank's clock"));
		} else if (!json_get_string(doc, NULL, "now", 0, 40, &day, &jerr)) {
			char said[800], ymd[11];
			snprintf(ymd, sizeof ymd, "%.10s", day);
			if (demo_clock_said(doc, ymd, said, sizeof said)) {
				fprintf(c->out, "%s\n", said);
			} else {
				struct api_error err = { 0 };
				api_error_decode(&err, _("the clock's answer"), said);
				rc = cli_report(c, &err);
			}
		} else {
			struct api_error err = { 0 };
			char why[256];
			json_error_message(&jerr, why, sizeof why);
			api_error_decode(&err, _("the clock's answer"), why);
			rc = cli_report(c, &err);
		}
	}
	json_object_put(doc);
	op_clear(&op);
	return rc;
}

static int reset(struct run *c, bool yes)
{
	struct op op = { 0 };
	json_object *doc = NULL;
	int rc;

	demo_reset_op(&op);
	if (!cli_agreed(c, yes, "demo", op.summary, &rc)) {
		op_clear(&op);
		return rc;
	}
	if (!(rc = cli_send_op(c, &op, &doc))) {
		if (c->json)
			rc = cli_print_json_view(c, doc, demo_reset_json_cols, DEMO_RESET_JSON_NCOLS, N_("the demo bank"));
		else
			fprintf(c->out, "%s\n", _("The demo bank is as it was at the start."));
	}
	json_object_put(doc);
	op_clear(&op);
	return rc;
}

static int cmd_demo(struct run *c, struct cmd_args *ca)
{
	int rc;

	if (!c->demo)
		return cli_usage_error(c, "demo", _("only the demo bank's clock can be moved, or the demo bank reset: "
						 "run it under --demo"));
	/* Where the demo bank listens: the staff commands of another terminal go there. */
	if (ca->argc == 1 && !strcmp(ca->argv[0], "url")) {
		if (c->json) {
			json_object *o = json_object_new_object();
			json_object_object_add(o, "url", json_object_new_string(c->demo->url));
			cli_print_json(c, o);
			json_object_put(o);
		} else {
			fprintf(c->out, "%s\n", c->demo->url);
		}
		return EXIT_OK;
	}
	if ((rc = cli_signed_in(c)))
		return rc;
	if (ca->argc == 2 && !strcmp(ca->argv[0], "clock") && !cmd_has(ca, "yes"))
		return clock_move(c, ca->argv[1]);
	if (ca->argc == 1 && !strcmp(ca->argv[0], "reset"))
		return reset(c, cmd_has(ca, "yes"));
	return cli_usage_error(c, "demo", _("use clock +Nd|+Nh|+Nm, reset, or url"));
}

static const struct cmd_option demo_options[] = { OPT_YES, { "json", 0, NULL, N_("print the bank's answer as JSON") },
						  { NULL, 0, NULL, NULL } };
const struct cmd_entry cmd_demo_entry = {
	"demo",
	"clock +Nd|+Nh|+Nm\nreset [--yes]\nurl",
	N_("The demo bank's controls (with --demo): move its clock by days, hours or\ncalendar months, running what falls due in between, or reset it; 'url' is\nits address, for the staff commands in another terminal\n(bankterm --server URL --user sam staff list)."),
	N_("the demo bank: move its clock, or reset it"),
	demo_options,
	cmd_demo,
};
