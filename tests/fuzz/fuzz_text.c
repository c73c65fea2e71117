/* fuzz_text.c: any bytes from the bank through the terminal filter.
 * Property: what comes out is valid UTF-8 with no C0 or C1 control, no DEL
 * and no bidi control (a newline only when asked for), and fits where the
 * truncation says; text_is_day never reads past its input. */
#include "config.h"

#include "fuzz.h"

#include "text.h"

static int forbidden(uint32_t cp, unsigned flags)
{
	if (cp == '\n')
		return !(flags & TEXT_MULTILINE);
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || cp == 0x200e ||
	       cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned flags = size && (data[0] & 1) ? TEXT_MULTILINE : 0;
	char *s = text_sanitize((const char *)data, size, flags), cut[64];
	char *copy = fuzz_string(data, size);
	size_t n = strlen(s);

	for (const char *p = s; n;) {
		uint32_t cp;
		size_t len = utf8_decode(p, n, &cp);
		FUZZ_REQUIRE(len > 0);
		FUZZ_REQUIRE(!forbidden(cp, flags));
		p += len;
		n -= len;
	}
	FUZZ_REQUIRE(text_truncate(s, 10, NULL, cut, sizeof cut) <= 10);
	(void)text_is_day(copy);
	free(copy);
	free(s);
	return 0;
}
