/* theme.c: how the screen looks: default, high-contrast and monochrome.
 *
 * Screens ask for a role (a heading, the selected row, an error), never for
 * a colour, and every role also has a text form elsewhere (">" marks the
 * selection, OVERDUE is written, a debit has its minus sign): colour only
 * ever repeats what the words say.  NO_COLOR, a terminal without colours
 * and the monochrome theme all draw with attributes alone. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui.h"

static const char *const names[] = { "default", "high-contrast", "monochrome" };
/* What the settings show and say: the same themes in words of the user's language. */
static const char *const labels[] = { N_("default"), N_("high contrast"), N_("monochrome") };

/* Colour pairs: 1.. as below; 0 is the terminal's own. */
enum { P_CYAN = 1, P_RED, P_YELLOW, P_GREEN, P_MAGENTA, P_HC_NORMAL, P_HC_ALERT };

const char *theme_name(int i)
{
	return i >= 0 && i < (int)(sizeof names / sizeof names[0]) ? names[i] : NULL;
}

const char *theme_label(int i)
{
	return theme_name(i) ? _(labels[i]) : NULL;
}

int theme_find(const char *name)
{
	for (int i = 0; theme_name(i); i++)
		if (name && !strcmp(name, names[i]))
			return i;
	return -1;
}

bool theme_colour_allowed(void)
{
	const char *no = getenv("NO_COLOR");

	/* no-color.org: present and not empty. */
	return !(no && *no);
}

void theme_set(struct app *a, int theme)
{
	attr_t *r = a->attrs;
	bool colour;

	if (theme < 0 || !theme_name(theme))
		theme = 0;
	a->theme = theme;
	colour = theme != 2 && !a->snapshot && theme_colour_allowed() && has_colors();
	if (colour && !a->colour_started) {
		start_color();
		use_default_colors();
		init_pair(P_CYAN, COLOR_CYAN, -1);
		init_pair(P_RED, COLOR_RED, -1);
		init_pair(P_YELLOW, COLOR_YELLOW, -1);
		init_pair(P_GREEN, COLOR_GREEN, -1);
		init_pair(P_MAGENTA, COLOR_MAGENTA, -1);
		init_pair(P_HC_NORMAL, COLOR_WHITE, COLOR_BLACK);
		init_pair(P_HC_ALERT, COLOR_YELLOW, COLOR_BLACK);
		a->colour_started = true;
	}
	a->colour = colour;
	/* What every theme shares: attributes that read without colour. */
	r[ROLE_HEADING] = A_BOLD;
	r[ROLE_CURRENT] = A_REVERSE | A_BOLD;
	r[ROLE_BADGE] = A_BOLD;
	r[ROLE_SELECTED] = A_REVERSE;
	r[ROLE_FIELD] = A_UNDERLINE;
	r[ROLE_ERROR] = A_BOLD;
	r[ROLE_WARNING] = A_BOLD;
	r[ROLE_NEGATIVE] = A_NORMAL;
	r[ROLE_CHART] = A_NORMAL;
	bkgdset(' ' | A_NORMAL);
	if (!colour)
		return;
	if (theme == 0) {
		r[ROLE_HEADING] |= COLOR_PAIR(P_CYAN);
		r[ROLE_BADGE] |= COLOR_PAIR(P_MAGENTA);
		r[ROLE_ERROR] |= COLOR_PAIR(P_RED);
		r[ROLE_WARNING] |= COLOR_PAIR(P_YELLOW);
		r[ROLE_NEGATIVE] |= COLOR_PAIR(P_RED);
		r[ROLE_CHART] |= COLOR_PAIR(P_GREEN);
	} else {
		/* High contrast: white on black, bold where it matters, yellow for alarms. */
		bkgdset(' ' | COLOR_PAIR(P_HC_NORMAL));
		r[ROLE_HEADING] |= A_UNDERLINE;
		r[ROLE_SELECTED] |= A_BOLD;
		r[ROLE_FIELD] |= A_BOLD;
		r[ROLE_BADGE] |= A_REVERSE;
		r[ROLE_ERROR] |= COLOR_PAIR(P_HC_ALERT);
		r[ROLE_WARNING] |= COLOR_PAIR(P_HC_ALERT);
		r[ROLE_NEGATIVE] |= A_BOLD;
		r[ROLE_CHART] |= A_BOLD;
	}
}

/* In screen-reader mode text is plain: every state is in words, the
 * selection is where the cursor is, and an attribute under the cursor would
 * only be announced ("has attribute"). */
void ui_on(struct app *a, enum role role)
{
	if (!a->reader)
		attron(a->attrs[role]);
}

void ui_off(struct app *a, enum role role)
{
	if (!a->reader)
		attroff(a->attrs[role]);
}
