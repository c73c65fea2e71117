/* faults.c: the test controls of the sandbox: faults armed for the next
 * requests to a path (or asked for with the X-Sandbox-Fault header),
 * expiring every access token, and what the benchmarks count.  All of it
 * only with --faults, but the counts. */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "faults.h"
#include "handlers.h"
#include "sandbox.h"

static bool enabled;

void faults_enable(bool on)
{
	enabled = on;
}

/* Faults armed through POST /sandbox/faults, for clients that cannot send
 * the header (bankterm itself): the next `count` requests to method and path. */
static pthread_mutex_t armed_lock = PTHREAD_MUTEX_INITIALIZER;
static struct armed {
	char method[8], path[160], fault[24];
	int count;
} armed[8];

static bool fault_known(const char *f)
{
	return !strcmp(f, "drop-before") || !strcmp(f, "drop-after") || !strcmp(f, "status=500") ||
	       !strcmp(f, "status=503") || !strncmp(f, "delay=", 6) || !strncmp(f, "hold=", 5) ||
	       !strncmp(f, "hold-fail=", 10);
}

/* Copies the fault armed for this request into out (and spends one), or returns false. */
static bool take_armed(struct sb_ctx *c, char out[24])
{
	bool hit = false;

	pthread_mutex_lock(&armed_lock);
	for (size_t i = 0; i < sizeof armed / sizeof armed[0] && !hit; i++) {
		if (armed[i].count > 0 && !strcmp(armed[i].method, c->method) && !strcmp(armed[i].path, c->path)) {
			memcpy(out, armed[i].fault, 24);
			armed[i].count--;
			hit = true;
		}
	}
	pthread_mutex_unlock(&armed_lock);
	return hit;
}

void sandbox_faults(struct sb_ctx *c)
{
	json_object *body;
	struct json_error err = { 0 };
	const char *method = NULL, *path = NULL, *fault = NULL;
	int64_t count = 1;
	size_t slot = sizeof armed / sizeof armed[0];

	if (!enabled) {
		sb_problem(c, 404, "not_found", "fault injection is off: start the sandbox with --faults", NULL);
		return;
	}
	if (!(body = sb_body(c)))
		return;
	if (json_get_string(body, NULL, "method", 0, 7, &method, &err) ||
	    json_get_string(body, NULL, "path", 0, 159, &path, &err) ||
	    json_get_string(body, NULL, "fault", 0, 23, &fault, &err) ||
	    json_get_int64(body, NULL, "count", JSON_OPTIONAL, 0, 100, &count, &err)) {
		sb_bad_field(c, &err);
	} else if (!fault_known(fault)) {
		sb_field_problem(c, "fault", "fault is drop-before, drop-after, delay=MS, hold=MS, hold-fail=MS, "
				 "status=500 or status=503");
	} else {
		pthread_mutex_lock(&armed_lock);
		/* The slot already armed for this request, else the first free one. */
		for (size_t i = 0; i < sizeof armed / sizeof armed[0]; i++)
			if (!strcmp(armed[i].method, method) && !strcmp(armed[i].path, path))
				slot = i;
		for (size_t i = 0; i < sizeof armed / sizeof armed[0] && slot == sizeof armed / sizeof armed[0]; i++)
			if (armed[i].count <= 0)
				slot = i;
		if (slot < sizeof armed / sizeof armed[0]) {
			snprintf(armed[slot].method, sizeof armed[slot].method, "%s", method);
			snprintf(armed[slot].path, sizeof armed[slot].path, "%s", path);
			snprintf(armed[slot].fault, sizeof armed[slot].fault, "%s", fault);
			armed[slot].count = (int)count;
		}
		pthread_mutex_unlock(&armed_lock);
		if (slot < sizeof armed / sizeof armed[0])
			sb_reply(c, 200, json_object_get(body));
		else
			sb_problem(c, 503, "unavailable", "eight faults are armed already", NULL);
	}
	json_object_put(body);
}

/* POST /sandbox/expire-access-tokens: every access token expires now, so a
 * test can watch a client refresh on its 401.  Only with --faults. */
void sandbox_expire_tokens(struct sb_ctx *c)
{
	json_object *o;

	if (!enabled) {
		sb_problem(c, 404, "not_found", "test controls are off: start the sandbox with --faults", NULL);
		return;
	}
	if (!sb_begin(c))
		return;
	db_exec(c->db, "UPDATE tokens SET expires_at = 0 WHERE kind = 'access'");
	o = json_object_new_object();
	json_object_object_add(o, "expired", json_object_new_int(sqlite3_changes(c->db)));
	sb_reply(c, 200, o);
	sb_commit(c);
}

enum fault faults_read(struct sb_ctx *c, unsigned *status)
{
	const char *f;
	char armed_fault[24];

	if (!enabled)
		return FAULT_NONE;
	if (!(f = sb_header(c, "X-Sandbox-Fault"))) {
		if (!take_armed(c, armed_fault))
			return FAULT_NONE;
		f = armed_fault;
	}
	if (!strcmp(f, "drop-before"))
		return FAULT_DROP_BEFORE;
	if (!strcmp(f, "drop-after"))
		return FAULT_DROP_AFTER;
	/* delay=MS: the request waits first.  hold=MS: its turn to write is
	 * held that long, so writers that come meanwhile wait, and share its
	 * transaction (db.c); hold-fail=MS: and that transaction's COMMIT fails. */
	if (!strncmp(f, "delay=", 6) || !strncmp(f, "hold=", 5) || !strncmp(f, "hold-fail=", 10)) {
		long ms = strtol(strchr(f, '=') + 1, NULL, 10);

		if (ms <= 0 || ms > 60000)
			return FAULT_NONE;
		if (f[0] == 'd')
			sb_sleep_ms(ms);
		else
			db_hold_turn(ms, f[4] == '-');
		return FAULT_NONE;
	}
	if (!strcmp(f, "status=500") || !strcmp(f, "status=503")) {
		*status = (unsigned)atoi(f + 7);
		return FAULT_STATUS;
	}
	return FAULT_NONE;
}

/* What the benchmarks count at the bank's side: connections and requests,
 * and writers' parts committed beside the commits that held them. */
static atomic_long stat_connections, stat_requests;

void faults_count_connection(void)
{
	atomic_fetch_add(&stat_connections, 1);
}

void faults_count_request(void)
{
	atomic_fetch_add(&stat_requests, 1);
}

void sandbox_stats(struct sb_ctx *c)
{
	json_object *o = json_object_new_object();
	uint64_t writes, commits;

	db_write_stats(&writes, &commits);
	json_object_object_add(o, "connections", json_object_new_int64(atomic_load(&stat_connections)));
	json_object_object_add(o, "requests", json_object_new_int64(atomic_load(&stat_requests)));
	json_object_object_add(o, "writes", json_object_new_int64((int64_t)writes));
	json_object_object_add(o, "commits", json_object_new_int64((int64_t)commits));
	json_object_object_add(o, "holding", json_object_new_int(db_holding()));
	sb_reply(c, 200, o);
}
