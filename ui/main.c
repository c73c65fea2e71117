/* main.c: the bankterm program, and its composition root: the one file that
 * sees both layers and joins them, handing the command line (src/cli.c) the
 * full-screen interface (ui/) to run when no command is given.  Before
 * that: the process's safety settings, locale and translations. */
#include "config.h"

#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bankterm.h"
#include "cli.h"
#include "ui.h"

#ifdef ENABLE_NLS
/* Whether this program is the one in the build tree (not an installed copy). */
static bool running_uninstalled(void)
{
	char exe[PATH_MAX], build[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	struct stat st;

	if (n <= 0 || !realpath(BUILD_DIR, build))
		return false;
	exe[n] = '\0';
	if (!(slash = strrchr(exe, '/')))
		return false;
	*slash = '\0';
	return !strcmp(exe, build) && stat(BUILD_LOCALEDIR, &st) == 0 && S_ISDIR(st.st_mode);
}
#endif

int main(int argc, char **argv)
{
	/* A core dump would hold tokens and passwords: none, and no ptrace by peers. */
	struct rlimit none = { 0, 0 };
	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);

	setlocale(LC_ALL, "");
#ifdef ENABLE_NLS
	{
		/* BANKTERM_LOCALEDIR when given; the catalogs compiled beside an
		 * uninstalled build when this is it; the installed ones otherwise. */
		const char *dir = getenv("BANKTERM_LOCALEDIR");
		bindtextdomain(PACKAGE, dir && *dir == '/' ? dir : running_uninstalled() ? BUILD_LOCALEDIR : LOCALEDIR);
	}
	textdomain(PACKAGE);
#endif
	return cli_main(argc, argv, ui_main);
}
