/* conf.h: $XDG_CONFIG_HOME/bankterm/config, documented in bankterm.conf(5).
 *
 *   # a comment
 *   default_profile = work
 *   [profile work]
 *   server = https://bank.example/v1
 *   user = alex
 *   [keys accounts]
 *   j = down
 *   [shortcut R]
 *   label = Pay the rent to Omar
 *   run = transfer 850.00 --to omar --reference Rent
 *
 * Settings are declared once in a table (name, type, default, help) that
 * the parser, the defaults and the manual share.  A broken line is reported
 * as "file:line: what is wrong" and skipped; the rest still loads. */
#ifndef BANKTERM_CONF_H
#define BANKTERM_CONF_H

#include <stdbool.h>
#include <stddef.h>

struct profile {
	char *name;
	char *server, *user, *cacert, *language, *theme;
	char *password_command; /* run by /bin/sh: the first line it prints is the password */
	long idle_lock; /* seconds without a key before the screen locks; 0 = never */
	bool screen_reader;
	bool live_alerts; /* the full screen long-polls for alerts */
};

/* "[keys SCREEN]" lines, kept for the full-screen interface to check and use. */
struct binding {
	char *screen; /* "global" for [keys] */
	char *key, *action;
	int line;
};

/* "[shortcut KEY]": a command line of the CLI, run from Home in one key. */
struct shortcut {
	char *key;   /* as key names are written: "R", "F5", "C-r" */
	char *label; /* what Home shows; the command itself when not given */
	char *run;   /* the command line, without "bankterm" */
	int line;    /* of its section header, for messages */
};

struct config {
	char *path;
	char *default_profile;
	struct profile *profiles;
	size_t nprofiles;
	struct binding *bindings;
	size_t nbindings;
	struct shortcut *shortcuts;
	size_t nshortcuts;
};

/* Called with "file:line: what is wrong" for each broken line. */
typedef void config_warn_fn(void *ctx, const char *message);

/* The config file's path: $XDG_CONFIG_HOME/bankterm/config or ~/.config/...; false without either. */
bool config_default_path(char *out, size_t len);
/* Loads path into cfg (a missing file is an empty config, not an error);
 * returns the number of broken lines. */
int config_load(const char *path, struct config *cfg, config_warn_fn *warn, void *ctx);
/* Parses text as if it were the file `name` (for tests). */
int config_parse(const char *name, const char *text, size_t len, struct config *cfg,
		 config_warn_fn *warn, void *ctx);
/* The named profile, or the default one when name is NULL; NULL if none. */
const struct profile *config_profile(const struct config *cfg, const char *name);
void config_free(struct config *cfg);

/* Writes NAME = VALUE into [profile PROFILE] of the file at path (the
 * profile and the file are made when missing), replacing the setting's line
 * if it has one; every other line stays as it was.  The file is replaced
 * whole (a new file, then rename), so a crash leaves the old one or the new
 * one.  The value must pass the setting's own check.  False, with why in
 * msg, when it cannot. */
bool config_set(const char *path, const char *profile, const char *name, const char *value, char *msg,
		size_t msglen);

#endif
