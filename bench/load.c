/* load.c: drives a bankterm-sandbox for the benchmarks (bench/run.sh).
 *
 *   load transfers URL TOKEN FROM TO CLIENTS COUNT
 *     CLIENTS threads, each with its own keep-alive connection, each sends
 *     COUNT transfers of 0.01 between two of the customer's own accounts
 *     (each with its own Idempotency-Key: durable, committed writes).
 *   load pages URL TOKEN ACCOUNT COUNT
 *     follows next_cursor through COUNT pages of an account's transactions.
 *   load search URL TOKEN ACCOUNT ROUNDS FIRST WORD...
 *     ROUNDS times, types each WORD as the full screen sends it: a search
 *     for each of its prefixes of FIRST characters or more (3: as the user
 *     types), the first page of 50 each (what the list shows first).
 *   load help URL ROUNDS LANG:QUESTION...
 *     ROUNDS times, types each question as the Support screen's "find an
 *     answer" sends it: a search of the bank's help articles for each of its
 *     prefixes of 3 characters or more, in the question's language
 *     (Accept-Language: LANG).
 *
 * Prints one line: "requests=N seconds=S per_second=R p50_ms=A p99_ms=B
 * errors=E".  Latencies are per request, measured around curl_easy_perform. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <json-c/json.h>

struct buf {
	char *p;
	size_t n;
};

struct job {
	const char *url, *token, *a, *b;
	int count, id;
	double *lat; /* ms, count of them */
	int errors;
	double started; /* ms, the run's start: part of each Idempotency-Key */
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static size_t on_data(char *p, size_t size, size_t nmemb, void *ctx)
{
	struct buf *b = ctx;
	size_t n = size * nmemb;
	char *q = realloc(b->p, b->n + n + 1);

	if (!q)
		return 0;
	memcpy(q + b->n, p, n);
	b->p = q;
	b->n += n;
	b->p[b->n] = '\0';
	return n;
}

/* The language asked for (load help), or NULL. */
static const char *accept_language;

/* One request; the status, or -1 on a transport error.  The body stays in *out. */
static long request(CURL *c, const char *url, const char *token, const char *body, const char *idem, struct buf *out)
{
	struct curl_slist *h = NULL;
	char auth[1200], key[128];
	long status = -1;

	out->n = 0;
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
	h = curl_slist_append(h, auth);
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "Expect:");
	if (accept_language) {
		snprintf(key, sizeof key, "Accept-Language: %s", accept_language);
		h = curl_slist_append(h, key);
	}
	if (idem) {
		snprintf(key, sizeof key, "Idempotency-Key: %s", idem);
		h = curl_slist_append(h, key);
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
	if (body)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	else
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(h);
	return status;
}

static void *transfers(void *arg)
{
	struct job *j = arg;
	CURL *c = curl_easy_init();
	struct buf out = { NULL, 0 };
	char url[512], body[512], idem[96];

	snprintf(url, sizeof url, "%s/v1/transfers", j->url);
	snprintf(body, sizeof body,
		 "{\"from_account\":\"%s\",\"to_account\":\"%s\",\"amount\":{\"minor\":1,\"currency\":\"USD\"},"
		 "\"reference\":\"bench\"}",
		 j->a, j->b);
	for (int i = 0; i < j->count; i++) {
		double t0 = now_ms();
		long st;
		/* Unique to this run: a repeated key would be a replay, not a transfer. */
		snprintf(idem, sizeof idem, "bench-%ld-%.0f-%d-%d", (long)getpid(), j->started, j->id, i);
		st = request(c, url, j->token, body, idem, &out);
		j->lat[i] = now_ms() - t0;
		if (st != 201)
			j->errors++;
	}
	free(out.p);
	curl_easy_cleanup(c);
	return NULL;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void report(double *lat, int n, double seconds, int errors)
{
	qsort(lat, (size_t)n, sizeof *lat, cmp);
	printf("requests=%d seconds=%.3f per_second=%.1f p50_ms=%.3f p99_ms=%.3f errors=%d\n", n, seconds,
	       n / seconds, n ? lat[n / 2] : 0, n ? lat[(int)(n * 0.99)] : 0, errors);
}

int main(int argc, char **argv)
{
	if (argc == 8 && !strcmp(argv[1], "transfers")) {
		int clients = atoi(argv[6]), count = atoi(argv[7]), errors = 0;
		pthread_t *t = calloc((size_t)clients, sizeof *t);
		struct job *jobs = calloc((size_t)clients, sizeof *jobs);
		double *lat = calloc((size_t)(clients * count), sizeof *lat), t0;

		curl_global_init(CURL_GLOBAL_DEFAULT);
		t0 = now_ms();
		for (int i = 0; i < clients; i++) {
			jobs[i] = (struct job){ argv[2], argv[3], argv[4], argv[5], count, i, lat + i * count, 0, t0 };
			pthread_create(&t[i], NULL, transfers, &jobs[i]);
		}
		for (int i = 0; i < clients; i++) {
			pthread_join(t[i], NULL);
			errors += jobs[i].errors;
		}
		report(lat, clients * count, (now_ms() - t0) / 1e3, errors);
		return errors ? 1 : 0;
	}
	if (argc == 6 && !strcmp(argv[1], "pages")) {
		int count = atoi(argv[5]), errors = 0, n = 0;
		double *lat = calloc((size_t)count, sizeof *lat), t0;
		CURL *c;
		struct buf out = { NULL, 0 };
		char url[1024], cursor[512] = "";

		curl_global_init(CURL_GLOBAL_DEFAULT);
		c = curl_easy_init();
		t0 = now_ms();
		for (; n < count; n++) {
			double t1 = now_ms();
			json_object *doc, *next;
			snprintf(url, sizeof url, "%s/v1/accounts/%s/transactions?limit=50%s%s", argv[2], argv[4],
				 *cursor ? "&cursor=" : "", cursor);
			if (request(c, url, argv[3], NULL, NULL, &out) != 200 || !(doc = json_tokener_parse(out.p))) {
				errors++;
				break;
			}
			lat[n] = now_ms() - t1;
			cursor[0] = '\0';
			if (json_object_object_get_ex(doc, "next_cursor", &next) && json_object_is_type(next, json_type_string))
				snprintf(cursor, sizeof cursor, "%s", json_object_get_string(next));
			json_object_put(doc);
			if (!*cursor) {
				n++;
				break;
			}
		}
		report(lat, n, (now_ms() - t0) / 1e3, errors);
		free(out.p);
		curl_easy_cleanup(c);
		return errors ? 1 : 0;
	}
	if (argc >= 8 && !strcmp(argv[1], "search")) {
		int rounds = atoi(argv[5]), errors = 0, n = 0, cap = 0;
		size_t first = (size_t)atoi(argv[6]);
		double *lat = NULL, t0;
		CURL *c;
		struct buf out = { NULL, 0 };
		char url[1024];

		for (int w = 7; w < argc; w++)
			cap += rounds * (int)strlen(argv[w]);
		lat = calloc((size_t)cap + 1, sizeof *lat);
		curl_global_init(CURL_GLOBAL_DEFAULT);
		c = curl_easy_init();
		t0 = now_ms();
		for (int r = 0; r < rounds; r++)
			for (int w = 7; w < argc; w++)
				for (size_t len = first; len <= strlen(argv[w]); len++) {
					double t1 = now_ms();
					char *q = curl_easy_escape(c, argv[w], (int)len);
					snprintf(url, sizeof url, "%s/v1/accounts/%s/transactions?limit=50&q=%s", argv[2],
						 argv[4], q);
					curl_free(q);
					if (request(c, url, argv[3], NULL, NULL, &out) != 200)
						errors++;
					else
						lat[n++] = now_ms() - t1;
				}
		report(lat, n, (now_ms() - t0) / 1e3, errors);
		free(out.p);
		curl_easy_cleanup(c);
		return errors ? 1 : 0;
	}
	if (argc >= 5 && !strcmp(argv[1], "help")) {
		int rounds = atoi(argv[3]), errors = 0, n = 0, cap = 0;
		double *lat = NULL, t0;
		CURL *c;
		struct buf out = { NULL, 0 };
		char url[2048], lang[16];

		for (int w = 4; w < argc; w++)
			cap += rounds * (int)strlen(argv[w]);
		lat = calloc((size_t)cap + 1, sizeof *lat);
		curl_global_init(CURL_GLOBAL_DEFAULT);
		c = curl_easy_init();
		t0 = now_ms();
		for (int r = 0; r < rounds; r++)
			for (int w = 4; w < argc; w++) {
				const char *q = strchr(argv[w], ':');
				if (!q || q - argv[w] >= (long)sizeof lang)
					continue;
				snprintf(lang, sizeof lang, "%.*s", (int)(q - argv[w]), argv[w]);
				accept_language = lang;
				q++;
				/* Each prefix ending at a character's end, from the third character on. */
				for (size_t len = 1, chars = 0; len <= strlen(q); len++) {
					char *e;
					if (((unsigned char)q[len] & 0xC0) == 0x80 || ++chars < 3)
						continue;
					double t1 = now_ms();
					e = curl_easy_escape(c, q, (int)len);
					snprintf(url, sizeof url, "%s/v1/help/articles?q=%s", argv[2], e);
					curl_free(e);
					if (request(c, url, "-", NULL, NULL, &out) != 200)
						errors++;
					else
						lat[n++] = now_ms() - t1;
				}
			}
		report(lat, n, (now_ms() - t0) / 1e3, errors);
		free(lat);
		free(out.p);
		curl_easy_cleanup(c);
		return errors ? 1 : 0;
	}
	fprintf(stderr, "usage: load transfers URL TOKEN FROM TO CLIENTS COUNT\n"
			"       load pages URL TOKEN ACCOUNT COUNT\n"
			"       load search URL TOKEN ACCOUNT ROUNDS FIRST WORD...\n"
			"       load help URL ROUNDS LANG:QUESTION...\n");
	return 2;
}
