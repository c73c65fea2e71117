/* intent.c: pending money movements as small JSON files, one per
 * Idempotency-Key, written with fsync before the request leaves. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "i18n.h"
#include "intent.h"
#include "json.h"
#include "xalloc.h"

#define INTENT_MAX_BYTES (64 * 1024)

bool state_dir(const char *sub, char *out, size_t len, bool create)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

	if (state && *state == '/')
		snprintf(out, len, "%s/bankterm%s%s", state, *sub ? "/" : "", sub);
	else if (home && *home == '/')
		snprintf(out, len, "%s/.local/state/bankterm%s%s", home, *sub ? "/" : "", sub);
	else
		return false;
	if (!create)
		return true;
	/* Each level: the state dir may not exist yet on a fresh account. */
	for (char *p = out + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(out, 0700) && errno != EEXIST) {
			*p = '/';
			return false;
		}
		*p = '/';
	}
	return !(mkdir(out, 0700) && errno != EEXIST);
}

static bool intent_dir(char *out, size_t len, bool create)
{
	return state_dir("intents", out, len, create);
}

static void path_of(const char *dir, const char *key, char *out, size_t len)
{
	snprintf(out, len, "%s/%s.json", dir, key);
}

bool intent_save(struct intent *in, char *msg, size_t msglen)
{
	char dir[1100], path[1200], tmp[1220];
	json_object *o = json_object_new_object(), *body = NULL;
	struct json_error jerr = { 0 };
	const char *text;
	int fd;
	bool ok = false;

	/* A key already set is the same request again (with a step-up code). */
	if ((!uuid_valid(in->key) && uuid_v4(in->key) != 0) || !intent_dir(dir, sizeof dir, true)) {
		/* L10N: the intents keep unfinished payments safe across crashes. */
		snprintf(msg, msglen, "%s", _("cannot write down the payment before sending it (no state directory)"));
		json_object_put(o);
		return false;
	}
	in->created_at = (long long)time(NULL);
	json_parse(in->body, strlen(in->body), INTENT_MAX_BYTES, &body, &jerr);
	json_object_object_add(o, "key", json_object_new_string(in->key));
	json_object_object_add(o, "server", json_object_new_string(in->server));
	json_object_object_add(o, "user", json_object_new_string(in->user));
	json_object_object_add(o, "method", json_object_new_string(in->method));
	json_object_object_add(o, "path", json_object_new_string(in->path));
	json_object_object_add(o, "body", body ? body : json_object_new_string(in->body));
	json_object_object_add(o, "summary", json_object_new_string(in->summary));
	json_object_object_add(o, "created_at", json_object_new_int64(in->created_at));
	text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	path_of(dir, in->key, path, sizeof path);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	/* Written whole, synced, then renamed: a crash leaves the old state or the new, never half. */
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text) && fsync(fd) == 0 &&
	    close(fd) == 0 && rename(tmp, path) == 0) {
		int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
		ok = true;
	} else {
		/* L10N: %s is the system's reason. */
		snprintf(msg, msglen, _("cannot write down the payment before sending it: %s"), strerror(errno));
		if (fd >= 0)
			close(fd);
		unlink(tmp);
	}
	json_object_put(o);
	return ok;
}

void intent_forget(const struct intent *in)
{
	char dir[1100], path[1200];

	if (intent_dir(dir, sizeof dir, false)) {
		path_of(dir, in->key, path, sizeof path);
		unlink(path);
	}
}

/* Reads one intent file; false when it is not one (it is then left alone). */
static bool load(const char *path, struct intent *in)
{
	FILE *f = fopen(path, "re");
	char buf[INTENT_MAX_BYTES];
	size_t n;
	json_object *o = NULL, *body = NULL;
	struct json_error jerr = { 0 };
	const char *key, *server, *user, *method, *p, *summary;
	int64_t created = 0;
	bool ok = false;

	if (!f)
		return false;
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	memset(in, 0, sizeof *in);
	if (json_parse(buf, n, sizeof buf, &o, &jerr) == JSON_OK && json_object_is_type(o, json_type_object) &&
	    !json_get_string(o, NULL, "key", 0, UUID_STR_LEN - 1, &key, &jerr) && uuid_valid(key) &&
	    !json_get_string(o, NULL, "server", 0, sizeof in->server - 1, &server, &jerr) &&
	    !json_get_string(o, NULL, "user", 0, sizeof in->user - 1, &user, &jerr) &&
	    !json_get_string(o, NULL, "method", 0, sizeof in->method - 1, &method, &jerr) &&
	    !json_get_string(o, NULL, "path", 0, sizeof in->path - 1, &p, &jerr) &&
	    !json_get_string(o, NULL, "summary", 0, sizeof in->summary - 1, &summary, &jerr) &&
	    !json_get_int64(o, NULL, "created_at", 0, 0, INT64_MAX, &created, &jerr) &&
	    json_object_object_get_ex(o, "body", &body)) {
		snprintf(in->key, sizeof in->key, "%s", key);
		snprintf(in->server, sizeof in->server, "%s", server);
		snprintf(in->user, sizeof in->user, "%s", user);
		snprintf(in->method, sizeof in->method, "%s", method);
		snprintf(in->path, sizeof in->path, "%s", p);
		snprintf(in->summary, sizeof in->summary, "%s", summary);
		in->body = xstrdup(json_object_is_type(body, json_type_string)
					   ? json_object_get_string(body)
					   : json_object_to_json_string_ext(body, JSON_C_TO_STRING_PLAIN));
		in->created_at = created;
		ok = true;
	}
	json_object_put(o);
	return ok;
}

static int by_time(const void *a, const void *b)
{
	const struct intent *x = a, *y = b;
	return x->created_at < y->created_at ? -1 : x->created_at > y->created_at;
}

struct intent *intent_pending(const char *server, const char *user, size_t *n)
{
	char dir[1100], path[1400];
	struct intent *list = NULL, one;
	DIR *d;
	struct dirent *e;

	*n = 0;
	if (!intent_dir(dir, sizeof dir, false) || !(d = opendir(dir)))
		return NULL;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len < 6 || strcmp(e->d_name + len - 5, ".json"))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (!load(path, &one))
			continue;
		if (strcmp(one.server, server) || strcmp(one.user, user)) {
			free(one.body);
			continue;
		}
		list = xrealloc(list, (*n + 1) * sizeof *list);
		list[(*n)++] = one;
	}
	closedir(d);
	if (*n)
		qsort(list, *n, sizeof *list, by_time);
	return list;
}

void intent_list_free(struct intent *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i].body);
	free(list);
}
