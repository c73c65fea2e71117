/* fuzz_conf.c: any bytes as the config file: never a crash or a leak,
 * whatever its lines, sections and keys. */
#include "config.h"

#include "fuzz.h"

#include "conf.h"

static void quiet(void *ctx, const char *message)
{
	(void)ctx;
	(void)message;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;

	memset(&cfg, 0, sizeof cfg);
	config_parse("fuzz", (const char *)data, size, &cfg, quiet, NULL);
	(void)config_profile(&cfg, NULL);
	(void)config_profile(&cfg, "work");
	config_free(&cfg);
	return 0;
}
