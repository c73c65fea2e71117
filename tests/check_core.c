/* check_core.c: runs every core suite; CK_RUN_SUITE=money runs just one. */
#include "config.h"

#include <stdlib.h>

#include "check_suites.h"

int main(void)
{
	SRunner *sr = srunner_create(money_suite());
	int failed;

	srunner_add_suite(sr, iban_suite());
	srunner_add_suite(sr, text_suite());
	srunner_add_suite(sr, totp_suite());
	srunner_add_suite(sr, uuid_suite());
	srunner_add_suite(sr, json_suite());
	srunner_add_suite(sr, api_suite());
	srunner_add_suite(sr, conf_suite());
	srunner_add_suite(sr, worker_suite());
	srunner_add_suite(sr, pay_suite());
	srunner_add_suite(sr, op_suite());
	srunner_add_suite(sr, domain_suite());
	srunner_add_suite(sr, journal_suite());
	srunner_add_suite(sr, vop_suite());
	srunner_add_suite(sr, dbus_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
