/* field.c: a one-line text field: typing, Backspace/Delete, Left/Right,
 * Home/End, C-u to clear; the hardware cursor sits at the insertion point. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

/* The start of the character before byte pos. */
static size_t prev_char(const struct field *f, size_t pos)
{
	while (pos > 0 && ((unsigned char)f->buf[--pos] & 0xC0) == 0x80)
		;
	return pos;
}

static size_t next_char(const struct field *f, size_t pos)
{
	if (pos < f->len)
		pos++;
	while (pos < f->len && ((unsigned char)f->buf[pos] & 0xC0) == 0x80)
		pos++;
	return pos;
}

void field_clear(struct field *f)
{
	explicit_bzero(f->buf, sizeof f->buf);
	f->len = f->pos = 0;
}

void field_set(struct field *f, const char *s)
{
	field_clear(f);
	snprintf(f->buf, sizeof f->buf, "%s", s);
	f->len = f->pos = strlen(f->buf);
}

bool field_key(struct field *f, const struct key *k)
{
	char mb[MB_LEN_MAX];
	int n;

	if (k->is_key) {
		switch (k->ch) {
		case KEY_LEFT:
			f->pos = prev_char(f, f->pos);
			return true;
		case KEY_RIGHT:
			f->pos = next_char(f, f->pos);
			return true;
		case KEY_HOME:
			f->pos = 0;
			return true;
		case KEY_END:
			f->pos = f->len;
			return true;
		case KEY_BACKSPACE:
			goto backspace;
		case KEY_DC:
			if (f->pos < f->len) {
				size_t e = next_char(f, f->pos);
				memmove(f->buf + f->pos, f->buf + e, f->len - e + 1);
				f->len -= e - f->pos;
			}
			return true;
		default:
			return false;
		}
	}
	if (k->ch == 127 || k->ch == 8) {
	backspace:
		if (f->pos > 0) {
			size_t s = prev_char(f, f->pos);
			memmove(f->buf + s, f->buf + f->pos, f->len - f->pos + 1);
			f->len -= f->pos - s;
			f->pos = s;
		}
		return true;
	}
	if (k->ch == 21) { /* C-u */
		field_clear(f);
		return true;
	}
	if (k->ch < ' ' || k->ch == 127)
		return false;
	n = wctomb(mb, (wchar_t)k->ch);
	if (n <= 0 || f->len + (size_t)n >= sizeof f->buf)
		return true; /* full, or not a character here: swallowed */
	memmove(f->buf + f->pos + n, f->buf + f->pos, f->len - f->pos + 1);
	memcpy(f->buf + f->pos, mb, (size_t)n);
	f->len += (size_t)n;
	f->pos += (size_t)n;
	return true;
}

void field_draw(struct app *a, struct field *f, int y, int x, int w)
{
	char before[sizeof f->buf];
	const char *tail;
	int bw;

	/* What the person types is shown as typed, even in privacy mode: the
	 * cursor's place is measured on it. */
	const char *mask = ui_privacy(NULL);
	bool speech = ui_speech(false);

	snprintf(before, sizeof before, "%.*s", (int)f->pos, f->buf);
	bw = text_width(before);
	ui_on(a, ROLE_FIELD);
	if (bw >= w) {
		/* Scrolled: the text before the insertion point, its second half,
		 * from a character's start, ends at the right edge. */
		tail = before + strlen(before) / 2;
		while (((unsigned char)*tail & 0xC0) == 0x80)
			tail++;
		ui_text(y, x, w, tail, 1);
		ui_off(a, ROLE_FIELD);
		ui_focus(a, y, x + w - 1);
		ui_privacy(mask);
		ui_speech(speech);
		return;
	}
	ui_text(y, x, w, f->buf, 0);
	ui_off(a, ROLE_FIELD);
	ui_privacy(mask);
	ui_speech(speech);
	ui_focus(a, y, x + bw);
}
