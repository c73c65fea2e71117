/* uuid.h: random (version 4) UUIDs, the idempotency keys of money movements. */
#ifndef BANKTERM_UUID_H
#define BANKTERM_UUID_H

/* "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" and its NUL */
#define UUID_STR_LEN 37

/* Writes a fresh UUID v4 from the kernel's getrandom().
 * @return 0, or -1 with errno set when no randomness could be had */
int uuid_v4(char out[UUID_STR_LEN]);
/* True when s is a UUID in the canonical lowercase or uppercase form. */
int uuid_valid(const char *s);

#endif
