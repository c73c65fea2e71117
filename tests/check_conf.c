/* check_conf.c: the config parser, fed broken and hostile files first: each
 * broken line is named by file and line, and the rest still loads. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_suites.h"
#include "conf.h"

struct warnings {
	char text[4096];
	int n;
};

static void collect(void *ctx, const char *msg)
{
	struct warnings *w = ctx;
	size_t used = strlen(w->text);

	snprintf(w->text + used, sizeof w->text - used, "%s\n", msg);
	w->n++;
}

static int parse(const char *text, struct config *cfg, struct warnings *w)
{
	memset(cfg, 0, sizeof *cfg);
	memset(w, 0, sizeof *w);
	return config_parse("config", text, strlen(text), cfg, collect, w);
}

START_TEST(broken_lines_are_named_and_skipped)
{
	static const struct {
		const char *text, *where;
	} cases[] = {
		{ "server = https://x/v1\n", "config:1:" },              /* outside a profile */
		{ "[profile a]\nserver https://x/v1\n", "config:2:" },   /* no '=' */
		{ "[profile a]\nserver = ftp://x\n", "config:2:" },      /* not http(s) */
		{ "[profile a]\ncolour = red\n", "config:2:" },           /* unknown setting */
		{ "[profile a]\nidle_lock = 5x\n", "config:2:" },
		{ "[profile a]\nidle_lock = 99999\n", "config:2:" },
		{ "[profile a]\nidle_lock = -1\n", "config:2:" },
		{ "[profile a]\nidle_lock = 25h\n", "config:2:" },
		{ "[profile a]\nidle_lock = 9223372036854775807s\n", "config:2:" },
		{ "[profile a]\nidle_lock = 5 m\n", "config:2:" },
		{ "[profile a]\nidle_lock = s\n", "config:2:" },
		{ "[shortcut R]\nlabel = Rent\n", "config:1:" },             /* nothing to run */
		{ "[shortcut R]\nrun = accounts\ncolour = red\n", "config:3:" },
		{ "[shortcut R]\nrun = x\nlabel = \n", "config:3:" },
		{ "[shortcut]\n", "config:1:" },
		{ "[shortcut a b]\n", "config:1:" },
		/* The header, once, and then what it cost (not a message a line):
		 * "config:1: so the 2 settings under it were not read". */
		{ "[shortcut !!]\nrun = x\nlabel = y\n", "config:1: so the 2 settings under it were not read" },
		{ "[profile a]\nuser = x\n[profile b c]\nuser = y\nserver = z\n", "config:3: so the 2 settings under it were not read" },
		{ "[shortcut R]\nrun = a\n[shortcut R]\n", "config:3:" },
		{ "[profile a]\ntheme = pink\n", "config:2:" },
		{ "[profile a]\nscreen_reader = maybe\n", "config:2:" },
		{ "[profile a]\ncacert = relative.pem\n", "config:2:" },
		{ "[profile a\n", "config:1:" },
		{ "[profile]\n", "config:1:" },
		{ "[profile a b]\n", "config:1:" },
		{ "[wat]\n", "config:1:" },
		{ "[profile a]\n[profile a]\n", "config:2:" },
		{ "[profile a]\nuser = \xff\xfe\n", "config:2:" },
		{ "[profile a]\nuser = a\x1b[2Jb\n", "config:2:" },
		{ "[keys]\n = down\n", "config:2:" },
		{ "default_profile = \n", "config:1:" },
	};
	struct config cfg;
	struct warnings w;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int want = strstr(cases[i].where, "not read") ? 2 : 1;
		ck_assert_msg(parse(cases[i].text, &cfg, &w) == want, "case %zu: %d errors", i, w.n);
		ck_assert_msg(strstr(w.text, cases[i].where), "case %zu: '%s' lacks %s", i, w.text, cases[i].where);
		config_free(&cfg);
	}
}
END_TEST

START_TEST(the_rest_still_loads)
{
	struct config cfg;
	struct warnings w;
	const struct profile *p;
	const char *text = "# bankterm\n"
			   "default_profile = work\n"
			   "[profile home]\n"
			   "server = http://127.0.0.1:8080/v1\n"
			   "user = alex\n"
			   "\n"
			   "[profile work]\r\n"
			   "server\t=\thttps://bank.example/v1  \r\n"
			   "user = omar\n"
			   "bogus line\n"
			   "idle_lock = 0\n"
			   "theme = high-contrast\n"
			   "screen_reader = yes\n"
			   "user = 林\n"
			   "[keys accounts]\n"
			   "j = down\n"
			   "[keys]\n"
			   "C-l = redraw\n"
			   "[shortcut R]\n"
			   "label = Pay the rent to Omar\n"
			   "run = bankterm transfer 850.00 --to omar --reference \"Rent\"\n"
			   "[shortcut F5]\n"
			   "run = bills\n"
			   "[profile late]\n"
			   "idle_lock = 90s\n"
			   "[profile later]\n"
			   "idle_lock = 2h\n";

	ck_assert_int_eq(parse(text, &cfg, &w), 1);
	ck_assert_ptr_nonnull(strstr(w.text, "config:10:"));
	ck_assert_uint_eq(cfg.nprofiles, 4);
	p = config_profile(&cfg, NULL);
	ck_assert_str_eq(p->name, "work");
	ck_assert_str_eq(p->server, "https://bank.example/v1");
	ck_assert_str_eq(p->user, "林");
	ck_assert_int_eq(p->idle_lock, 0);
	ck_assert_str_eq(p->theme, "high-contrast");
	ck_assert(p->screen_reader);
	p = config_profile(&cfg, "home");
	ck_assert_str_eq(p->user, "alex");
	ck_assert_int_eq(p->idle_lock, 300); /* the default: 5 minutes */
	ck_assert_str_eq(p->theme, "default");
	ck_assert(!p->screen_reader);
	ck_assert_ptr_null(config_profile(&cfg, "nope"));
	ck_assert_uint_eq(cfg.nbindings, 2);
	ck_assert_str_eq(cfg.bindings[0].screen, "accounts");
	ck_assert_str_eq(cfg.bindings[1].screen, "global");
	ck_assert_str_eq(cfg.bindings[1].action, "redraw");
	ck_assert_uint_eq(cfg.nshortcuts, 2);
	ck_assert_str_eq(cfg.shortcuts[0].key, "R");
	ck_assert_str_eq(cfg.shortcuts[0].label, "Pay the rent to Omar");
	ck_assert_str_eq(cfg.shortcuts[0].run, "transfer 850.00 --to omar --reference \"Rent\"");
	ck_assert_str_eq(cfg.shortcuts[1].key, "F5");
	ck_assert_ptr_null(cfg.shortcuts[1].label);
	ck_assert_int_eq(config_profile(&cfg, "late")->idle_lock, 90);
	ck_assert_int_eq(config_profile(&cfg, "later")->idle_lock, 7200);
	config_free(&cfg);
}
END_TEST

START_TEST(hostile_files)
{
	struct config cfg;
	struct warnings w;
	char *big = malloc(10000);

	/* An endless line, a NUL in a line, and an empty file. */
	memset(big, 'a', 9999);
	big[9999] = '\0';
	ck_assert_int_eq(parse(big, &cfg, &w), 1);
	config_free(&cfg);
	free(big);
	memset(&cfg, 0, sizeof cfg);
	{
		static const char nul[] = "[profile a]\nuser = a\0b\nuser = c\n";
		ck_assert_int_eq(config_parse("config", nul, sizeof nul - 1, &cfg, collect, &w), 1);
	}
	ck_assert_str_eq(config_profile(&cfg, "a")->user, "c");
	config_free(&cfg);
	ck_assert_int_eq(parse("", &cfg, &w), 0);
	ck_assert_ptr_null(config_profile(&cfg, NULL));
	config_free(&cfg);
	/* A missing file is an empty config, not an error. */
	ck_assert_int_eq(config_load("/nonexistent/bankterm/config", &cfg, collect, &w), 0);
	config_free(&cfg);
}
END_TEST

static char *slurp(const char *path)
{
	static char buf[8192];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

static void spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(set_refuses_bad_values_and_keeps_the_file)
{
	char dir[] = "/tmp/bt-conf-XXXXXX", path[128], msg[512];
	const char *before = "# mine\n[profile a]\ntheme = default\n";

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/config", dir);
	spit(path, before);
	ck_assert(!config_set(path, "a", "theme", "pink", msg, sizeof msg));
	ck_assert_ptr_nonnull(strstr(msg, "theme is one of"));
	ck_assert(!config_set(path, "a", "colour", "red", msg, sizeof msg));
	ck_assert(!config_set(path, "a", "idle_lock", "5\nserver = http://evil/", msg, sizeof msg));
	ck_assert(!config_set(path, "a b", "theme", "monochrome", msg, sizeof msg));
	ck_assert(!config_set(path, "a", "theme", "monochrome\x1b[2J", msg, sizeof msg));
	ck_assert_str_eq(slurp(path), before);
	unlink(path);
	rmdir(dir);
}
END_TEST

START_TEST(set_changes_one_line_only)
{
	char dir[] = "/tmp/bt-conf-XXXXXX", path[128], msg[512];
	struct config cfg;
	struct warnings w = { "", 0 };

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/bankterm/config", dir);
	/* No file, no directory: both are made. */
	ck_assert_msg(config_set(path, "home", "theme", "high-contrast", msg, sizeof msg), "%s", msg);
	ck_assert_str_eq(slurp(path), "[profile home]\ntheme = high-contrast\n");
	spit(path, "# my banks\n[profile home]\nserver = http://127.0.0.1:1/v1\n  theme=default  \n\n"
		   "[profile work]\ntheme = default\n[keys]\nj = down\n");
	ck_assert(config_set(path, "home", "theme", "monochrome", msg, sizeof msg));
	ck_assert_str_eq(slurp(path), "# my banks\n[profile home]\nserver = http://127.0.0.1:1/v1\ntheme = monochrome\n\n"
				      "[profile work]\ntheme = default\n[keys]\nj = down\n");
	/* A setting the profile lacks goes at the end of its section. */
	ck_assert(config_set(path, "home", "idle_lock", "90s", msg, sizeof msg));
	ck_assert(config_set(path, "work", "screen_reader", "yes", msg, sizeof msg));
	ck_assert_str_eq(slurp(path), "# my banks\n[profile home]\nserver = http://127.0.0.1:1/v1\ntheme = monochrome\n"
				      "idle_lock = 90s\n\n[profile work]\ntheme = default\nscreen_reader = yes\n[keys]\nj = down\n");
	/* A profile the file lacks is added at its end. */
	ck_assert(config_set(path, "new", "live_alerts", "no", msg, sizeof msg));
	ck_assert_int_eq(config_load(path, &cfg, collect, &w), 0);
	ck_assert_int_eq(config_profile(&cfg, "home")->idle_lock, 90);
	ck_assert(config_profile(&cfg, "work")->screen_reader);
	ck_assert(!config_profile(&cfg, "new")->live_alerts);
	ck_assert_uint_eq(cfg.nbindings, 1);
	config_free(&cfg);
	unlink(path);
	snprintf(path, sizeof path, "%s/bankterm", dir);
	rmdir(path);
	rmdir(dir);
}
END_TEST

Suite *conf_suite(void)
{
	Suite *s = suite_create("conf");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, broken_lines_are_named_and_skipped);
	tcase_add_test(tc, the_rest_still_loads);
	tcase_add_test(tc, hostile_files);
	tcase_add_test(tc, set_refuses_bad_values_and_keeps_the_file);
	tcase_add_test(tc, set_changes_one_line_only);
	suite_add_tcase(s, tc);
	return s;
}
