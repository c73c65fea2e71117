/* i18n.h: the one place user-visible strings get their translation macros. */
#ifndef BANKTERM_I18N_H
#define BANKTERM_I18N_H

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#else
#define _(s) (s)
#define ngettext(s, p, n) ((n) == 1 ? (s) : (p))
#endif
/* Marks a string for extraction; it is translated where it is shown. */
#define N_(s) (s)

#endif
