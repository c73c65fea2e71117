/* walwrite.h: a VFS over SQLite's default one whose WAL files take each
 * frame in one write (see walwrite.c). */
#ifndef BANKTERM_SANDBOX_WALWRITE_H
#define BANKTERM_SANDBOX_WALWRITE_H

#include <sqlite3.h>

/* Registers it once (not as the default); returns its name for
 * sqlite3_open_v2, or NULL when it cannot be (then SQLite's own serves). */
const char *walwrite_register(void);

#endif
