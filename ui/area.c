/* area.c: a text field of several lines (a message to the bank): typing,
 * Enter for a new line, Backspace/Delete, the arrows by character and by
 * row, Home/End within a row.  The text wraps at the field's width, a row
 * broken at a space where it can be; the rows the insertion point is on stay
 * in sight, and the hardware cursor sits at it.  What is typed is never
 * changed by what arrives from the bank meanwhile: the field is the
 * screen's own, and nothing but a key edits it. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

void area_clear(struct area *ar)
{
	explicit_bzero(ar->buf, sizeof ar->buf);
	ar->len = ar->pos = 0;
	ar->top = 0;
}

/* The characters (code points) of the text. */
long area_chars(const struct area *ar)
{
	long n = 0;

	for (size_t i = 0; i < ar->len; i++)
		n += ((unsigned char)ar->buf[i] & 0xC0) != 0x80;
	return n;
}

static size_t prev_char(const struct area *ar, size_t pos)
{
	while (pos > 0 && ((unsigned char)ar->buf[--pos] & 0xC0) == 0x80)
		;
	return pos;
}

static size_t next_char(const struct area *ar, size_t pos)
{
	if (pos < ar->len)
		pos++;
	while (pos < ar->len && ((unsigned char)ar->buf[pos] & 0xC0) == 0x80)
		pos++;
	return pos;
}

/* The display width of the character at byte i (its bytes in *n). */
static int char_width(const struct area *ar, size_t i, size_t *n)
{
	char one[8];
	size_t e = next_char(ar, i);

	*n = e - i;
	snprintf(one, sizeof one, "%.*s", (int)(e - i), ar->buf + i);
	return text_width(one);
}

/* The rows the text takes at width w: row r spans bytes [start[r], start[r+1])
 * (a newline ends its row and belongs to it).  Returns the count; at most max
 * are recorded, the rest counted. */
static int layout(const struct area *ar, int w, size_t *start, int max)
{
	int rows = 0, col = 0;
	size_t i = 0, space = SIZE_MAX;

	if (w < 1)
		w = 1;
	if (max > 0)
		start[0] = 0;
	rows = 1;
	while (i < ar->len) {
		size_t n;
		int cw;
		if (ar->buf[i] == '\n') {
			i++;
			if (rows < max)
				start[rows] = i;
			rows++;
			col = 0;
			space = SIZE_MAX;
			continue;
		}
		cw = char_width(ar, i, &n);
		if (col + cw > w) {
			/* Broken after the row's last space, or in the word when it has none. */
			size_t at = space != SIZE_MAX ? space : i;
			if (rows < max)
				start[rows] = at;
			rows++;
			col = 0;
			space = SIZE_MAX;
			i = at;
			continue;
		}
		col += cw;
		i += n;
		if (ar->buf[i - 1] == ' ')
			space = i;
	}
	return rows;
}

#define AREA_ROWS_MAX (AREA_MAX / 2 + 2)

/* Row and column of byte pos. */
static void where(const struct area *ar, const size_t *start, int rows, size_t pos, int *row, int *col)
{
	int r = 0;

	while (r + 1 < rows && start[r + 1] <= pos)
		r++;
	*row = r;
	*col = 0;
	for (size_t i = start[r]; i < pos;) {
		size_t n;
		*col += char_width(ar, i, &n);
		i += n;
	}
}

/* The byte of row r nearest to column col (never past the row's end). */
static size_t at_col(const struct area *ar, const size_t *start, int rows, int r, int col)
{
	size_t end = r + 1 < rows ? start[r + 1] : ar->len, i = start[r];
	int c = 0;

	/* A newline, or the space a row was broken after, is not a place in the row. */
	if (end > start[r] && r + 1 < rows && (ar->buf[end - 1] == '\n'))
		end--;
	while (i < end) {
		size_t n;
		int cw = char_width(ar, i, &n);
		if (c + cw > col)
			break;
		c += cw;
		i += n;
	}
	return i;
}

static size_t *rows_of(const struct area *ar, int w, int *rows)
{
	static size_t start[AREA_ROWS_MAX];

	*rows = layout(ar, w, start, AREA_ROWS_MAX);
	if (*rows > AREA_ROWS_MAX)
		*rows = AREA_ROWS_MAX;
	return start;
}

bool area_key(struct area *ar, const struct key *k, int w, long max_chars)
{
	char mb[MB_LEN_MAX];
	int n;

	if (k->is_key) {
		int rows, row, col;
		size_t *start;
		switch (k->ch) {
		case KEY_LEFT:
			ar->pos = prev_char(ar, ar->pos);
			return true;
		case KEY_RIGHT:
			ar->pos = next_char(ar, ar->pos);
			return true;
		case KEY_UP:
		case KEY_DOWN:
		case KEY_HOME:
		case KEY_END:
			start = rows_of(ar, w, &rows);
			where(ar, start, rows, ar->pos, &row, &col);
			if (k->ch == KEY_HOME)
				ar->pos = start[row];
			else if (k->ch == KEY_END)
				ar->pos = at_col(ar, start, rows, row, INT_MAX);
			else if (k->ch == KEY_UP && row > 0)
				ar->pos = at_col(ar, start, rows, row - 1, col);
			else if (k->ch == KEY_DOWN && row + 1 < rows)
				ar->pos = at_col(ar, start, rows, row + 1, col);
			else
				return false; /* past the first or last row: the screen's (to leave the field) */
			return true;
		case KEY_BACKSPACE:
			goto backspace;
		case KEY_DC:
			if (ar->pos < ar->len) {
				size_t e = next_char(ar, ar->pos);
				memmove(ar->buf + ar->pos, ar->buf + e, ar->len - e + 1);
				ar->len -= e - ar->pos;
			}
			return true;
		case KEY_ENTER:
			goto newline;
		default:
			return false;
		}
	}
	if (k->ch == 127 || k->ch == 8) {
	backspace:
		if (ar->pos > 0) {
			size_t s = prev_char(ar, ar->pos);
			memmove(ar->buf + s, ar->buf + ar->pos, ar->len - ar->pos + 1);
			ar->len -= ar->pos - s;
			ar->pos = s;
		}
		return true;
	}
	if (k->ch == '\r' || k->ch == '\n') {
	newline:
		mb[0] = '\n';
		n = 1;
	} else {
		if (k->ch < ' ' || k->ch == 127 || (k->ch >= 0x80 && k->ch < 0xA0))
			return false;
		n = wctomb(mb, (wchar_t)k->ch);
		if (n <= 0)
			return true; /* not a character here: swallowed */
	}
	if (ar->len + (size_t)n >= sizeof ar->buf || area_chars(ar) >= max_chars)
		return true; /* full: the screen says so */
	memmove(ar->buf + ar->pos + n, ar->buf + ar->pos, ar->len - ar->pos + 1);
	memcpy(ar->buf + ar->pos, mb, (size_t)n);
	ar->len += (size_t)n;
	ar->pos += (size_t)n;
	return true;
}

void area_draw(struct app *a, struct area *ar, int y, int x, int w, int h, bool focused)
{
	int rows, row, col;
	size_t *start = rows_of(ar, w, &rows);
	/* What the person types is shown as typed, even in privacy mode. */
	const char *mask = ui_privacy(NULL);
	bool speech = ui_speech(false);

	where(ar, start, rows, ar->pos, &row, &col);
	if (row < ar->top)
		ar->top = row;
	if (row >= ar->top + h)
		ar->top = row - h + 1;
	if (ar->top > rows - 1)
		ar->top = rows - 1;
	if (ar->top < 0)
		ar->top = 0;
	ui_on(a, ROLE_FIELD);
	for (int i = 0; i < h; i++) {
		int r = ar->top + i;
		char line[AREA_MAX];
		size_t b, e;
		if (r >= rows) {
			ui_text(y + i, x, w, "", 0);
			continue;
		}
		b = start[r];
		e = r + 1 < rows ? start[r + 1] : ar->len;
		if (e > b && ar->buf[e - 1] == '\n')
			e--;
		snprintf(line, sizeof line, "%.*s", (int)(e - b), ar->buf + b);
		ui_text(y + i, x, w, line, 0);
	}
	ui_off(a, ROLE_FIELD);
	ui_privacy(mask);
	ui_speech(speech);
	if (focused)
		ui_focus(a, y + row - ar->top, x + (col < w ? col : w - 1));
}
