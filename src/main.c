/* main.c: the bankterm program: sets up locale and translations, reads the
 * global options and hands over to a command.  Commands arrive with the core
 * (issue: API client and command line); until then only the global options
 * exist, and anything else is refused with a usage error. */
#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "bankterm.h"

/* Documented in bankterm(1), EXIT STATUS. */
enum exit_code { EXIT_OK = 0, EXIT_ERROR = 1, EXIT_USAGE = 2 };

static void usage(FILE *to)
{
	fprintf(to, _("Usage: %s [OPTION]...\n"), PACKAGE);
	fputs(_("A terminal client for a bank's HTTP/JSON API.\n\n"), to);
	fputs(_("  -h, --help     show this help and exit\n"), to);
	fputs(_("  -V, --version  show the version and exit\n"), to);
	fputs(_("\nSee bankterm(1) for the full manual.\n"), to);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	setlocale(LC_ALL, "");
#ifdef ENABLE_NLS
	bindtextdomain(PACKAGE, LOCALEDIR);
	textdomain(PACKAGE);
#endif

	while ((c = getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("%s %s\n", PACKAGE, VERSION);
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		/* L10N: %s is what the user typed where a command was expected. */
		fprintf(stderr, _("%s: unknown command '%s'\n"), PACKAGE, argv[optind]);
		usage(stderr);
		return EXIT_USAGE;
	}
	usage(stdout);
	return EXIT_OK;
}
