/* fuzz_support.c: any bytes as the bank's answer about support, through the
 * decoders of a conversation list, a conversation and a help article: never
 * a crash, a leak or an out-of-bounds read, and whatever is decoded is safe
 * for a terminal (no control character, no escape; a message keeps only its
 * new lines). */
#include "config.h"

#include "fuzz.h"

#include "api.h"
#include "http.h"
#include "support.h"

/* No control character in s (new lines allowed when lines). */
static int safe(const char *s, int lines)
{
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
		if ((*p < 0x20 && !(lines && *p == '\n')) || *p == 0x7f)
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_response rs = { 200, fuzz_string(data, size), size, "application/json" };
	json_object *o = NULL;
	struct api_error err;

	rs.len = strlen(rs.body);
	if (api_parse(&rs, &o, &err)) {
		struct support_thread *list = NULL, t = { 0 };
		struct help_doc d = { 0 };
		size_t n = 0;

		if (support_threads_decode(o, &list, &n, &err)) {
			for (size_t i = 0; i < n; i++) {
				FUZZ_REQUIRE(safe(list[i].subject, 0) && safe(list[i].customer, 0));
				FUZZ_REQUIRE(!list[i].messages);
			}
			support_threads_free(list, n);
		}
		if (support_thread_decode(o, &t, &err)) {
			FUZZ_REQUIRE(safe(t.subject, 0));
			for (size_t i = 0; i < t.nmessages; i++) {
				char when[17];
				FUZZ_REQUIRE(safe(t.messages[i].body, 1) && safe(t.messages[i].author, 0));
				FUZZ_REQUIRE(t.messages[i].narticles <= SUPPORT_ARTICLES);
				for (size_t k = 0; k < t.messages[i].narticles; k++)
					FUZZ_REQUIRE(safe(t.messages[i].articles[k].title, 0));
				support_when(t.messages[i].at, when);
				FUZZ_REQUIRE(strlen(when) <= 16);
			}
			support_thread_clear(&t);
		}
		if (support_article_decode(o, &d, &err)) {
			FUZZ_REQUIRE(safe(d.title, 0) && safe(d.body, 1));
			support_article_clear(&d);
		}
		json_object_put(o);
	}
	free(rs.body);
	return 0;
}
