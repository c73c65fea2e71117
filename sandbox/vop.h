/* vop.h: Verification of Payee, the bank's side (vop.c): the directory of
 * account holders, put in the database when it holds another version. */
#ifndef SANDBOX_VOP_H
#define SANDBOX_VOP_H

#include <stdbool.h>

#include <sqlite3.h>

/* The directory's version: a database that holds another gets this one. */
#define VOP_DIRECTORY_VERSION "1"

/* How long a check may be cited by the payee or payment it was made for. */
#define VOP_CITE_AGE 86400

struct sb_ctx;

/* Puts the directory in the database (inside the caller's transaction). */
int vop_install(sqlite3 *db);
/* The outcome (into outcome) a payee or payment to iban, named name, carries
 * from check: false, with the reply said, when the check is not the
 * customer's, is stale, or is for another IBAN or name. */
bool vop_cited(struct sb_ctx *c, const char *check, const char *iban, const char *name, char outcome[16]);
/* Checks name against the holder of iban now and keeps the check (id,
 * outcome; registered gets the holder's name, "" when none answers):
 * false, with the reply said, when it could not be kept.  Not counted
 * against the customer's limit: the caller tells the customer no name. */
bool vop_check_now(struct sb_ctx *c, const char *iban, const char *name, char id[40], char outcome[16],
		   char *registered, size_t reglen);
/* false, with a 409 name_mismatch said, when outcome is no_match and the
 * customer was not warned. */
bool vop_heeded(struct sb_ctx *c, const char *outcome, bool warned);

#endif
