/* main.c: bankterm-sandbox, the reference bank: options, seeding, and the
 * server's life from start to a clean stop on SIGTERM or SIGINT. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reply.h"
#include "routes.h"
#include "sandbox.h"
#include "server.h"

/* The sandbox speaks English only: it is a test peer, not a product screen. */
static void usage(FILE *to)
{
	fputs("Usage: bankterm-sandbox [OPTION]...\n"
	      "A reference bank that implements bankterm's HTTP/JSON API.\n\n"
	      "  --listen ADDR:PORT  where to listen (default 127.0.0.1:0, a free port);\n"
	      "                      the URL is the first line printed on stdout\n"
	      "  --db FILE           the database file, or :memory: (the default)\n"
	      "  --seed demo         create the demo customers if the database has none\n"
	      "  --seed-large N      also give alex an account with N transactions (benchmarks)\n"
	      "  --date YYYY-MM-DD   a new bank's clock starts at noon UTC that day, and a reset\n"
	      "                      goes back to it: the same days and amounts every run\n"
	      "  --tls-cert FILE     serve HTTPS with this PEM certificate (and --tls-key)\n"
	      "  --tls-key FILE      the PEM private key of --tls-cert\n"
	      "  --list-personas     print the demo customers and their logins, and exit\n"
	      "  --threads N         worker threads (default 4)\n"
	      "  --log FILE          log one line per request (never bodies or secrets)\n"
	      "  --faults            honour the X-Sandbox-Fault request header (tests only)\n"
	      "  --demo-controls     serve /v1/sandbox/ (the clock, reset, faults): for demos\n"
	      "                      and tests; without it anyone who reaches the port could\n"
	      "                      reset the bank\n"
	      "  --per-address N     connections one client address may hold open (default 64)\n"
	      "  --idle-timeout S    seconds before an idle connection is closed (default 15)\n"
	      "  --auth-scale N      divide the sign-in lockouts' windows and lengths by N\n"
	      "                      (tests only: a day's budget of guesses in seconds)\n"
	      "  --check DB          verify every ledger invariant of DB and exit\n"
	      "  --routes            print every METHOD and path served, and exit\n"
	      "  -h, --help          show this help and exit\n"
	      "  -V, --version       show the version and exit\n",
	      to);
}

/* An option's number: from lo to hi, or a usage error that says so. */
static bool number(const char *option, const char *arg, long lo, long hi, long *out)
{
	char *end;

	*out = strtol(arg, &end, 10);
	if (!*arg || *end || *out < lo || *out > hi) {
		fprintf(stderr, "bankterm-sandbox: --%s wants %ld to %ld\n", option, lo, hi);
		return false;
	}
	return true;
}

int main(int argc, char **argv)
{
	enum { OPT_LISTEN = 256, OPT_DB, OPT_SEED, OPT_PERSONAS, OPT_THREADS, OPT_LOG, OPT_FAULTS, OPT_CHECK,
	       OPT_ROUTES, OPT_LARGE, OPT_CERT, OPT_KEY, OPT_CONTROLS, OPT_PER_ADDRESS, OPT_IDLE, OPT_AUTH_SCALE,
	       OPT_DATE };
	static const struct option longopts[] = {
		{ "listen", required_argument, NULL, OPT_LISTEN },
		{ "db", required_argument, NULL, OPT_DB },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "list-personas", no_argument, NULL, OPT_PERSONAS },
		{ "threads", required_argument, NULL, OPT_THREADS },
		{ "log", required_argument, NULL, OPT_LOG },
		{ "faults", no_argument, NULL, OPT_FAULTS },
		{ "demo-controls", no_argument, NULL, OPT_CONTROLS },
		{ "per-address", required_argument, NULL, OPT_PER_ADDRESS },
		{ "idle-timeout", required_argument, NULL, OPT_IDLE },
		{ "auth-scale", required_argument, NULL, OPT_AUTH_SCALE },
		{ "check", required_argument, NULL, OPT_CHECK },
		{ "routes", no_argument, NULL, OPT_ROUTES },
		{ "seed-large", required_argument, NULL, OPT_LARGE },
		{ "date", required_argument, NULL, OPT_DATE },
		{ "tls-cert", required_argument, NULL, OPT_CERT },
		{ "tls-key", required_argument, NULL, OPT_KEY },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct sb_config cfg = { "127.0.0.1:0", ":memory:", 4, false, NULL, NULL, NULL, false, 0, 0 };
	const char *seed = NULL;
	long large = 0, n;
	int64_t start = 0;
	char err[256];
	int c, rc;

	while ((c = getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_LISTEN:
			cfg.listen = optarg;
			break;
		case OPT_DB:
			cfg.db_path = optarg;
			break;
		case OPT_SEED:
			if (strcmp(optarg, "demo")) {
				fprintf(stderr, "bankterm-sandbox: --seed knows only 'demo'\n");
				return 2;
			}
			seed = optarg;
			break;
		case OPT_LARGE:
			if (!number("seed-large", optarg, 1, 100000000, &large))
				return 2;
			break;
		case OPT_DATE:
			if (!sb_parse_date(optarg, &start)) {
				fprintf(stderr, "bankterm-sandbox: --date wants a day that exists, YYYY-MM-DD\n");
				return 2;
			}
			start += 12 * 3600;
			break;
		case OPT_CERT:
			cfg.tls_cert = optarg;
			break;
		case OPT_KEY:
			cfg.tls_key = optarg;
			break;
		case OPT_PERSONAS:
			seed_list_personas(stdout);
			return 0;
		case OPT_THREADS:
			if (!number("threads", optarg, 1, 64, &n))
				return 2;
			cfg.threads = (unsigned)n;
			break;
		case OPT_LOG:
			cfg.log = fopen(optarg, "a");
			if (!cfg.log) {
				perror(optarg);
				return 1;
			}
			break;
		case OPT_FAULTS:
			cfg.faults = true;
			break;
		case OPT_CONTROLS:
			cfg.controls = true;
			break;
		case OPT_AUTH_SCALE:
			if (!number("auth-scale", optarg, 1, 86400, &n))
				return 2;
			auth_set_time_scale(n);
			break;
		case OPT_PER_ADDRESS:
			if (!number("per-address", optarg, 1, 10000, &n))
				return 2;
			cfg.per_address = (unsigned)n;
			break;
		case OPT_IDLE:
			if (!number("idle-timeout", optarg, 1, 10000, &n))
				return 2;
			cfg.idle_timeout = (unsigned)n;
			break;
		case OPT_CHECK:
			return check_db(optarg, stdout);
		case OPT_ROUTES:
			routes_print(stdout);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("bankterm-sandbox %s\n", VERSION);
			puts("Copyright (c) 2026 The bankterm authors\n"
			     "License: MIT <https://opensource.org/licenses/MIT>");
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "bankterm-sandbox: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	if (!cfg.tls_cert != !cfg.tls_key) {
		fprintf(stderr, "bankterm-sandbox: --tls-cert and --tls-key go together\n");
		return 2;
	}
	/* The large account belongs to a demo customer. */
	if (large)
		seed = "demo";
	if (db_init(cfg.db_path, err, sizeof err)) {
		fprintf(stderr, "bankterm-sandbox: %s: %s\n", cfg.db_path, err);
		return 1;
	}
	if (start) {
		/* A bank that exists has its own days: moving them back would book
		 * what follows before what is there. */
		if (db_int(db_conn(), "SELECT count(*) FROM customers", NULL, 0) != 0) {
			fprintf(stderr, "bankterm-sandbox: --date starts a new bank, and %s has one\n", cfg.db_path);
			db_shutdown();
			return 2;
		}
		if (db_set_start(db_conn(), start)) {
			fprintf(stderr, "bankterm-sandbox: --date: %s\n", sqlite3_errmsg(db_conn()));
			db_shutdown();
			return 1;
		}
	}
	if (seed && db_int(db_conn(), "SELECT count(*) FROM customers", NULL, 0) == 0 &&
	    seed_demo(db_conn(), db_now(db_conn()))) {
		fprintf(stderr, "bankterm-sandbox: seeding failed: %s\n", sqlite3_errmsg(db_conn()));
		db_shutdown();
		return 1;
	}
	if (large && db_int(db_conn(), "SELECT count(*) FROM meta WHERE key = 'seed_large'", NULL, 0) == 0 &&
	    seed_large(db_conn(), db_now(db_conn()), large)) {
		fprintf(stderr, "bankterm-sandbox: --seed-large failed: %s\n", sqlite3_errmsg(db_conn()));
		db_shutdown();
		return 1;
	}
	db_serve();
	rc = server_run(&cfg);
	db_shutdown();
	if (cfg.log)
		fclose(cfg.log);
	return rc;
}
