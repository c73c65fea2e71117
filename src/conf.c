/* conf.c: the declarative config: one table of settings, one line parser,
 * errors as "file:line: what is wrong" that never stop the rest loading. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "i18n.h"
#include "text.h"
#include "xalloc.h"

#define LINE_MAX_LEN 4096
#define FILE_MAX_BYTES (1u << 20)

enum type { T_STRING, T_URL, T_PATH, T_ENUM, T_INT, T_BOOL, T_DURATION };

/* Every profile setting.  The manual bankterm.conf(5) lists the same. */
static const struct setting {
	const char *name;
	enum type type;
	const char *def;
	const char *values; /* T_ENUM: "a|b|c"; T_INT, T_DURATION: "min max" (T_DURATION in seconds) */
	size_t offset;      /* in struct profile */
} settings[] = {
	{ "server", T_URL, NULL, NULL, offsetof(struct profile, server) },
	{ "user", T_STRING, NULL, NULL, offsetof(struct profile, user) },
	{ "cacert", T_PATH, NULL, NULL, offsetof(struct profile, cacert) },
	{ "password_command", T_STRING, NULL, NULL, offsetof(struct profile, password_command) },
	{ "language", T_STRING, NULL, NULL, offsetof(struct profile, language) },
	{ "theme", T_ENUM, "default", "default|high-contrast|monochrome", offsetof(struct profile, theme) },
	{ "idle_lock", T_DURATION, "300", "0 86400", offsetof(struct profile, idle_lock) },
	{ "screen_reader", T_BOOL, "no", NULL, offsetof(struct profile, screen_reader) },
	{ "live_alerts", T_BOOL, "yes", NULL, offsetof(struct profile, live_alerts) },
};

struct parser {
	const char *name;
	int line;
	int errors;
	struct config *cfg;
	struct profile *profile; /* the [profile] being read, or NULL */
	char *keys_screen;       /* the [keys] being read, or NULL */
	struct shortcut *shortcut; /* the [shortcut KEY] being read, or NULL */
	bool skipping;             /* in a section whose header was refused: said once */
	int skip_line, skipped;    /* that header's line, and the settings not read under it */
	config_warn_fn *warn;
	void *ctx;
};

static void complain(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void complain(struct parser *p, const char *fmt, ...)
{
	char what[512], msg[1100];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	snprintf(msg, sizeof msg, "%s:%d: %s", p->name, p->line, what);
	p->errors++;
	if (p->warn)
		p->warn(p->ctx, msg);
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* Names: letters, digits, '-', '_' and '.', 1 to 63 of them. */
static bool name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 63)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '_' || *s == '.'))
			return false;
	return true;
}

static void set_defaults(struct profile *pr)
{
	for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
		const struct setting *s = &settings[i];
		char *field = (char *)pr + s->offset;
		if (!s->def)
			continue;
		if (s->type == T_INT || s->type == T_DURATION)
			*(long *)(void *)field = strtol(s->def, NULL, 10);
		else if (s->type == T_BOOL)
			*(bool *)(void *)field = !strcmp(s->def, "yes");
		else
			*(char **)(void *)field = xstrdup(s->def);
	}
}

static void shortcut_free(struct shortcut *sc)
{
	free(sc->key);
	free(sc->label);
	free(sc->run);
}

/* A shortcut section ends: one with nothing to run is dropped, said at its header. */
static void end_shortcut(struct parser *p)
{
	struct shortcut *sc = p->shortcut;
	int line = p->line;

	p->shortcut = NULL;
	if (!sc || sc->run)
		return;
	p->line = sc->line;
	/* L10N: %s is the shortcut's key. */
	complain(p, _("the shortcut on key %s has no 'run = COMMAND' line"), sc->key);
	p->line = line;
	shortcut_free(sc);
	p->cfg->nshortcuts--;
}

static void shortcut_setting(struct parser *p, const char *key, char *value)
{
	char **field = !strcmp(key, "label") ? &p->shortcut->label : !strcmp(key, "run") ? &p->shortcut->run : NULL;

	if (!field) {
		complain(p, "%s", _("a shortcut takes 'label = TEXT' and 'run = COMMAND'"));
		return;
	}
	if (!*value) {
		complain(p, _("%s needs a value"), key);
		return;
	}
	/* "bankterm transfer ..." and "transfer ..." mean the same. */
	if (field == &p->shortcut->run && !strncmp(value, PACKAGE " ", sizeof PACKAGE))
		value = trim(value + sizeof PACKAGE);
	free(*field);
	*field = xstrdup(value);
}

/* A refused section ends: how many of its lines were not read is said, at its header. */
static void end_skip(struct parser *p)
{
	if (p->skipping && p->skipped) {
		int here = p->line;
		p->line = p->skip_line;
		complain(p, ngettext("so the %d setting under it was not read", "so the %d settings under it were not read",
				     (unsigned long)p->skipped),
			 p->skipped);
		p->line = here;
	}
	p->skipped = 0;
}

static void section(struct parser *p, char *head)
{
	char *close = strchr(head, ']'), *kind, *arg;

	end_shortcut(p);
	end_skip(p);
	/* Until this header is known good, its lines are not read as another
	 * section's: its mistake is said once, and then how many lines it cost. */
	p->skipping = true;
	p->skip_line = p->line;
	p->profile = NULL;
	free(p->keys_screen);
	p->keys_screen = NULL;
	if (!close || trim(close + 1)[0]) {
		complain(p, "%s", _("a section header must end with ']' and nothing after it"));
		return;
	}
	*close = '\0';
	kind = trim(head + 1);
	arg = kind + strcspn(kind, " \t");
	if (*arg)
		*arg++ = '\0';
	arg = trim(arg);
	if (!strcmp(kind, "profile")) {
		if (!name_ok(arg)) {
			complain(p, "%s", _("a profile needs a name of letters, digits, '-', '_' or '.'"));
			return;
		}
		for (size_t i = 0; i < p->cfg->nprofiles; i++) {
			if (!strcmp(p->cfg->profiles[i].name, arg)) {
				/* L10N: %s is a profile name. */
				complain(p, _("profile '%s' is defined twice; the first one stands"), arg);
				return;
			}
		}
		p->cfg->profiles = xrealloc(p->cfg->profiles, (p->cfg->nprofiles + 1) * sizeof *p->cfg->profiles);
		p->profile = &p->cfg->profiles[p->cfg->nprofiles++];
		memset(p->profile, 0, sizeof *p->profile);
		p->profile->name = xstrdup(arg);
		set_defaults(p->profile);
		p->skipping = false;
	} else if (!strcmp(kind, "keys")) {
		if (*arg && !name_ok(arg)) {
			complain(p, "%s", _("[keys SCREEN] needs a screen name"));
			return;
		}
		p->keys_screen = xstrdup(*arg ? arg : "global");
		p->skipping = false;
	} else if (!strcmp(kind, "shortcut")) {
		if (!name_ok(arg)) {
			complain(p, "%s", _("[shortcut KEY] needs a key name, such as R, F5 or C-r"));
			return;
		}
		for (size_t i = 0; i < p->cfg->nshortcuts; i++) {
			if (!strcmp(p->cfg->shortcuts[i].key, arg)) {
				/* L10N: %s is a key name. */
				complain(p, _("a shortcut on key %s is defined twice; the first one stands"), arg);
				return;
			}
		}
		p->cfg->shortcuts = xrealloc(p->cfg->shortcuts, (p->cfg->nshortcuts + 1) * sizeof *p->cfg->shortcuts);
		p->shortcut = &p->cfg->shortcuts[p->cfg->nshortcuts++];
		memset(p->shortcut, 0, sizeof *p->shortcut);
		p->shortcut->key = xstrdup(arg);
		p->shortcut->line = p->line;
		p->skipping = false;
	} else {
		/* L10N: %s is what stood in the brackets. */
		complain(p, _("unknown section '[%s]': use [profile NAME], [keys SCREEN] or [shortcut KEY]"), kind);
	}
}

static void setting(struct parser *p, const struct setting *s, const char *value)
{
	char *field = (char *)p->profile + s->offset;
	char *end;

	switch (s->type) {
	case T_URL:
		if (strncmp(value, "https://", 8) && strncmp(value, "http://", 7)) {
			complain(p, "%s", _("server must be an address starting with https:// (or http:// on this computer)"));
			return;
		}
		break;
	case T_PATH:
		if (value[0] != '/' && strncmp(value, "~/", 2)) {
			complain(p, "%s", _("a file must be given by its full path (or ~/...)"));
			return;
		}
		break;
	case T_ENUM: {
		size_t n = strlen(value);
		bool known = false;
		for (const char *v = s->values; *v;) {
			size_t len = strcspn(v, "|");
			known |= len == n && !strncmp(v, value, n);
			v += len + (v[len] == '|');
		}
		if (!known) {
			/* L10N: the first %s is the setting, the second the allowed values "a|b|c". */
			complain(p, _("%s is one of %s"), s->name, s->values);
			return;
		}
		break;
	}
	case T_INT: {
		long lo = 0, hi = 0, v;
		sscanf(s->values, "%ld %ld", &lo, &hi);
		errno = 0;
		v = strtol(value, &end, 10);
		if (!*value || *end || errno || v < lo || v > hi) {
			/* L10N: a setting name, then its smallest and largest values. */
			complain(p, _("%s wants a whole number from %ld to %ld"), s->name, lo, hi);
			return;
		}
		*(long *)(void *)field = v;
		return;
	}
	case T_DURATION: {
		/* A number of minutes, or with a unit: 90s, 10m, 1h. */
		long lo = 0, hi = 0, v, unit = 60;
		sscanf(s->values, "%ld %ld", &lo, &hi);
		errno = 0;
		v = strtol(value, &end, 10);
		if (end == value)
			end = (char *)"?"; /* no number at all */
		else if (*end == 's' || *end == 'm' || *end == 'h') {
			unit = *end == 's' ? 1 : *end == 'm' ? 60 : 3600;
			end++;
		}
		if (!*value || *value == '-' || *value == '+' || *end || errno || v > hi / unit || v * unit < lo) {
			/* L10N: a setting name, then its largest value in minutes. */
			complain(p, _("%s wants minutes from 0 to %ld, or a time such as 90s, 10m or 1h"), s->name,
				 hi / 60);
			return;
		}
		*(long *)(void *)field = v * unit;
		return;
	}
	case T_BOOL:
		if (!strcmp(value, "yes") || !strcmp(value, "true") || !strcmp(value, "1")) {
			*(bool *)(void *)field = true;
		} else if (!strcmp(value, "no") || !strcmp(value, "false") || !strcmp(value, "0")) {
			*(bool *)(void *)field = false;
		} else {
			complain(p, _("%s is yes or no"), s->name);
		}
		return;
	case T_STRING:
		break;
	}
	free(*(char **)(void *)field);
	*(char **)(void *)field = xstrdup(value);
}

static void line(struct parser *p, char *text)
{
	char *eq, *key, *value;
	char *safe;

	text = trim(text);
	if (!*text || *text == '#' || *text == ';')
		return;
	if (*text == '[') {
		section(p, text);
		return;
	}
	if (p->skipping) {
		p->skipped++;
		return;
	}
	eq = strchr(text, '=');
	if (!eq) {
		safe = text_sanitize(text, strlen(text), 0);
		/* L10N: %s is the line as written. */
		complain(p, _("'%s' is not a setting: write NAME = VALUE"), safe);
		free(safe);
		return;
	}
	*eq = '\0';
	key = trim(text);
	value = trim(eq + 1);
	if (p->shortcut) {
		shortcut_setting(p, key, value);
		return;
	}
	if (p->keys_screen) {
		struct binding *b;
		if (!*key || !name_ok(value)) {
			complain(p, "%s", _("a key binding is KEY = ACTION"));
			return;
		}
		p->cfg->bindings = xrealloc(p->cfg->bindings, (p->cfg->nbindings + 1) * sizeof *p->cfg->bindings);
		b = &p->cfg->bindings[p->cfg->nbindings++];
		b->screen = xstrdup(p->keys_screen);
		b->key = xstrdup(key);
		b->action = xstrdup(value);
		b->line = p->line;
		return;
	}
	if (!p->profile) {
		if (!strcmp(key, "default_profile") && name_ok(value)) {
			free(p->cfg->default_profile);
			p->cfg->default_profile = xstrdup(value);
		} else if (!strcmp(key, "default_profile")) {
			complain(p, "%s", _("default_profile needs a profile name"));
		} else {
			safe = text_sanitize(key, strlen(key), 0);
			/* L10N: %s is the setting's name. */
			complain(p, _("'%s' belongs in a [profile NAME] section"), safe);
			free(safe);
		}
		return;
	}
	for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
		if (!strcmp(settings[i].name, key)) {
			setting(p, &settings[i], value);
			return;
		}
	}
	safe = text_sanitize(key, strlen(key), 0);
	/* L10N: %s is what was written where a setting's name should be. */
	complain(p, _("unknown setting '%s'"), safe);
	free(safe);
}

/* Valid UTF-8 with no control characters but tab (and a CR of CRLF files). */
static bool plain_text(const char *s)
{
	size_t n = strlen(s);

	while (n) {
		uint32_t cp;
		size_t k = utf8_decode(s, n, &cp);
		if (!k || (cp < 0x20 && cp != '\t' && cp != '\r') || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			return false;
		s += k;
		n -= k;
	}
	return true;
}

int config_parse(const char *name, const char *text, size_t len, struct config *cfg,
		 config_warn_fn *warn, void *ctx)
{
	struct parser p = { name, 0, 0, cfg, NULL, NULL, NULL, false, 0, 0, warn, ctx };
	size_t pos = 0;

	while (pos < len) {
		size_t end = pos;
		char *buf;
		while (end < len && text[end] != '\n')
			end++;
		p.line++;
		if (end - pos > LINE_MAX_LEN) {
			complain(&p, _("the line is longer than %d characters"), LINE_MAX_LEN);
		} else if (memchr(text + pos, '\0', end - pos)) {
			complain(&p, "%s", _("the line holds a NUL byte"));
		} else {
			buf = xstrndup(text + pos, end - pos);
			/* Invalid UTF-8 and control characters: the line is refused, not guessed. */
			if (!plain_text(buf))
				complain(&p, "%s", _("the line is not valid UTF-8 text, or holds control characters"));
			else
				line(&p, buf);
			free(buf);
		}
		pos = end + 1;
	}
	end_shortcut(&p);
	end_skip(&p);
	free(p.keys_screen);
	return p.errors;
}

bool config_default_path(char *out, size_t len)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg && *xdg == '/')
		snprintf(out, len, "%s/bankterm/config", xdg);
	else if (home && *home == '/')
		snprintf(out, len, "%s/.config/bankterm/config", home);
	else
		return false;
	return true;
}

int config_load(const char *path, struct config *cfg, config_warn_fn *warn, void *ctx)
{
	FILE *f = fopen(path, "re");
	char *buf;
	size_t n;
	int errors;

	memset(cfg, 0, sizeof *cfg);
	cfg->path = xstrdup(path);
	if (!f) {
		if (errno != ENOENT && warn) {
			char msg[1200];
			/* L10N: a file name, then the system's reason. */
			snprintf(msg, sizeof msg, _("%s: cannot read it: %s"), path, strerror(errno));
			warn(ctx, msg);
			return 1;
		}
		return 0;
	}
	buf = xmalloc(FILE_MAX_BYTES + 1);
	n = fread(buf, 1, FILE_MAX_BYTES + 1, f);
	fclose(f);
	if (n > FILE_MAX_BYTES) {
		if (warn) {
			char msg[1200];
			snprintf(msg, sizeof msg, _("%s: larger than 1 MiB; not read"), path);
			warn(ctx, msg);
		}
		free(buf);
		return 1;
	}
	errors = config_parse(path, buf, n, cfg, warn, ctx);
	free(buf);
	return errors;
}

const struct profile *config_profile(const struct config *cfg, const char *name)
{
	if (!name)
		name = cfg->default_profile;
	if (!name)
		return cfg->nprofiles ? &cfg->profiles[0] : NULL;
	for (size_t i = 0; i < cfg->nprofiles; i++)
		if (!strcmp(cfg->profiles[i].name, name))
			return &cfg->profiles[i];
	return NULL;
}

void config_free(struct config *cfg)
{
	for (size_t i = 0; i < cfg->nprofiles; i++) {
		struct profile *p = &cfg->profiles[i];
		free(p->name);
		free(p->server);
		free(p->user);
		free(p->cacert);
		free(p->language);
		free(p->theme);
		free(p->password_command);
	}
	for (size_t i = 0; i < cfg->nbindings; i++) {
		free(cfg->bindings[i].screen);
		free(cfg->bindings[i].key);
		free(cfg->bindings[i].action);
	}
	for (size_t i = 0; i < cfg->nshortcuts; i++)
		shortcut_free(&cfg->shortcuts[i]);
	free(cfg->profiles);
	free(cfg->bindings);
	free(cfg->shortcuts);
	free(cfg->default_profile);
	free(cfg->path);
	memset(cfg, 0, sizeof *cfg);
}

/* What a line says, for config_set: a section header's "[...]" or a setting's name. */
static void line_key(const char *line, size_t len, char *out, size_t outlen)
{
	const char *e = line + len;

	while (line < e && (*line == ' ' || *line == '\t'))
		line++;
	while (e > line && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	if (line < e && *line == '[') {
		snprintf(out, outlen, "%.*s", (int)(e - line), line);
		return;
	}
	const char *eq = memchr(line, '=', (size_t)(e - line));
	if (!eq || *line == '#' || *line == ';') {
		*out = '\0';
		return;
	}
	while (eq > line && (eq[-1] == ' ' || eq[-1] == '\t'))
		eq--;
	snprintf(out, outlen, "%.*s", (int)(eq - line), line);
}

static void collect_warning(void *ctx, const char *message)
{
	char *msg = ctx;
	if (!*msg)
		snprintf(msg, 512, "%s", message);
}

bool config_set(const char *path, const char *profile, const char *name, const char *value, char *msg,
		size_t msglen)
{
	char head[128], key[128], tmp[1100], check[600], first[512] = "";
	char *text = NULL, *out;
	size_t n = 0, cap, used = 0, pos = 0, at = (size_t)-1, section_end = (size_t)-1, replace_len = 0;
	bool in_section = false, ok = false;
	struct config probe;
	FILE *f;
	int fd;

	*msg = '\0';
	/* The value is checked as the parser would read it, before anything is written. */
	memset(&probe, 0, sizeof probe);
	snprintf(check, sizeof check, "[profile %s]\n%s = %s\n", profile, name, value);
	config_parse(path, check, strlen(check), &probe, collect_warning, first);
	config_free(&probe);
	if (*first || strchr(value, '\n')) {
		snprintf(msg, msglen, "%s", *first ? first : _("the value holds a line break"));
		return false;
	}
	snprintf(head, sizeof head, "[profile %s]", profile);
	if ((f = fopen(path, "re"))) {
		text = xmalloc(FILE_MAX_BYTES + 1);
		n = fread(text, 1, FILE_MAX_BYTES + 1, f);
		fclose(f);
		if (n > FILE_MAX_BYTES) {
			snprintf(msg, msglen, _("%s: larger than 1 MiB; not read"), path);
			free(text);
			return false;
		}
	} else if (errno != ENOENT) {
		snprintf(msg, msglen, _("%s: cannot read it: %s"), path, strerror(errno));
		return false;
	}
	/* Where the setting's line is, or where the profile's section ends. */
	while (pos < n) {
		size_t end = pos;
		while (end < n && text[end] != '\n')
			end++;
		line_key(text + pos, end - pos, key, sizeof key);
		if (key[0] == '[') {
			if (in_section && section_end == (size_t)-1)
				section_end = pos;
			in_section = !strcmp(key, head);
		} else if (in_section && !strcmp(key, name)) {
			at = pos;
			replace_len = end - pos + (end < n);
		}
		pos = end + 1;
	}
	if (in_section && section_end == (size_t)-1)
		section_end = n;
	cap = n + strlen(head) + strlen(name) + strlen(value) + 16;
	out = xmalloc(cap);
	if (at != (size_t)-1) {
		memcpy(out, text, at);
		used = at + (size_t)snprintf(out + at, cap - at, "%s = %s\n", name, value);
		memcpy(out + used, text + at + replace_len, n - at - replace_len);
		used += n - at - replace_len;
	} else if (section_end != (size_t)-1) {
		size_t cut = section_end;
		/* After the section's last line, not after the blank lines that end it. */
		while (cut > 0 && text[cut - 1] == '\n' && cut > 1 && text[cut - 2] == '\n')
			cut--;
		memcpy(out, text, cut);
		used = cut;
		if (used > 0 && out[used - 1] != '\n')
			out[used++] = '\n';
		used += (size_t)snprintf(out + used, cap - used, "%s = %s\n", name, value);
		memcpy(out + used, text + cut, n - cut);
		used += n - cut;
	} else {
		if (n)
			memcpy(out, text, n);
		used = n;
		if (used > 0 && out[used - 1] != '\n')
			out[used++] = '\n';
		used += (size_t)snprintf(out + used, cap - used, "%s%s\n%s = %s\n", used ? "\n" : "", head, name, value);
	}
	snprintf(tmp, sizeof tmp, "%s.new", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		/* The directory may not be there yet: ~/.config/bankterm. */
		char dir[1100], *slash;
		snprintf(dir, sizeof dir, "%s", path);
		if ((slash = strrchr(dir, '/')) && slash != dir) {
			*slash = '\0';
			mkdir(dir, 0700);
		}
		fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	}
	if (fd < 0) {
		snprintf(msg, msglen, _("%s: cannot write it: %s"), tmp, strerror(errno));
	} else {
		ssize_t w = write(fd, out, used);
		bool written = w == (ssize_t)used && fsync(fd) == 0;
		if (close(fd) != 0)
			written = false;
		if (!written || rename(tmp, path) != 0) {
			snprintf(msg, msglen, _("%s: cannot write it: %s"), path, strerror(errno ? errno : EIO));
			unlink(tmp);
		} else {
			ok = true;
		}
	}
	free(out);
	free(text);
	return ok;
}
