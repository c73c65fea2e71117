/* help.h: the bank's help articles, written for this bank and this
 * product, in English and in each language the client ships.  Each
 * language is a table (help_en.c, help_de.c ...) of the same articles,
 * by slug; help.c loads them into the database and its search index. */
#ifndef SANDBOX_HELP_H
#define SANDBOX_HELP_H

struct help_article {
	const char *slug;  /* the article's id, the same in every language */
	const char *title;
	const char *body;  /* plain text: paragraphs split by a blank line; a list item starts "- " */
};

/* Each table ends with a row of NULLs. */
extern const struct help_article help_en[], help_de[], help_es[], help_fr[], help_ja[], help_zh_CN[],
	help_zh_TW[];

#include <stddef.h>

#include <sqlite3.h>

#include "lang.h"

#define HELP_SLUG_MAX 40

/* The query that counts 1 when the database holds this build's articles. */
int help_installed_query(char *out, size_t len);
/* Puts every article and its index in the database (inside the caller's transaction). */
int help_install(sqlite3 *db);
/* The slugs of up to max articles in l that best answer question; returns how many. */
int help_suggest(sqlite3 *db, enum sb_lang l, const char *question, char slugs[][HELP_SLUG_MAX], int max);

#endif
