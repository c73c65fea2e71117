/* list.c: the one list widget.  It knows only a count, a selection and the
 * first row shown; each screen draws its rows from whatever it holds (a
 * window of server pages for transactions), so nothing here needs the
 * whole data set. */
#include "config.h"

#include "tui.h"

void list_clamp(struct list *l)
{
	if (l->sel >= l->count)
		l->sel = l->count - 1;
	if (l->sel < 0)
		l->sel = 0;
	if (l->height > 0) {
		if (l->sel < l->top)
			l->top = l->sel;
		if (l->sel >= l->top + l->height)
			l->top = l->sel - l->height + 1;
	}
	if (l->top > l->sel)
		l->top = l->sel;
	if (l->top < 0)
		l->top = 0;
}

bool list_key(struct list *l, enum action act)
{
	long page = l->height > 1 ? l->height - 1 : 1;

	switch (act) {
	case ACT_UP:
		l->sel--;
		break;
	case ACT_DOWN:
		l->sel++;
		break;
	case ACT_PAGE_UP:
		l->sel -= page;
		l->top -= page;
		break;
	case ACT_PAGE_DOWN:
		l->sel += page;
		l->top += page;
		if (l->top > l->count - l->height)
			l->top = l->count - l->height;
		break;
	case ACT_FIRST:
		l->sel = 0;
		break;
	case ACT_LAST:
		l->sel = l->count - 1;
		break;
	default:
		return false;
	}
	list_clamp(l);
	return true;
}

void list_draw(struct app *a, struct list *l, int y, int x, int h, int w,
	       void (*draw_row)(struct app *a, void *ctx, long i, int y, int x, int w, bool sel), void *ctx)
{
	l->height = h;
	list_clamp(l);
	for (int r = 0; r < h && l->top + r < l->count; r++) {
		long i = l->top + r;
		bool sel = i == l->sel;
		/* The selection is marked in text too ('>'), not only in reverse
		 * video.  For a screen reader it is the cursor alone: a moved
		 * marker changes two rows, and both would be read. */
		if (sel)
			ui_on(a, ROLE_SELECTED);
		mvaddstr(y + r, x, sel && !a->reader ? ">" : " ");
		draw_row(a, ctx, i, y + r, x + 2, w - 2, sel);
		if (sel) {
			ui_off(a, ROLE_SELECTED);
			ui_focus(a, y + r, x);
		}
	}
}

void list_more(struct app *a, const struct list *l, int y, int x, int w)
{
	long above = l->top, below = l->count - (l->top + l->height);
	char line[200];

	(void)a;
	if (above > 0 && below > 0)
		/* L10N: under a list that does not fit: the rows out of sight (at least 1 each). */
		snprintf(line, sizeof line, _("%ld more above, %ld more below"), above, below);
	else if (below > 0)
		snprintf(line, sizeof line, ngettext("%ld more below", "%ld more below", (unsigned long)below), below);
	else if (above > 0)
		snprintf(line, sizeof line, ngettext("%ld more above", "%ld more above", (unsigned long)above), above);
	else
		return;
	ui_label(y, x, w, line, 0);
}

bool list_find(struct list *l, bool (*holds)(struct app *a, long i, const char *needle), struct app *a,
	       const char *needle)
{
	for (long k = 1; k <= l->count; k++) {
		long i = (l->sel + k) % l->count;
		if (holds(a, i, needle)) {
			l->sel = i;
			list_clamp(l);
			return true;
		}
	}
	return false;
}
