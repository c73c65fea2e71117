/* intent.h: money movements written down before they are attempted.
 *
 * Before the first attempt of a request that moves money, its method, path,
 * body and Idempotency-Key are written (mode 0600) under
 * $XDG_STATE_HOME/bankterm/intents/.  When the bank's answer is lost (a
 * timeout, a dropped connection, a crash), the intent stays, shown as
 * "outcome unknown"; the next run sends it again with the same key, which
 * the bank answers with the stored outcome and never moves money twice.
 * Intents hold no secrets: no tokens, no passwords, no codes. */
#ifndef BANKTERM_INTENT_H
#define BANKTERM_INTENT_H

#include <stdbool.h>
#include <stddef.h>

#include "uuid.h"

struct intent {
	char key[UUID_STR_LEN];
	char server[512], user[72];
	char method[8];
	char path[256];
	char *body;            /* JSON */
	char summary[512];     /* what it does, in the words shown when it was confirmed */
	long long created_at;  /* Unix time */
};

/* $XDG_STATE_HOME/bankterm[/sub] (or ~/.local/state/...), made 0700 when
 * create is set; false without a home or when it cannot be made. */
bool state_dir(const char *sub, char *out, size_t len, bool create);

/* Writes an intent durably (fsync); fills in->key with a new one unless it
 * holds a valid key already.  false and msg on failure. */
bool intent_save(struct intent *in, char *msg, size_t msglen);
/* Deletes a settled intent. */
void intent_forget(const struct intent *in);
/* The pending intents for server and user, oldest first; *n of them. */
struct intent *intent_pending(const char *server, const char *user, size_t *n);
void intent_list_free(struct intent *list, size_t n);

#endif
