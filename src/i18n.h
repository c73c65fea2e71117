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

/* A word that means two things in English and not in every language
 * ("open": the key's action, and a conversation's state) carries a context
 * (gettext's msgctxt): NC_ marks it, C_ translates it at once, and
 * i18n_ctx translates one marked by NC_ where it is shown.  Untranslated,
 * the word is shown without its context. */
#include <string.h>
#define NC_(ctx, s) ctx "\004" s
#define C_(ctx, s) i18n_ctx(NC_(ctx, s))
static inline const char *i18n_ctx(const char *msg)
{
	const char *t = _(msg), *e;

	return t == msg && (e = strchr(msg, '\004')) ? e + 1 : t;
}

#endif
