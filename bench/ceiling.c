/* ceiling.c: the physical ceiling the sandbox is compared with: how many
 * single-row transactions per second SQLite commits on this disk with the
 * sandbox's own durability (WAL, synchronous=FULL), one writer.
 *
 *   ceiling FILE COUNT  ->  "commits=N seconds=S per_second=R" */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <sqlite3.h>

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int count;
	double t0, s;

	if (argc != 3 || (count = atoi(argv[2])) <= 0) {
		fprintf(stderr, "usage: ceiling FILE COUNT\n");
		return 2;
	}
	if (sqlite3_open(argv[1], &db) != SQLITE_OK)
		return 1;
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
			 "CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, v INTEGER NOT NULL);",
		     NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO t(v) VALUES (?1)", -1, &st, NULL);
	t0 = now_s();
	for (int i = 0; i < count; i++) {
		sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		sqlite3_bind_int(st, 1, i);
		sqlite3_step(st);
		sqlite3_reset(st);
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	}
	s = now_s() - t0;
	printf("commits=%d seconds=%.3f per_second=%.1f\n", count, s, count / s);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return 0;
}
