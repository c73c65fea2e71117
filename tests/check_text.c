/* check_text.c: the terminal-safety filter and width helpers, hostile input first. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "text.h"

#define FFFD TEXT_REPLACEMENT

static char *san(const char *s, size_t len)
{
	return text_sanitize(s, len, 0);
}

/* Asserts text_sanitize(in) == want, with in as a C string. */
static void expect(const char *in, const char *want)
{
	char *got = san(in, strlen(in));
	ck_assert_msg(!strcmp(got, want), "sanitize gave \"%s\", want \"%s\"", got, want);
	free(got);
}

/* True when s is valid UTF-8 holding no control, escape or bidi character. */
static int terminal_safe(const char *s)
{
	size_t n = strlen(s), i = 0;
	while (i < n) {
		uint32_t c;
		size_t k = utf8_decode(s + i, n - i, &c);
		if (k == 0 || c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) ||
		    (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e ||
		    c == 0x200f || c == 0x061c)
			return 0;
		i += k;
	}
	return 1;
}

static void utf8_locale(void)
{
	ck_assert_msg(setlocale(LC_CTYPE, "C.UTF-8") != NULL, "no C.UTF-8 locale");
}

/* --- sanitize: hostile input -------------------------------------------------- */

START_TEST(null_and_empty)
{
	char *s = text_sanitize(NULL, 5, 0);
	ck_assert_str_eq(s, "");
	free(s);
	expect("", "");
}
END_TEST

START_TEST(embedded_nul_and_c0_controls_go)
{
	char *s = san("a\0b", 3);
	ck_assert_str_eq(s, "ab");
	free(s);
	expect("x\x01\x02\x07\x08y\x7fz", "xyz");
	expect("carriage\rreturn", "carriagereturn");
}
END_TEST

START_TEST(whitespace_controls_become_spaces)
{
	char *s;
	expect("a\tb\nc\vd\fe", "a b c d e");
	s = text_sanitize("line1\nline2\r\n", 13, TEXT_MULTILINE);
	ck_assert_str_eq(s, "line1\nline2\n");
	free(s);
}
END_TEST

START_TEST(csi_sequences_go_whole)
{
	expect("a\x1b[31mred\x1b[0m", "ared");
	expect("\x1b[1;2;3Hmove", "move");
	expect("\x1b[?1049halt screen", "alt screen");
	expect("\x1b[2J\x1b[Hclear", "clear");
	expect("\x1b[38;2;255;0;0mtrue colour", "true colour");
	/* a sequence cut short by a non-parameter byte stops there */
	expect("\x1b[12\xe4\xb8\xad", "\xe4\xb8\xad");
}
END_TEST

START_TEST(osc_sequences_go_whole)
{
	/* OSC 52 would write the clipboard; OSC 0 the window title; OSC 8 a link. */
	expect("\x1b]52;c;ZXZpbA==\x07tail", "tail");
	expect("\x1b]0;pwned\x1b\\title", "title");
	expect("\x1b]8;;http://evil/\x1b\\click\x1b]8;;\x1b\\", "click");
	expect("\x1b]0;t\xc2\x9cx", "x");
	/* an unterminated string runs to the end, as a terminal would read it */
	expect("ok\x1b]0;evil", "ok");
}
END_TEST

START_TEST(dcs_sos_pm_apc_go_whole)
{
	expect("\x1bPq#0;2;0;0;0#1~~\x1b\\after", "after");
	expect("\x1bX sos \x1b\\a", "a");
	expect("\x1b^ pm \x1b\\b", "b");
	expect("\x1b_ apc \x1b\\c", "c");
}
END_TEST

START_TEST(short_escapes_go)
{
	expect("\x1b" "creset", "reset");    /* RIS: full terminal reset */
	expect("\x1b(Bcharset", "charset");  /* designate G0 */
	expect("\x1b#8fill", "fill");        /* DECALN fills the screen with E */
	expect("\x1b" "7\x1b" "8save", "save");
	expect("trailing\x1b", "trailing");
	expect("\x1b\x1b[31mx", "x");
}
END_TEST

START_TEST(c1_controls_go)
{
	/* 8-bit C1 as raw bytes is not UTF-8: replaced, never passed on. */
	expect("\x9b" "31mX", FFFD "31mX");
	expect("\x9d" "0;t\x07", FFFD "0;t");
	/* C1 as UTF-8 code points: CSI and OSC swallow their sequence. */
	expect("\xc2\x9b" "31mred", "red");
	expect("\xc2\x9d" "0;title\xc2\x9cz", "z");
	expect("\xc2\x90q\xc2\x9cz", "z");
	expect("a\xc2\x85" "b", "ab"); /* NEL */
}
END_TEST

START_TEST(bidi_controls_go)
{
	expect("abc\xe2\x80\xae" "def", "abcdef");                  /* RLO */
	expect("\xe2\x80\xaa" "x\xe2\x80\xac", "x");                /* LRE, PDF */
	expect("\xe2\x81\xa6" "a\xe2\x81\xa7" "b\xe2\x81\xa9", "ab"); /* LRI RLI PDI */
	expect("\xe2\x81\xa8" "c", "c");                            /* FSI */
	expect("\xe2\x80\x8e" "d\xe2\x80\x8f", "d");                /* LRM RLM */
	expect("\xd8\x9c" "e", "e");                                /* ALM */
	expect("\xef\xbb\xbf" "bom", "bom");
}
END_TEST

START_TEST(invalid_utf8_is_replaced)
{
	expect("\xff", FFFD);
	expect("a\xc0\xaf" "b", "a" FFFD FFFD "b");          /* overlong "/" */
	expect("\xed\xa0\x80", FFFD FFFD FFFD);              /* surrogate */
	expect("\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD);      /* past U+10FFFF */
	expect("end\xe4\xb8", "end" FFFD FFFD);              /* truncated */
	expect("\xf5\x80", FFFD FFFD);
	expect("\x80\xbf", FFFD FFFD);                       /* lone continuations */
	expect("\xef\xbf\xbe", FFFD);                        /* noncharacter U+FFFE */
}
END_TEST

START_TEST(random_bytes_always_come_out_safe)
{
	unsigned long long x = 0x9e3779b97f4a7c15ULL;
	char in[64];
	for (int round = 0; round < 20000; round++) {
		char *out;
		size_t len = (size_t)(round % 64);
		for (size_t i = 0; i < len; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			/* bias toward the bytes that start trouble */
			static const unsigned char hot[] = { 0x1b, '[', ']', 0x07, 0x9b, 0xc2,
							     0xe2, 0x80, 0x9c, '\\', 'P' };
			in[i] = (char)(x % 3 ? hot[x % sizeof hot] : (unsigned char)(x >> 8));
		}
		out = text_sanitize(in, len, round & 1 ? TEXT_MULTILINE : 0);
		if (round & 1) {
			for (char *p = out; (p = strchr(p, '\n'));)
				*p++ = ' ';
		}
		ck_assert_msg(terminal_safe(out), "round %d left unsafe output", round);
		free(out);
	}
}
END_TEST

/* --- sanitize: text that must survive ------------------------------------------ */

START_TEST(valid_text_is_kept)
{
	static const char *const keep[] = {
		"Alice Smith", "\xe4\xb8\xad\xe6\x96\x87\xe5\x90\x8d\xe5\xad\x97" /* 中文名字 */,
		"\xf0\x9f\x92\xb3\xf0\x9f\x8f\xa6" /* 💳🏦 */, "Caf\xc3\xa9", "e\xcc\x81",
		"\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7" /* ZWJ */,
		"\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7" /* مرحبا */, "100% [ok] \\ ~",
		"\xe6\x9d\xb1\xe4\xba\xac\xe9\x9b\xbb\xe5\x8a\x9b" /* 東京電力 */,
	};
	for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
		expect(keep[i], keep[i]);
}
END_TEST

/* --- width and truncation -------------------------------------------------------- */

START_TEST(width_of_bad_and_empty)
{
	utf8_locale();
	ck_assert_int_eq(text_width(NULL), 0);
	ck_assert_int_eq(text_width(""), 0);
	ck_assert_int_eq(text_width("\xff"), 1);
}
END_TEST

START_TEST(width_counts_columns)
{
	utf8_locale();
	ck_assert_int_eq(text_width("abc"), 3);
	ck_assert_int_eq(text_width("\xe4\xb8\xad\xe6\x96\x87"), 4);          /* 中文 */
	ck_assert_int_eq(text_width("A\xe4\xb8\xad" "B"), 4);
	ck_assert_int_eq(text_width("\xf0\x9f\x92\xb3"), 2);                   /* 💳 */
	ck_assert_int_eq(text_width("e\xcc\x81"), 1);                          /* e + combining acute */
	ck_assert_int_eq(text_width("\xef\xbc\xa1"), 2);                       /* fullwidth A */
}
END_TEST

START_TEST(truncate_bad_arguments)
{
	char out[16] = "xx";
	utf8_locale();
	ck_assert_int_eq(text_truncate(NULL, 5, NULL, out, sizeof out), 0);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(text_truncate("abc", 0, NULL, out, sizeof out), 0);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(text_truncate("abc", -3, NULL, out, sizeof out), 0);
	ck_assert_int_eq(text_truncate("abc", 3, NULL, NULL, 4), 0);
}
END_TEST

START_TEST(truncate_with_ellipsis)
{
	char out[64];
	utf8_locale();
	ck_assert_int_eq(text_truncate("Hello, world", 5, NULL, out, sizeof out), 5);
	ck_assert_str_eq(out, "Hell\xe2\x80\xa6");
	ck_assert_int_eq(text_truncate("Hello", 5, NULL, out, sizeof out), 5);
	ck_assert_str_eq(out, "Hello");
	ck_assert_int_eq(text_truncate("Hello, world", 8, "...", out, sizeof out), 8);
	ck_assert_str_eq(out, "Hello...");
	ck_assert_int_eq(text_truncate("abc", 1, NULL, out, sizeof out), 1);
	ck_assert_str_eq(out, "\xe2\x80\xa6");
	/* an ellipsis wider than the room is left out */
	ck_assert_int_eq(text_truncate("abcdef", 2, "...", out, sizeof out), 2);
	ck_assert_str_eq(out, "ab");
}
END_TEST

START_TEST(truncate_never_splits_wide_characters)
{
	char out[64];
	const char *cjk = "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97\xe7\xac\xa6"; /* 中文字符 */
	utf8_locale();
	ck_assert_int_eq(text_truncate(cjk, 5, NULL, out, sizeof out), 5);
	ck_assert_str_eq(out, "\xe4\xb8\xad\xe6\x96\x87\xe2\x80\xa6");
	ck_assert_int_eq(text_truncate(cjk, 4, NULL, out, sizeof out), 3);
	ck_assert_str_eq(out, "\xe4\xb8\xad\xe2\x80\xa6");
	/* a byte budget too small for the next character stops before it */
	ck_assert_int_eq(text_truncate(cjk, 10, NULL, out, 7), 3);
	ck_assert_str_eq(out, "\xe4\xb8\xad\xe2\x80\xa6");
}
END_TEST

START_TEST(fit_pads_to_exact_columns)
{
	char out[64];
	utf8_locale();
	ck_assert_int_eq(text_fit("\xe4\xb8\xad\xe6\x96\x87", 6, 0, out, sizeof out), 6);
	ck_assert_str_eq(out, "\xe4\xb8\xad\xe6\x96\x87  ");
	ck_assert_int_eq(text_fit("12.00", 8, 1, out, sizeof out), 8);
	ck_assert_str_eq(out, "   12.00");
	ck_assert_int_eq(text_fit("\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 4, 0, out, sizeof out), 4);
	ck_assert_int_eq(text_width(out), 4);
	ck_assert_int_eq(text_fit("abc", 10, 0, out, 5), 4);
	ck_assert_str_eq(out, "abc ");
}
END_TEST

START_TEST(contains_bad_input)
{
	ck_assert(!text_contains(NULL, "a"));
	ck_assert(!text_contains("a", NULL));
	ck_assert(text_contains("", ""));
	ck_assert(!text_contains("", "a"));
	ck_assert(!text_contains("ab", "abc"));
	/* Invalid bytes: found only as themselves, never as a letter. */
	ck_assert(text_contains("x\xff\xfey", "\xff\xfe"));
	ck_assert(!text_contains("x\xffy", "xy"));
	ck_assert(!text_contains("\xc3", "\xc3\xa9"));
	ck_assert(!text_contains("\xc3\xa9", "\xc3"));
}
END_TEST

START_TEST(contains_ignores_case)
{
	utf8_locale();
	ck_assert(text_contains("Con Edison", "edison"));
	ck_assert(text_contains("con edison", "EDISON"));
	ck_assert(text_contains("Crème Brûlée", "BRÛL"));
	ck_assert(text_contains("上海浦东发展银行", "浦东"));
	ck_assert(!text_contains("Con Edison", "edisson"));
	ck_assert(text_contains("abc", ""));
}
END_TEST


/* Privacy mode: every amount in the bank's words is hidden, nothing else. */
static void masked(const char *in, const char *want)
{
	char *got = text_mask_amounts(in, "***");
	ck_assert_msg(!strcmp(got, want), "'%s' -> '%s', want '%s'", in, got, want);
	free(got);
}

START_TEST(mask_amounts_hostile_and_empty)
{
	masked("", "");
	masked("no digits here", "no digits here");
	masked("12345678901234567890.12", "***");
	masked("-", "-");
	masked("1.", "1.");
	masked("\xff\xfe 3.50", "\xff\xfe ***");
}
END_TEST

START_TEST(mask_amounts_hides_money)
{
	masked("Money out: -311.93 USD", "Money out: *** USD");
	masked("Pay 85.00 USD to Con Edison (due 2026-12-03) from Everyday", "Pay *** USD to Con Edison (due 2026-12-03) from Everyday");
	masked("far above your usual 40.00 USD for dining", "far above your usual *** USD for dining");
	masked("1.234,56 EUR", "*** EUR");
	masked("1 234,56 \u20ac", "*** \u20ac");
	masked("12\u202f345,00", "***");
	masked("1200 JPY", "*** JPY");
	masked("JPY 1200", "JPY ***");
	masked("$5 back", "$*** back");
	masked("\u00a51,200", "\u00a5***");
	masked("Balance 11287.49   Available 11,287.49", "Balance ***   Available ***");
}
END_TEST

START_TEST(mask_amounts_keeps_what_is_not_money)
{
	masked("due 30.11.2026", "due 30.11.2026");
	masked("2026-11-30 14:05", "2026-11-30 14:05");
	masked("5% back at grocers", "5% back at grocers");
	masked("1,200 points", "1,200 points");
	masked("ending 7919", "ending 7919");
	masked("Reference: trf_8f3a2", "Reference: trf_8f3a2");
	masked("Step 3 of 5.", "Step 3 of 5.");
	masked("rate 1.0842", "rate 1.0842");
}
END_TEST

/* A terminal whose locale is not UTF-8: ASCII only, widths kept exact. */
START_TEST(ascii_for_a_terminal_without_utf8)
{
	char out[64], *a;

	a = text_ascii("Caf\u00e9 Anna \u2022\u2022\u2022\u2022 7919 Loading\u2026 \u2500\u2588 \u00df");
	ck_assert_str_eq(a, "Cafe Anna **** 7919 Loading... -# ss");
	free(a);
	/* CJK, emoji and invalid bytes: one '?' each, nothing of UTF-8 left. */
	a = text_ascii("\u4eba\u6c11\u5e01 \xf0\x9f\x92\xb0 \xff\xc3");
	ck_assert_str_eq(a, "??? ? ??");
	free(a);
	a = text_ascii(NULL);
	ck_assert_str_eq(a, "");
	free(a);
	text_set_ascii(true);
	ck_assert_int_eq(text_truncate("Loading the history", 10, NULL, out, sizeof out), 10);
	ck_assert_str_eq(out, "Loading...");
	ck_assert_int_eq(text_truncate_middle("Haddad Trading USD", 11, out, sizeof out), 11);
	ck_assert_str_eq(out, "Had...g USD");
	text_set_ascii(false);
	text_truncate_middle("Haddad Trading USD", 11, out, sizeof out);
	ck_assert_str_eq(out, "Hadd\u2026ng USD");
}
END_TEST

START_TEST(truncate_middle_keeps_the_end)
{
	char out[64];

	ck_assert_int_eq(text_truncate_middle(NULL, 10, out, sizeof out), 0);
	ck_assert_int_eq(text_truncate_middle("abc", 0, out, sizeof out), 0);
	ck_assert_int_eq(text_truncate_middle("Tax Reserve", 20, out, sizeof out), 11);
	ck_assert_str_eq(out, "Tax Reserve");
	text_truncate_middle("Haddad Trading USD", 11, out, sizeof out);
	ck_assert_str_eq(out, "Hadd\u2026ng USD");
	text_truncate_middle("Haddad Trading GBP", 11, out, sizeof out);
	ck_assert_str_eq(out, "Hadd\u2026ng GBP");
	/* Wide characters are never split, and the width is kept. */
	ck_assert_int_le(text_truncate_middle("\u6c47\u4e30\u94f6\u884c\u6d3b\u671f\u8d26\u6237", 9, out, sizeof out), 9);
	ck_assert_int_le(text_width(out), 9);
}
END_TEST

static void spoken(const char *in, const char *want)
{
	char *got = text_speakable(in, "minus", "plus", "percent");
	ck_assert_msg(!strcmp(got, want), "'%s' -> '%s', want '%s'", in, got, want);
	free(got);
}

START_TEST(speakable_says_signs)
{
	spoken("", "");
	spoken(NULL, "");
	spoken("-", "-");
	spoken("%", "%");
	spoken("Visa Credit -318.55 USD", "Visa Credit minus 318.55 USD");
	spoken("+4850.00 USD", "plus 4850.00 USD");
	spoken("5% back", "5 percent back");
	spoken("(-3%)", "(minus 3 percent)");
	/* Hyphens inside words and days stay. */
	spoken("2026-11-24 e-mail", "2026-11-24 e-mail");
	spoken("trf-12", "trf-12");
}
END_TEST

/* --- wrapping ------------------------------------------------------------------ */

/* Every line of s wrapped at cols, joined by '|'. */
static void wrapped(const char *s, int cols, char *out, size_t len)
{
	const char *next;
	size_t at = 0;

	out[0] = '\0';
	while (s) {
		size_t n = text_wrap(s, cols, &next);
		at += (size_t)snprintf(out + at, len - at, "%s%.*s", at ? "|" : "", (int)n, s);
		s = next;
	}
}

START_TEST(wrap_spaced_words_at_spaces)
{
	char out[256];

	utf8_locale();
	wrapped("pay a bill from Everyday", 10, out, sizeof out);
	ck_assert_str_eq(out, "pay a bill|from|Everyday");
	wrapped("abcdefghijkl", 5, out, sizeof out); /* no space: cut where it must */
	ck_assert_str_eq(out, "abcde|fghij|kl");
	wrapped("", 5, out, sizeof out);
	ck_assert_str_eq(out, "");
}
END_TEST

/* Chinese and Japanese wrap between characters, never inside a Latin word
 * they hold (a command), and never put a closing mark first on a line. */
START_TEST(wrap_cjk_beside_wide_characters_only)
{
	char out[256];

	utf8_locale();
	/* 4 columns of 使用, then bankterm (8): broken before it, not inside. */
	wrapped("使用bankterm命令", 10, out, sizeof out);
	ck_assert_str_eq(out, "使用|bankterm命|令");
	/* 。 does not start a line: the character before it goes down with it. */
	wrapped("账单已支付。谢谢", 10, out, sizeof out);
	ck_assert_str_eq(out, "账单已支|付。谢谢");
	wrapped("請按Enter鍵", 6, out, sizeof out);
	ck_assert_str_eq(out, "請按|Enter|鍵");
}
END_TEST

Suite *text_suite(void)
{
	Suite *s = suite_create("text");
	TCase *bad = tcase_create("hostile input");
	TCase *ok = tcase_create("valid text");
	TCase *width = tcase_create("width");

	tcase_add_test(bad, null_and_empty);
	tcase_add_test(bad, embedded_nul_and_c0_controls_go);
	tcase_add_test(bad, whitespace_controls_become_spaces);
	tcase_add_test(bad, csi_sequences_go_whole);
	tcase_add_test(bad, osc_sequences_go_whole);
	tcase_add_test(bad, dcs_sos_pm_apc_go_whole);
	tcase_add_test(bad, short_escapes_go);
	tcase_add_test(bad, c1_controls_go);
	tcase_add_test(bad, bidi_controls_go);
	tcase_add_test(bad, invalid_utf8_is_replaced);
	tcase_add_test(bad, random_bytes_always_come_out_safe);
	tcase_add_test(bad, contains_bad_input);
	tcase_add_test(ok, contains_ignores_case);
	tcase_add_test(ok, valid_text_is_kept);
	tcase_add_test(width, width_of_bad_and_empty);
	tcase_add_test(width, width_counts_columns);
	tcase_add_test(width, truncate_bad_arguments);
	tcase_add_test(width, wrap_spaced_words_at_spaces);
	tcase_add_test(width, wrap_cjk_beside_wide_characters_only);
	tcase_add_test(width, truncate_with_ellipsis);
	tcase_add_test(width, truncate_never_splits_wide_characters);
	tcase_add_test(width, fit_pads_to_exact_columns);
	tcase_add_test(width, mask_amounts_hostile_and_empty);
	tcase_add_test(width, speakable_says_signs);
	tcase_add_test(width, truncate_middle_keeps_the_end);
	tcase_add_test(width, ascii_for_a_terminal_without_utf8);
	tcase_add_test(width, mask_amounts_hides_money);
	tcase_add_test(width, mask_amounts_keeps_what_is_not_money);
	suite_add_tcase(s, bad);
	suite_add_tcase(s, ok);
	suite_add_tcase(s, width);
	return s;
}
