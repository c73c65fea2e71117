/* table.c: aligned text tables by display width. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "table.h"
#include "text.h"
#include "xalloc.h"

struct table {
	int ncols;
	char **cells; /* rows * ncols, row 0 the headers; sanitized */
	size_t rows, cap;
	int *width;
	bool *right;
};

static void add(struct table *t, const char *const *cells)
{
	if (t->rows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->cells = xrealloc(t->cells, t->cap * (size_t)t->ncols * sizeof *t->cells);
	}
	for (int i = 0; i < t->ncols; i++) {
		const char *c = cells[i] ? cells[i] : "";
		char *s = text_sanitize(c, strlen(c), 0);
		int w = text_width(s);
		t->cells[t->rows * (size_t)t->ncols + (size_t)i] = s;
		if (w > t->width[i])
			t->width[i] = w;
	}
	t->rows++;
}

struct table *table_new(int ncols, const char *const *headers, const bool *right)
{
	struct table *t = xcalloc(1, sizeof *t);

	t->ncols = ncols;
	t->width = xcalloc((size_t)ncols, sizeof *t->width);
	t->right = xcalloc((size_t)ncols, sizeof *t->right);
	if (right)
		memcpy(t->right, right, (size_t)ncols * sizeof *right);
	add(t, headers);
	return t;
}

void table_add(struct table *t, const char *const *cells)
{
	add(t, cells);
}

void table_print(const struct table *t, FILE *to)
{
	for (size_t r = 0; r < t->rows; r++) {
		for (int i = 0; i < t->ncols; i++) {
			const char *s = t->cells[r * (size_t)t->ncols + (size_t)i];
			int pad = t->width[i] - text_width(s);
			bool last = i == t->ncols - 1;
			if (t->right[i])
				fprintf(to, "%*s%s", pad, "", s);
			else
				fprintf(to, "%s%*s", s, last ? 0 : pad, "");
			if (!last)
				fputs("  ", to);
		}
		fputc('\n', to);
	}
}

void table_free(struct table **t)
{
	if (!*t)
		return;
	for (size_t i = 0; i < (*t)->rows * (size_t)(*t)->ncols; i++)
		free((*t)->cells[i]);
	free((*t)->cells);
	free((*t)->width);
	free((*t)->right);
	free(*t);
	*t = NULL;
}
