/* fuzz_vop.c: any two names (split at the first newline) through
 * Verification of Payee's matching, both ways: never a crash or a read
 * out of bounds; an outcome of the three, a similarity from 0 to 1; a name
 * always matches itself when it holds a word. */
#include "config.h"

#include "fuzz.h"

#include "vop_match.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size), *nl = strchr(s, '\n'), out[256];
	const char *a = s, *b = nl ? nl + 1 : "";
	double sim = -1;
	enum vop_outcome o;

	if (nl)
		*nl = '\0';
	o = vop_match(a, b, &sim);
	FUZZ_REQUIRE(o == VOP_MATCH || o == VOP_CLOSE || o == VOP_NO_MATCH);
	FUZZ_REQUIRE(sim >= 0.0 && sim <= 1.0);
	o = vop_match(b, a, &sim);
	FUZZ_REQUIRE(sim >= 0.0 && sim <= 1.0);
	vop_normalise(a, true, out, sizeof out);
	FUZZ_REQUIRE(strlen(out) < sizeof out);
	if (*out && out[0] != ' ' && out[0] != '[')
		FUZZ_REQUIRE(vop_match(a, a, NULL) == VOP_MATCH);
	free(s);
	return 0;
}
