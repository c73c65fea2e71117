/* check_vop.c: Verification of Payee's name matching (sandbox/vop_match.c),
 * table-driven: each rule of normalisation, near misses and typos, names
 * that are someone else's, a business taken for a person, and hostile
 * input (empty, punctuation only, invalid UTF-8, far too long). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "vop_match.h"

static const struct {
	const char *typed, *registered;
	enum vop_outcome want;
	const char *why;
} pairs[] = {
	/* the same name, however written */
	{ "Jamie Chen", "Jamie Chen", VOP_MATCH, "the same" },
	{ "jamie CHEN", "Jamie Chen", VOP_MATCH, "case" },
	{ "Chen Jamie", "Jamie Chen", VOP_MATCH, "word order" },
	{ "  Jamie   Chen ", "Jamie Chen", VOP_MATCH, "spacing" },
	{ "Jamie Chen.", "Jamie Chen", VOP_MATCH, "punctuation" },
	{ "Zoe Mueller", "Zoë Müller", VOP_MATCH, "umlaut written ue, diaeresis dropped" },
	{ "Zoe Muller", "Zoë Müller", VOP_MATCH, "umlaut written u" },
	{ "Müller Zoë", "Zoe Mueller", VOP_MATCH, "umlaut typed, ue registered, word order" },
	{ "Strasse Bau GmbH", "Straße Bau GmbH", VOP_MATCH, "ß as ss" },
	{ "ÉLODIE DURAND", "Élodie Durand", VOP_MATCH, "accents in capitals" },
	{ "Francois Lefevre SARL", "François Lefèvre SARL", VOP_MATCH, "accents dropped" },
	{ "Lukasz Wisniewski", "Łukasz Wiśniewski", VOP_MATCH, "Polish letters" },
	{ "O'Brien Siobhan", "Siobhan O\xe2\x80\x99" "Brien", VOP_MATCH, "apostrophes, order" },
	{ "Smith-Jones Anna", "Anna Smith Jones", VOP_MATCH, "a hyphen is a space" },
	{ "Brightwave", "Brightwave Inc", VOP_MATCH, "legal form left out" },
	{ "Brightwave Inc.", "Brightwave Inc", VOP_MATCH, "legal form with a full stop" },
	{ "Brightwave Incorporated", "Brightwave Inc", VOP_MATCH, "legal form spelt out" },
	{ "Nordlicht Limited", "Nordlicht Ltd", VOP_MATCH, "Limited is Ltd" },
	{ "Verizon Wireless", "Verizon Wireless Inc", VOP_MATCH, "a business without its form" },
	{ "Wireless Verizon", "Verizon Wireless Inc", VOP_MATCH, "and in another order" },
	{ "Lefevre Francois", "François Lefèvre SARL", VOP_MATCH, "order, accents and form together" },
	{ "Müller GmbH & Co. KG", "Mueller GmbH & Co KG", VOP_MATCH, "forms in a row" },
	/* close: the bank shows its name */
	{ "J. Chen", "Jamie Chen", VOP_CLOSE, "an initial" },
	{ "J Chen", "Jamie Chen", VOP_CLOSE, "an initial without its stop" },
	{ "Chen J.", "Jamie Chen", VOP_CLOSE, "an initial, after the surname" },
	{ "Jamie Chen", "Jamie Lee Chen", VOP_CLOSE, "a middle name left out" },
	{ "Jamie Chan", "Jamie Chen", VOP_CLOSE, "one letter wrong" },
	{ "Jamie Chenn", "Jamie Chen", VOP_CLOSE, "one letter too many" },
	{ "Jamie Cheng", "Jamie Chen", VOP_CLOSE, "a letter added at the end" },
	{ "Omar Hadad", "Omar Haddad", VOP_CLOSE, "one letter missing" },
	{ "Siobhan O'Brian", "Siobhan O'Brien", VOP_CLOSE, "a vowel wrong" },
	{ "Whole Foods Markt", "Whole Foods Market", VOP_CLOSE, "a typo in a business" },
	{ "Con Edisson", "Con Edison", VOP_CLOSE, "a letter doubled" },
	{ "Brightwav Inc", "Brightwave Inc", VOP_CLOSE, "a typo before the form" },
	{ "Brightwave Ltd", "Brightwave Inc", VOP_CLOSE, "another legal form" },
	{ "Jamie Chen GmbH", "Jamie Chen", VOP_CLOSE, "a business form for a person" },
	/* no match */
	{ "John Smith", "Jamie Chen", VOP_NO_MATCH, "someone else" },
	{ "Jamie Brown", "Jamie Chen", VOP_NO_MATCH, "another surname" },
	{ "Chen", "Jamie Chen", VOP_NO_MATCH, "the surname alone" },
	{ "J. Smith", "Jamie Chen", VOP_NO_MATCH, "an initial of someone else" },
	{ "Brightwave Inc", "Brian Wave", VOP_NO_MATCH, "a business for a person" },
	{ "Brian Wave", "Brightwave Inc", VOP_NO_MATCH, "a person for a business" },
	{ "Amazon", "Amazing Ltd", VOP_NO_MATCH, "a near word" },
	{ "Ann Lee", "Anna Li", VOP_NO_MATCH, "short names two letters apart" },
	{ "Mike Jones", "Michael Jones", VOP_NO_MATCH, "a nickname" },
	{ "Max Mustermann", "Erika Mustermann", VOP_NO_MATCH, "another first name" },
	{ "GmbH", "Bau GmbH", VOP_NO_MATCH, "a legal form alone" },
	/* hostile */
	{ "", "Jamie Chen", VOP_NO_MATCH, "empty" },
	{ "!!! ... ---", "Jamie Chen", VOP_NO_MATCH, "punctuation only" },
	{ "Jamie \xff\xfe Chen", "Jamie Chen", VOP_MATCH, "invalid bytes part words" },
	{ "Jamie\x1b[2J Chen", "Jamie Chen", VOP_NO_MATCH, "an escape's letters are words of their own" },
	{ NULL, "Jamie Chen", VOP_NO_MATCH, "no name" },
};

START_TEST(pairs_match_as_the_rules_say)
{
	double sim;
	enum vop_outcome got = vop_match(pairs[_i].typed, pairs[_i].registered, &sim);

	ck_assert_msg(got == pairs[_i].want, "'%s' ~ '%s' (%s): got %d (similarity %.2f), want %d",
		      pairs[_i].typed ? pairs[_i].typed : "(null)", pairs[_i].registered, pairs[_i].why, got, sim,
		      pairs[_i].want);
	ck_assert(sim >= 0.0 && sim <= 1.0);
}
END_TEST

START_TEST(normalised_words)
{
	char out[200];

	vop_normalise("  Zoë  Müller-Straße GmbH & Co. KG ", true, out, sizeof out);
	ck_assert_str_eq(out, "zoe mueller strasse [gmbh co kg]");
	vop_normalise("Zoë Müller", false, out, sizeof out);
	ck_assert_str_eq(out, "zoe muller");
	vop_normalise("O\xe2\x80\x99" "Brien", false, out, sizeof out);
	ck_assert_str_eq(out, "obrien");
	vop_normalise("陈 杰米", false, out, sizeof out);
	ck_assert_str_eq(out, "陈 杰米");
}
END_TEST

/* A name far past the limit is read to VOP_NAME_MAX and never overruns. */
START_TEST(long_names_are_bounded)
{
	char *huge = malloc(10001), out[64];

	memset(huge, 'a', 10000);
	huge[10000] = '\0';
	ck_assert_int_eq(vop_match(huge, "Jamie Chen", NULL), VOP_NO_MATCH);
	ck_assert_int_eq(vop_match("Jamie Chen", huge, NULL), VOP_NO_MATCH);
	vop_normalise(huge, true, out, sizeof out);
	ck_assert_uint_lt(strlen(out), sizeof out);
	for (int i = 0; i < 10000; i++)
		huge[i] = i % 2 ? ' ' : 'b';
	ck_assert_int_eq(vop_match(huge, huge, NULL), VOP_MATCH);
	free(huge);
}
END_TEST

Suite *vop_suite(void)
{
	Suite *s = suite_create("vop");
	TCase *t = tcase_create("matching");

	tcase_add_loop_test(t, pairs_match_as_the_rules_say, 0, (int)(sizeof pairs / sizeof pairs[0]));
	tcase_add_test(t, normalised_words);
	tcase_add_test(t, long_names_are_bounded);
	suite_add_tcase(s, t);
	return s;
}
