/* ui.h: what the curses layer offers the program: the full-screen
 * interface, and one screen rendered as plain text (--snapshot). */
#ifndef BANKTERM_UI_H
#define BANKTERM_UI_H

#include "cli.h"

/* Runs the interface on a signed-in run context; returns an exit status. */
int ui_main(struct run *c, const struct cli_ui_options *o);

#endif
