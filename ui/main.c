/* main.c: the bankterm program, and its composition root: the one file that
 * sees both layers and joins them, handing the command line (src/cli.c) the
 * full-screen interface (ui/) to run when no command is given.  Before
 * that: the process's safety settings, locale and translations. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "bankterm.h"
#include "cli.h"
#include "ui.h"

int main(int argc, char **argv)
{
	/* A core dump would hold tokens and passwords: none, and no ptrace by peers. */
	struct rlimit none = { 0, 0 };
	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);

	setlocale(LC_ALL, "");
#ifdef ENABLE_NLS
	{
		/* The catalogs of an uninstalled build (the tests use it); the
		 * installed ones otherwise. */
		const char *dir = getenv("BANKTERM_LOCALEDIR");
		bindtextdomain(PACKAGE, dir && *dir == '/' ? dir : LOCALEDIR);
	}
	textdomain(PACKAGE);
#endif
	return cli_main(argc, argv, ui_main);
}
