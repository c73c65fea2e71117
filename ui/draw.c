/* draw.c: the few ways text reaches the screen.  Everything from the bank
 * goes through ui_text, which sanitizes it (text_sanitize) and fits it to
 * its columns by display width, so an escape sequence in a payee's name is
 * shown as nothing and a CJK name never pushes a column out of line. */
#include "config.h"

#include <ctype.h>
#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json.h"
#include "tui.h"
#include "view.h"

/* Privacy mode's mask, for this frame: every amount in text drawn is hidden (NULL: shown). */
static const char *privacy_mask;

const char *ui_privacy(const char *mask)
{
	const char *was = privacy_mask;

	privacy_mask = mask;
	return was;
}

/* Screen-reader mode, for this frame: signs and days written to be heard. */
static bool for_speech;

bool ui_speech(bool on)
{
	bool was = for_speech;

	for_speech = on;
	return was;
}

/* Days written "2026-11-24" read "2026 dash 11 dash 24": the long form instead. */
static char *days_spoken(const char *s)
{
	size_t len = strlen(s), cap = len + 1, o = 0;
	char *out;

	cap += len * 4; /* "2026-11-24" (10) becomes at most ~40 bytes */
	out = xmalloc(cap);
	for (size_t i = 0; i < len;) {
		int yy, mm, dd;
		if (i + 10 <= len && (i == 0 || !isdigit((unsigned char)s[i - 1])) &&
		    (i + 10 == len || !isdigit((unsigned char)s[i + 10])) && s[i + 4] == '-' && s[i + 7] == '-' &&
		    sscanf(s + i, "%4d-%2d-%2d", &yy, &mm, &dd) == 3 && mm >= 1 && mm <= 12 && dd >= 1 && dd <= 31) {
			struct tm tm = { .tm_year = yy - 1900, .tm_mon = mm - 1, .tm_mday = dd };
			char day[64];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
			/* L10N: a day as a screen reader should say it, in strftime(3) form ("24 Nov 2026"; short: it is a column). */
			/* xgettext:no-c-format */
			size_t n = strftime(day, sizeof day, _("%e %b %Y"), &tm);
#pragma GCC diagnostic pop
			const char *d = day;
			while (*d == ' ')
				d++;
			if (n && o + strlen(d) < cap) {
				memcpy(out + o, d, strlen(d));
				o += strlen(d);
				i += 10;
				continue;
			}
		}
		out[o++] = s[i++];
	}
	out[o] = '\0';
	return out;
}

bool ui_utf8(void)
{
	/* Asked once: the locale's character set is chosen at start and stays. */
	static int utf8 = -1;

	if (utf8 < 0) {
		utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
		text_set_ascii(!utf8);
	}
	return utf8;
}

/* Text made safe for the terminal, amounts masked in privacy mode, and in
 * screen-reader mode written to be heard. */
static char *displayable(const char *s)
{
	char *safe = text_sanitize(s ? s : "", s ? strlen(s) : 0, 0);
	/* A terminal whose locale is not UTF-8 shows "…" as "~@": ASCII there. */
	bool ascii = !ui_utf8();

	if (privacy_mask) {
		char *masked = text_mask_amounts(safe, privacy_mask);
		free(safe);
		safe = masked;
	}
	if (for_speech) {
		/* L10N: words a screen reader says for a sign and for "%" ("minus 318.55 USD", "5 percent"). */
		char *spoken = text_speakable(safe, _("minus"), _("plus"), _("percent")), *days;
		free(safe);
		days = days_spoken(spoken);
		free(spoken);
		safe = days;
	}
	if (ascii) {
		char *plain = text_ascii(safe);
		free(safe);
		safe = plain;
	}
	return safe;
}

/* Untrusted text made displayable, fitted to w columns at (y, x) by fit:
 * cut at its end and padded (text_fit), or cut in its middle (a name). */
static void draw_fitted(int y, int x, int w, const char *s, int align_right, bool middle)
{
	char *safe, *fit;
	size_t cap;

	if (w <= 0 || y < 0 || y >= LINES || x >= COLS)
		return;
	if (x + w > COLS)
		w = COLS - x;
	safe = displayable(s);
	cap = strlen(safe) + (size_t)w * 4 + 8;
	fit = xmalloc(cap);
	if (middle)
		text_truncate_middle(safe, w, fit, cap);
	else
		text_fit(safe, w, align_right, fit, cap);
	mvaddstr(y, x, fit);
	free(fit);
	free(safe);
}

void ui_text(int y, int x, int w, const char *s, int align_right)
{
	draw_fitted(y, x, w, s, align_right, false);
}

void ui_name(int y, int x, int w, const char *s)
{
	draw_fitted(y, x, w, s, 0, true);
}

int ui_field_label(int y, int x, const char *label)
{
	int lw = text_width(label);

	ui_label(y, x, lw, label, 0);
	return x + lw + 1;
}

int ui_wider(const char *a, const char *b)
{
	return text_width(a) > text_width(b) ? text_width(a) : text_width(b);
}

void ui_focus(struct app *a, int y, int x)
{
	a->cur_y = y;
	a->cur_x = x;
}

void ui_rule(struct app *a, int y, int x, int w)
{
	/* A real character (not the alternate character set): it reads the same
	 * in a snapshot and a braille line.  A screen reader would say "line
	 * line line": its rule is blank space. */
	bool utf8 = ui_utf8();

	if (w <= 0 || y < 0 || y >= LINES || a->reader)
		return;
	move(y, x);
	for (int i = 0; i < w && x + i < COLS; i++)
		addstr(utf8 ? "─" : "-");
}

const char *ui_mask(const struct app *a)
{
	/* L10N: in screen-reader mode, what privacy mode says instead of a balance or account number. */
	return a->reader ? _("hidden") : "•••••";
}

void ui_account_number(const struct app *a, const char *iban, char *out, size_t len)
{
	char masked[64];
	const char *tail;

	if (a->privacy) {
		snprintf(out, len, "%s", ui_mask(a));
		return;
	}
	iban_mask(iban, 0, masked, sizeof masked);
	tail = strchr(masked, ' ');
	if (a->reader)
		/* L10N: screen-reader mode's masked account number: its last four characters. */
		snprintf(out, len, _("ending %s"), tail ? tail + 1 : "");
	else
		snprintf(out, len, "%s", masked);
}

void ui_loading(struct app *a, int y, int x)
{
	(void)a;
	/* L10N: shown where data will appear while the bank answers. */
	ui_label(y, x, COLS - x, _("Loading…"), 0);
}

/* The end of the line of p that fits in w columns: after the last space
 * that fits, or as many characters as fit (at least one). */
static const char *wrap_line(const char *p, int w)
{
	const char *brk = NULL, *q = p;
	int used = 0;

	while (*q) {
		uint32_t cp;
		size_t n = utf8_decode(q, strlen(q), &cp);
		char one[5];
		if (!n)
			n = 1;
		snprintf(one, sizeof one, "%.*s", (int)n, q);
		int cw = text_width(one);
		if (used + cw > w)
			break;
		used += cw;
		q += n;
		if (*q == ' ')
			brk = q;
	}
	if (*q && brk && brk > p)
		q = brk;
	if (q == p) /* a character wider than the line */
		q = p + 1;
	return q;
}

/* Draws s wrapped from row y (when draw), or only counts its rows. */
static int wrap(bool draw, int y, int x, int w, int maxrows, const char *s)
{
	char *safe = displayable(s);
	const char *p = safe;
	int rows = 0;

	while (*p && rows < maxrows && w > 4) {
		char line[1024];
		const char *q = wrap_line(p, w);
		snprintf(line, sizeof line, "%.*s", (int)(q - p), p);
		if (!draw) {
			/* counted only */
		} else if (rows == maxrows - 1 && *q) {
			char fit[1100];
			text_truncate(p, w, NULL, fit, sizeof fit);
			mvaddstr(y + rows, x, fit);
		} else {
			mvaddstr(y + rows, x, line);
		}
		rows++;
		p = q;
		while (*p == ' ')
			p++;
	}
	free(safe);
	return rows;
}

int ui_wrap(int y, int x, int w, int maxrows, const char *s)
{
	return wrap(true, y, x, w, maxrows, s);
}

int ui_wrap_rows(int w, const char *s)
{
	return wrap(false, 0, 0, w, INT_MAX, s);
}

void app_format_money(const struct app *a, const struct money *m, unsigned flags, char *out, size_t len)
{
	if (a->privacy) {
		/* L10N: an amount hidden by privacy mode: the mask, then the currency code. */
		snprintf(out, len, _("%s %s"), ui_mask(a), m->currency);
		return;
	}
	if (money_format(m, &a->c->nf, flags | MONEY_FMT_CODE, out, len) != MONEY_OK)
		snprintf(out, len, "? %s", m->currency);
}

void ui_money(struct app *a, int y, int x, int w, const struct money *m, unsigned flags)
{
	char buf[MONEY_FMT_MAX + 16];

	app_format_money(a, m, flags, buf, sizeof buf);
	/* The minus sign says it; the colour only repeats it. */
	if (m->minor < 0 && !a->privacy)
		ui_on(a, ROLE_NEGATIVE);
	ui_label(y, x, w, buf, 1);
	ui_off(a, ROLE_NEGATIVE);
}

bool ui_json_holds(struct app *a, json_object *o, const char *needle)
{
	struct money m;

	switch (json_object_get_type(o)) {
	case json_type_string:
		return text_contains(json_object_get_string(o), needle);
	case json_type_int: {
		char num[32];
		snprintf(num, sizeof num, "%lld", (long long)json_object_get_int64(o));
		return text_contains(num, needle);
	}
	case json_type_array:
		for (size_t i = 0; i < json_object_array_length(o); i++)
			if (ui_json_holds(a, json_object_array_get_idx(o, i), needle))
				return true;
		return false;
	case json_type_object: {
		/* Braced: the macro declares its variables (a case label cannot precede a declaration). */
		json_object_object_foreach(o, key, value) {
			char text[64];
			if (!json_object_is_type(value, json_type_object) ||
			    !json_object_object_get_ex(value, "minor", NULL)) {
				if (ui_json_holds(a, value, needle))
					return true;
			} else if (!a->privacy && jmoney(o, key, &m) && money_format_plain(&m, text, sizeof text) == MONEY_OK &&
				   text_contains(text, needle)) {
				/* An amount as it is shown ("101.41"); not while privacy mode hides it. */
				return true;
			}
		}
		return false;
	}
	default:
		return false;
	}
}

/* Whether dates are written the ISO 8601 way: the locale has none of its own (C, POSIX). */
static bool locale_plain(void)
{
	const char *lt = setlocale(LC_TIME, NULL);

	return !lt || !strcmp(lt, "C") || !strcmp(lt, "POSIX") || !strncmp(lt, "C.", 2);
}

void ui_day(const char *rfc3339, char out[UI_DAY_MAX])
{
	struct tm tm = { 0 };
	int yy, mm, dd;

	snprintf(out, UI_DAY_MAX, "%.10s", rfc3339 ? rfc3339 : "");
	if (!rfc3339 || locale_plain() || sscanf(rfc3339, "%4d-%2d-%2d", &yy, &mm, &dd) != 3 || mm < 1 || mm > 12 ||
	    dd < 1 || dd > 31)
		return;
	tm.tm_year = yy - 1900;
	tm.tm_mon = mm - 1;
	tm.tm_mday = dd;
	/* The locale's own format (D_FMT), not one of ours, but always with the
	 * whole year: "%y" (es_ES's "30/11/26") is ambiguous. */
	{
		char fmt[64];
		snprintf(fmt, sizeof fmt, "%s", nl_langinfo(D_FMT));
		for (char *p = fmt; (p = strstr(p, "%y")); p += 2)
			p[1] = 'Y';
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		if (!strftime(out, UI_DAY_MAX, fmt, &tm))
#pragma GCC diagnostic pop
			snprintf(out, UI_DAY_MAX, "%.10s", rfc3339);
	}
}

void ui_month(const char *yyyy_mm, char out[UI_DAY_MAX])
{
	struct tm tm = { 0 };
	int yy, mm;

	snprintf(out, UI_DAY_MAX, "%.7s", yyyy_mm ? yyyy_mm : "");
	if (!yyyy_mm || locale_plain() || sscanf(yyyy_mm, "%4d-%2d", &yy, &mm) != 2 || mm < 1 || mm > 12)
		return;
	tm.tm_year = yy - 1900;
	tm.tm_mon = mm - 1;
	tm.tm_mday = 1;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	/* L10N: a month and its year, as strftime(3) writes it ("November 2026"; ja: "%Y年%m月"). */
	/* xgettext:no-c-format */
	if (!strftime(out, UI_DAY_MAX, _("%B %Y"), &tm))
#pragma GCC diagnostic pop
		snprintf(out, UI_DAY_MAX, "%.7s", yyyy_mm);
}

int ui_day_width(void)
{
	char day[UI_DAY_MAX];
	int most = 0;

	/* Two-digit day and month: the widest a numeric date gets. */
	ui_day("2026-12-28", day);
	if (!for_speech)
		return text_width(day);
	/* Said as words, the month's name counts: the widest of the twelve. */
	for (int m = 1; m <= 12; m++) {
		char iso[16], *spoken;
		snprintf(iso, sizeof iso, "2026-%02d-28", m);
		ui_day(iso, day);
		spoken = days_spoken(day);
		if (text_width(spoken) > most)
			most = text_width(spoken);
		free(spoken);
	}
	return most;
}

/* --- reading checked answers ------------------------------------------------------ */

/* Walks "a.b" to the value; NULL when any step is absent or null. */
static json_object *at(json_object *o, const char *path)
{
	char step[64];
	const char *dot;

	while (o && (dot = strchr(path, '.'))) {
		snprintf(step, sizeof step, "%.*s", (int)(dot - path), path);
		if (!json_object_object_get_ex(o, step, &o))
			return NULL;
		path = dot + 1;
	}
	if (!o || !json_object_object_get_ex(o, path, &o))
		return NULL;
	return o;
}

const char *jstr(json_object *o, const char *name)
{
	json_object *v = at(o, name);
	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "";
}

int64_t jint(json_object *o, const char *name)
{
	json_object *v = at(o, name);
	return v && json_object_is_type(v, json_type_int) ? json_object_get_int64(v) : 0;
}

bool jbool(json_object *o, const char *name)
{
	json_object *v = at(o, name);
	return v && json_object_is_type(v, json_type_boolean) && json_object_get_boolean(v);
}

bool jmoney(json_object *o, const char *name, struct money *out)
{
	struct json_error err;
	const char *dot = strrchr(name, '.');
	char parent[96];

	memset(out, 0, sizeof *out);
	if (dot) {
		snprintf(parent, sizeof parent, "%.*s", (int)(dot - name), name);
		o = at(o, parent);
		name = dot + 1;
	}
	return o && json_get_money(o, NULL, name, 0, out, &err) == JSON_OK;
}

json_object *jarr(json_object *o, const char *name)
{
	json_object *v = at(o, name);
	return v && json_object_is_type(v, json_type_array) ? v : NULL;
}

json_object *jat(json_object *array, long i)
{
	return array && i >= 0 && (size_t)i < json_object_array_length(array) ? json_object_array_get_idx(array, i)
										 : NULL;
}

bool ui_accept(struct app *a, struct req *r, const struct view_column *cols, int ncols, const char *what,
	       const char *array, json_object **slot)
{
	struct api_error err = { 0 };

	if (!r->ok || !view_check(cols, ncols, what, r->doc, array, &err)) {
		/* Esc cancelled it: the user knows, and "Cancelled." is already said. */
		if (r->err.transport != HTTP_ERR_CANCELLED)
			app_error(a, r->ok ? &err : &r->err);
		return false;
	}
	if (*slot)
		json_object_put(*slot);
	*slot = json_object_get(r->doc);
	return true;
}
