/* vop.h: Verification of Payee, the bank's side (vop.c): the directory of
 * account holders, put in the database when it holds another version. */
#ifndef SANDBOX_VOP_H
#define SANDBOX_VOP_H

#include <sqlite3.h>

/* The directory's version: a database that holds another gets this one. */
#define VOP_DIRECTORY_VERSION "1"

/* Puts the directory in the database (inside the caller's transaction). */
int vop_install(sqlite3 *db);

#endif
