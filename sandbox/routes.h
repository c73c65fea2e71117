/* routes.h: the route table (routes.c), for the server and main.c. */
#ifndef BANKTERM_SANDBOX_ROUTES_H
#define BANKTERM_SANDBOX_ROUTES_H

#include <stdbool.h>
#include <stdio.h>

#include "reply.h"

/* Runs the handler of c's method and path (after any fault armed for it),
 * or replies 404 or 405. */
void routes_dispatch(struct sb_ctx *c);
/* Whether /v1/sandbox/ is served (--demo-controls); it is not by default. */
void routes_enable_controls(bool on);
/* Every route as "METHOD /v1/path/{id}", one a line (for tests and docs). */
void routes_print(FILE *to);

#endif
