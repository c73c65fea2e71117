/* xalloc.c: the xmalloc family.  Running out of memory is not recoverable in
 * an interactive client, so every allocation either succeeds or aborts with a
 * message (never a silent NULL that a caller forgets to check). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "xalloc.h"

static void xalloc_die(size_t n)
{
	fprintf(stderr, _("bankterm: out of memory (%zu bytes)\n"), n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		xalloc_die(n);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		xalloc_die(count * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		xalloc_die(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void xfree_secret(void *p, size_t n)
{
	if (!p)
		return;
	explicit_bzero(p, n);
	free(p);
}

void *xrealloc_secret(void *p, size_t used, size_t cap, size_t n)
{
	void *q = xmalloc(n);

	if (p) {
		memcpy(q, p, used);
		xfree_secret(p, cap);
	}
	return q;
}
