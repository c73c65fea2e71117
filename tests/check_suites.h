/* check_suites.h: one Check suite per core module, all run by check_core. */
#ifndef BANKTERM_CHECK_SUITES_H
#define BANKTERM_CHECK_SUITES_H

#include <check.h>

Suite *money_suite(void);
Suite *iban_suite(void);
Suite *text_suite(void);
Suite *totp_suite(void);
Suite *uuid_suite(void);
Suite *json_suite(void);
Suite *api_suite(void);
Suite *conf_suite(void);
Suite *worker_suite(void);
Suite *pay_suite(void);
Suite *op_suite(void);
Suite *domain_suite(void);
Suite *journal_suite(void);
Suite *vop_suite(void);
Suite *dbus_suite(void);

#endif
