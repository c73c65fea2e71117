/* totp_now.c: prints the current 6-digit TOTP code for a base32 secret, so
 * shell tests can answer the sandbox's one-time-code prompts. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "totp.h"

int main(int argc, char **argv)
{
	unsigned char key[64];
	char code[TOTP_DIGITS_MAX + 1];
	long n;
	long long offset = argc > 2 ? atoll(argv[2]) : 0;

	if (argc < 2 || (n = base32_decode(argv[1], key, sizeof key)) <= 0) {
		fprintf(stderr, "usage: totp_now BASE32-SECRET [SECONDS-OFFSET]\n");
		return 2;
	}
	if (totp_code(key, (size_t)n, TOTP_SHA1, (uint64_t)(time(NULL) + offset), 0, 30, 6, code))
		return 1;
	puts(code);
	return 0;
}
