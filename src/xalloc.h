/* xalloc.h: allocation that never returns NULL; on failure it says so and aborts. */
#ifndef BANKTERM_XALLOC_H
#define BANKTERM_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Wipes n bytes of p so a secret does not linger in freed memory, then frees. */
void xfree_secret(void *p, size_t n);
/* Grows a buffer that may hold a secret: the first `used` bytes of p (a
 * block of cap bytes, or NULL) in a new block of n bytes; p is wiped and
 * freed (realloc would leave the old block as it was). */
void *xrealloc_secret(void *p, size_t used, size_t cap, size_t n);

#endif
