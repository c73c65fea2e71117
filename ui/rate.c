/* rate.c: the follow-up question "How was this?" after a transfer, a bill
 * payment, or when the person asks to give feedback.  It is a question of
 * the shell's, like a yes/no one: it holds every key until it is answered
 * (1 to 5, then an optional comment and Enter) or skipped (Esc), says so in
 * its box and on the status line, and takes no key the screen behind it
 * would otherwise get.  Both faces send it through the core's feedback_op. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tui.h"

void app_ask_rating(struct app *a, const char *flow, const char *lead)
{
	/* Another question is open: it keeps the keys; the outcome is said, not asked about. */
	if (a->modal != MODAL_NONE) {
		if (lead && *lead)
			app_say(a, "%s", lead);
		return;
	}
	snprintf(a->rate.flow, sizeof a->rate.flow, "%s", flow);
	snprintf(a->rate.lead, sizeof a->rate.lead, "%s", lead ? lead : "");
	a->rate.rating = 0;
	field_clear(&a->rate.comment);
	/* The lead says the outcome: what was under way ("Paying…") is over. */
	a->message[0] = '\0';
	a->modal = MODAL_RATE;
	a->dirty = true;
}

/* The status line while it is open: its own keys, nothing else's. */
const char *rate_hint(const struct app *a)
{
	/* L10N: the status line while the feedback question is open, before and after a rating. */
	return a->rate.rating ? _("Enter send  Esc skip") : _("1-5 rate  Esc skip");
}

void rate_draw(struct app *a, int top, int x, int w)
{
	char line[300];
	int y = top;

	if (*a->rate.lead) {
		ui_on(a, ROLE_HEADING);
		ui_text(y++, x, w, a->rate.lead, 0);
		ui_off(a, ROLE_HEADING);
	}
	if (!a->rate.rating) {
		/* L10N: the feedback question; it owns the number keys until answered or skipped. */
		y += ui_wrap(y, x, w, 2, _("How was this? Press 1 (poor) to 5 (great), or Esc to skip."));
		ui_focus(a, *a->rate.lead ? top + 1 : top, x);
		return;
	}
	/* L10N: after a rating; %d is 1 to 5. */
	snprintf(line, sizeof line, _("Rating %d of 5. A comment (optional), then Enter; Esc skips:"), a->rate.rating);
	y += ui_wrap(y, x, w, 2, line);
	field_draw(a, &a->rate.comment, y, x, w);
}

/* The rows its box needs inside the rules. */
int rate_rows(const struct app *a)
{
	return (*a->rate.lead ? 1 : 0) + 2 + (a->rate.rating ? 1 : 0);
}

void rate_key(struct app *a, const struct key *k)
{
	if (key_is_esc(k)) {
		a->modal = MODAL_NONE;
		field_clear(&a->rate.comment);
		/* L10N: the feedback question was skipped. */
		app_say(a, "%s", _("No feedback sent."));
		return;
	}
	if (!a->rate.rating) {
		if (!k->is_key && k->ch >= '1' && k->ch <= '5')
			a->rate.rating = (int)(k->ch - '0');
		else
			/* L10N: the feedback question got another key. */
			app_say(a, "%s", _("Answer with a number from 1 to 5, or Esc to skip."));
		return;
	}
	if (key_is_enter(k)) {
		a->modal = MODAL_NONE;
		app_send_feedback(a, T_RATE, a->rate.rating, a->rate.flow, a->rate.comment.buf);
		field_clear(&a->rate.comment);
		return;
	}
	field_key(&a->rate.comment, k);
}
