/* lang.h: the bank's own words in the customer's language.  A request's
 * Accept-Language picks one of the languages the bank writes (English, and
 * the six the client ships); what the bank writes for a customer (alert
 * titles and bodies, so far) is stored as an English template with its
 * arguments and rendered in that language when it is read.  A language the
 * bank lacks gets English. */
#ifndef SANDBOX_LANG_H
#define SANDBOX_LANG_H

enum sb_lang { LANG_EN, LANG_DE, LANG_ES, LANG_FR, LANG_JA, LANG_ZH_CN, LANG_ZH_TW, LANG_COUNT };

/* The best of our languages for an Accept-Language value (NULL: English). */
enum sb_lang lang_pick(const char *accept);
/* Its tag, for Content-Language: "en", "de", ..., "zh-CN". */
const char *lang_tag(enum sb_lang l);
/* english (a title, a template, a word such as a category) in l; english
 * itself when there is no translation. */
const char *lang_text(enum sb_lang l, const char *english);
/* english in l if it is one of the bank's own words in a history ("Opening
 * balance", "Card payment"), else unchanged: names of people and shops are
 * never translated, even when one is also a word ("May"). */
const char *lang_history(enum sb_lang l, const char *english);
/* An argument that is one of the bank's words (a category, a tier, a
 * month) starts with this mark, and is written in the customer's language;
 * any other argument (a name, an amount) is written as it is. */
#define LANG_WORD "\x1f"
/* An amount ("\x1e" "-10937 USD": minor units and the currency) and a day
 * ("\x1d" "2026-12-04") are written as the customer's language writes them:
 * "-109,37 USD" and "04.12.2026" in German. */
#define LANG_MONEY "\x1e"
#define LANG_DAY "\x1d"
struct money;
/* Writes m as a LANG_MONEY argument into out (at least 40 bytes). */
void lang_money_arg(const struct money *m, char *out, size_t len);
/* A template ("A new bill from {1} has arrived.") in l with {1}..{9}
 * replaced by args[0..] (NULL-terminated; see LANG_WORD).  Returns a
 * malloc'd string. */
char *lang_render(enum sb_lang l, const char *tpl, const char *const *args);

#endif
