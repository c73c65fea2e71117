/* walk.c: see walk.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "walk.h"
#include "xalloc.h"

void walk_start(struct walk *w, long limit)
{
	memset(w, 0, sizeof *w);
	w->limit = limit > 0 ? limit : 1;
	w->total = -1;
}

long walk_limit(struct walk *w, long want)
{
	long cap = w->max > 0 ? (w->max < WALK_PAGE_MAX ? w->max : WALK_PAGE_MAX) : w->limit;

	want = want < 1 ? 1 : want < cap ? want : cap;
	/* The total's check allows a page more: the largest one asked. */
	if (want > w->limit)
		w->limit = want;
	return want;
}

static size_t hash(const char *s)
{
	size_t h = 1469598103934665603u; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* Adds s to the set; false when it was there already. */
static bool add_new(struct walk *w, const char *s)
{
	size_t i;

	if (2 * (w->nseen + 1) > w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 64;
		char **seen = xcalloc(cap, sizeof *seen);
		for (size_t j = 0; j < w->cap; j++)
			if (w->seen[j]) {
				for (i = hash(w->seen[j]) % cap; seen[i]; i = (i + 1) % cap)
					;
				seen[i] = w->seen[j];
			}
		free(w->seen);
		w->seen = seen;
		w->cap = cap;
	}
	for (i = hash(s) % w->cap; w->seen[i]; i = (i + 1) % w->cap)
		if (!strcmp(w->seen[i], s))
			return false;
	w->seen[i] = xstrdup(s);
	w->nseen++;
	return true;
}

bool walk_next(struct walk *w, const struct api_txn_page *page, char *why, size_t len)
{
	w->pages++;
	w->rows += (long long)page->n;
	if (w->pages == 1)
		w->total = page->total;
	if (page->max_limit > 0)
		w->max = page->max_limit > WALK_PAGE_MAX ? WALK_PAGE_MAX : (long)page->max_limit;
	w->empty = page->n ? 0 : w->empty + 1;
	if (!*page->next_cursor)
		return true;
	if (!add_new(w, page->next_cursor)) {
		/* L10N: the bank's pages of a history lead back to one already read. */
		snprintf(why, len, "%s", _("its pages go round in a circle (a cursor came back)"));
		return false;
	}
	/* Rows may arrive while the walk goes on: a page more than the total is allowed. */
	if (w->total >= 0 && w->rows > w->total + w->limit) {
		/* L10N: the first number is how many rows were read, the second how many the bank said there are. */
		snprintf(why, len, _("it gave %lld rows and more, after saying there are %lld"), w->rows, (long long)w->total);
		return false;
	}
	if (w->empty >= 3) {
		/* L10N: the bank keeps sending empty pages of a history, each saying more follow. */
		snprintf(why, len, "%s", _("it gave empty pages, each saying more follow"));
		return false;
	}
	return true;
}

void walk_end(struct walk *w)
{
	for (size_t i = 0; i < w->cap; i++)
		free(w->seen[i]);
	free(w->seen);
	memset(w, 0, sizeof *w);
}
