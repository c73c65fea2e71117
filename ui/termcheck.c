/* termcheck.c: whether this terminal can hold the full screen, asked of
 * terminfo before bankterm signs in (term.h's names stay in this file). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui.h"
#include <term.h>

/* Whether this terminal can hold the full screen: a terminal, of a type the
 * terminfo database knows, that can move its cursor.  Said in words if not. */
int ui_terminal_check(void)
{
	const char *env = getenv("TERM");
	char *term = text_sanitize(env ? env : "", env ? strlen(env) : 0, 0);
	TERMINAL *saved = cur_term;
	int err = 0, rc = EXIT_OK;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, _("%s: the full-screen interface needs a terminal; give a command, or --snapshot\n"),
			PACKAGE);
		rc = EXIT_USAGE;
	} else if (setupterm(NULL, STDOUT_FILENO, &err) != OK) {
		/* L10N: the second %s is the value of TERM; the last is the program's name. */
		fprintf(stderr, _("%s: the terminal type '%s' is not known here, and the full screen needs it; "
				  "the command line works: '%s --help' lists its commands\n"),
			PACKAGE, term, PACKAGE);
		rc = EXIT_USAGE;
	} else {
		const char *cup = tigetstr("cup");
		if (!cup || cup == (const char *)-1 || tigetflag("hc") > 0) {
			/* L10N: the second %s is the value of TERM; the last is the program's name. */
			fprintf(stderr, _("%s: this terminal (TERM=%s) cannot move its cursor, which the full screen "
					  "needs; the command line works: '%s --help' lists its commands\n"),
				PACKAGE, term, PACKAGE);
			rc = EXIT_USAGE;
		}
		del_curterm(cur_term);
		set_curterm(saved);
	}
	free(term);
	return rc;
}

