/* check_uuid.c: v4 UUIDs for idempotency keys: form, version, uniqueness. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "uuid.h"

START_TEST(validator_rejects_junk)
{
	ck_assert(!uuid_valid(NULL));
	ck_assert(!uuid_valid(""));
	ck_assert(!uuid_valid("123e4567-e89b-42d3-a456-42661417400"));
	ck_assert(!uuid_valid("123e4567-e89b-42d3-a456-4266141740000"));
	ck_assert(!uuid_valid("123e4567e89b-42d3-a456-4266141740000"));
	ck_assert(!uuid_valid("123e4567-e89b-42d3-a456-42661417400g"));
	ck_assert(!uuid_valid("123e4567-e89b-42d3-a456\n426614174000"));
	ck_assert(uuid_valid("123e4567-e89b-42d3-a456-426614174000"));
}
END_TEST

START_TEST(fresh_uuids_have_the_v4_form)
{
	char u[UUID_STR_LEN];
	ck_assert_int_eq(uuid_v4(u), 0);
	ck_assert_int_eq(strlen(u), 36);
	ck_assert(uuid_valid(u));
	ck_assert_int_eq(u[14], '4');
	ck_assert_ptr_nonnull(strchr("89ab", u[19]));
	for (int i = 0; i < 36; i++)
		ck_assert(u[i] == '-' || (u[i] >= '0' && u[i] <= '9') || (u[i] >= 'a' && u[i] <= 'f'));
}
END_TEST

static int cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

START_TEST(thousands_are_all_different)
{
	enum { N = 4096 };
	char(*u)[UUID_STR_LEN] = malloc(N * UUID_STR_LEN);
	ck_assert_ptr_nonnull(u);
	for (int i = 0; i < N; i++)
		ck_assert_int_eq(uuid_v4(u[i]), 0);
	qsort(u, N, UUID_STR_LEN, cmp);
	for (int i = 1; i < N; i++)
		ck_assert_str_ne(u[i - 1], u[i]);
	free(u);
}
END_TEST

Suite *uuid_suite(void)
{
	Suite *s = suite_create("uuid");
	TCase *tc = tcase_create("uuid");
	tcase_add_test(tc, validator_rejects_junk);
	tcase_add_test(tc, fresh_uuids_have_the_v4_form);
	tcase_add_test(tc, thousands_are_all_different);
	suite_add_tcase(s, tc);
	return s;
}
