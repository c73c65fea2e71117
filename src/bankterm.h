/* bankterm.h: what the core (src/) offers the curses layer (ui/) and the
 * programs.  One include names every public module; each module keeps its own
 * small header so a file pulls in only what it uses. */
#ifndef BANKTERM_H
#define BANKTERM_H

#include "i18n.h"   /* _(), N_(), ngettext */
#include "iban.h"   /* IBAN check, grouping, masking */
#include "money.h"  /* int64 minor units + ISO 4217 */
#include "text.h"   /* terminal-safe text, display width */
#include "totp.h"   /* RFC 6238 one-time passwords, base32 */
#include "uuid.h"   /* v4 UUIDs for idempotency keys */
#include "xalloc.h" /* allocation that cannot return NULL */

#endif
