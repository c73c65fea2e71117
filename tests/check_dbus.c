/* check_dbus.c: the D-Bus wire format (dbus.c) and the bus address
 * (secretsvc_address): what we write reads back; real replies of a
 * gnome-keyring-daemon (tests/fuzz/corpus/dbus) read as they are; each
 * way a hostile or broken peer can bend one is refused. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "dbus.h"
#include "secretsvc.h"

/* A file of the fuzz corpus, read whole. */
static unsigned char *corpus(const char *name, size_t *n)
{
	char path[1024];
	const char *top = getenv("top_srcdir");
	FILE *f;
	unsigned char *buf = malloc(4096);

	snprintf(path, sizeof path, "%s/tests/fuzz/corpus/dbus/%s", top ? top : ".", name);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot read %s", path);
	*n = fread(buf, 1, 4096, f);
	fclose(f);
	return buf;
}

START_TEST(a_call_reads_back)
{
	struct dbus_out body = {NULL, 0, 0, false}, msg = {NULL, 0, 0, false};
	struct dbus_arr a;
	struct dbus_msg m;
	struct dbus_in in;
	size_t n, end;
	const unsigned char *b;

	a = dbus_array_open(&body, 8);
	dbus_align(&body, 8);
	dbus_put_str(&body, "server");
	dbus_put_str(&body, "https://bank.example/v1");
	dbus_array_close(&body, a);
	dbus_put_bytes(&body, "\x01\x02\x03", 3);
	dbus_put_bool(&body, true);
	dbus_call(&msg, 42, "org.freedesktop.secrets", "/org/freedesktop/secrets",
	          "org.freedesktop.Secret.Service", "SearchItems", "a{ss}ayb", &body);
	ck_assert(!msg.bad);
	ck_assert_int_eq(dbus_msg_size(msg.p, msg.n), (long)msg.n);
	ck_assert_int_eq(dbus_msg_size(msg.p, 15), 0);
	ck_assert(dbus_parse(msg.p, msg.n, &m));
	ck_assert_int_eq(m.type, DBUS_CALL);
	ck_assert_uint_eq(m.serial, 42);
	ck_assert_str_eq(m.sig, "a{ss}ayb");
	in = (struct dbus_in){m.body, m.body_len, 0, false};
	end = dbus_get_array(&in, 8);
	dbus_get_align(&in, 8);
	ck_assert_str_eq(dbus_get_str(&in), "server");
	ck_assert_str_eq(dbus_get_str(&in), "https://bank.example/v1");
	ck_assert_uint_eq(in.at, end);
	b = dbus_get_bytes(&in, &n);
	ck_assert(b && n == 3 && b[2] == 3);
	ck_assert_uint_eq(dbus_get_u32(&in), 1);
	ck_assert(!in.bad && in.at == in.n);
	dbus_out_free(&body);
	dbus_out_free(&msg);
}
END_TEST

START_TEST(a_keyrings_replies_read_as_they_are)
{
	size_t n;
	unsigned char *buf = corpus("search-items-return.bin", &n);
	struct dbus_msg m;
	struct dbus_in in;
	size_t end;

	ck_assert(dbus_parse(buf, n, &m));
	ck_assert_int_eq(m.type, DBUS_RETURN);
	ck_assert_str_eq(m.sig, "aoao");
	in = (struct dbus_in){m.body, m.body_len, 0, false};
	end = dbus_get_array(&in, 4);
	ck_assert(in.at < end);
	ck_assert(!strncmp(dbus_get_path(&in), "/org/freedesktop/secrets/collection/login/", 42));
	ck_assert_uint_eq(in.at, end);
	end = dbus_get_array(&in, 4);
	ck_assert(!in.bad && in.at == end && end == in.n); /* nothing locked */
	free(buf);

	buf = corpus("open-session-return.bin", &n);
	ck_assert(dbus_parse(buf, n, &m));
	ck_assert_str_eq(m.sig, "vo");
	in = (struct dbus_in){m.body, m.body_len, 0, false};
	ck_assert_str_eq(dbus_get_sig(&in), "ay");
	ck_assert(dbus_get_bytes(&in, &end) && end == 128); /* the keyring's DH public key */
	ck_assert(!strncmp(dbus_get_path(&in), "/org/freedesktop/secrets/session/", 33));
	ck_assert(!in.bad && in.at == in.n);
	free(buf);
}
END_TEST

START_TEST(every_cut_of_a_reply_is_refused)
{
	size_t n;
	unsigned char *buf = corpus("get-secrets-return.bin", &n);
	struct dbus_msg m;

	ck_assert(dbus_parse(buf, n, &m));
	for (size_t cut = 0; cut < n; cut++) {
		long want = dbus_msg_size(buf, cut);
		ck_assert(want == 0 || want == (long)n);
		ck_assert(!dbus_parse(buf, cut, &m));
	}
	free(buf);
}
END_TEST

START_TEST(bent_headers_are_refused)
{
	size_t n;
	unsigned char *orig = corpus("create-item-return.bin", &n), *buf = malloc(n + 8);
	struct dbus_msg m;

#define BENT(i, v)                                                                                 \
	do {                                                                                       \
		memcpy(buf, orig, n);                                                              \
		buf[i] = (unsigned char)(v);                                                       \
		ck_assert(!dbus_parse(buf, n, &m));                                                \
	} while (0)
	ck_assert(dbus_parse(orig, n, &m));
	BENT(0, 'B');         /* big-endian: not read here */
	BENT(3, 2);           /* protocol version 2 */
	BENT(1, 9);           /* no such message type */
	BENT(7, 0x7f);        /* a body of 2 GB */
	BENT(4, orig[4] + 1); /* a body longer than sent */
	memcpy(buf, orig, n);
	buf[8] = buf[9] = buf[10] = buf[11] = 0; /* serial 0 */
	ck_assert(!dbus_parse(buf, n, &m));
	ck_assert_int_eq(
	        dbus_msg_size((const unsigned char *)"l\2\1\1\xff\xff\xff\x7f\1\0\0\0\0\0\0\0", 16),
	        -1);
	free(orig);
	free(buf);
#undef BENT
}
END_TEST

/* A method return with no body whose header fields are `fields` (len
 * bytes, from offset 16). */
static size_t with_fields(unsigned char *out, const void *fields, size_t len)
{
	size_t n = 16 + len;
	memcpy(out, "l\2\0\1\0\0\0\0\11\0\0\0", 12);
	out[12] = (unsigned char)len;
	out[13] = out[14] = out[15] = 0;
	memcpy(out + 16, fields, len);
	while (n % 8)
		out[n++] = 0;
	return n;
}

START_TEST(bent_header_fields_are_refused)
{
	unsigned char buf[128];
	struct dbus_msg m;
	/* REPLY_SERIAL 3, as it should be */
	static const unsigned char good[] = { 5, 1, 'u', 0, 3, 0, 0, 0 };
	/* ... as a string */
	static const unsigned char as_string[] = { 5, 1, 's', 0, 1, 0, 0, 0, 'x', 0 };
	/* ... under field code 0, INVALID */
	static const unsigned char code0[] = { 0, 1, 'u', 0, 3, 0, 0, 0 };
	/* ... of a signature of two types */
	static const unsigned char two[] = { 5, 2, 'u', 'u', 0, 0, 0, 0, 3, 0, 0, 0, 3, 0, 0, 0 };
	/* an empty SIGNATURE, then padding that is not zeros, then REPLY_SERIAL */
	static const unsigned char dirty[] = { 8, 1, 'g', 0, 0, 0, 0xff, 0xff, 5, 1, 'u', 0, 3, 0, 0, 0 };
	/* ... and with clean padding, as it should be */
	static const unsigned char clean[] = { 8, 1, 'g', 0, 0, 0, 0, 0, 5, 1, 'u', 0, 3, 0, 0, 0 };
	/* a field with a container type */
	static const unsigned char box[] = { 5, 1, 'u', 0, 3, 0, 0, 0, 9, 2, 'a', 'y', 0, 0, 0, 0, 0, 0, 0, 0 };

	ck_assert(dbus_parse(buf, with_fields(buf, good, sizeof good), &m) && m.reply_serial == 3);
	ck_assert(dbus_parse(buf, with_fields(buf, clean, sizeof clean), &m) && m.reply_serial == 3);
	ck_assert(!dbus_parse(buf, with_fields(buf, as_string, sizeof as_string), &m));
	ck_assert(!dbus_parse(buf, with_fields(buf, code0, sizeof code0), &m));
	ck_assert(!dbus_parse(buf, with_fields(buf, two, sizeof two), &m));
	ck_assert(!dbus_parse(buf, with_fields(buf, dirty, sizeof dirty), &m));
	ck_assert(!dbus_parse(buf, with_fields(buf, box, sizeof box), &m));
}
END_TEST

/* A method return of body `body` (signature sig), written by hand. */
static size_t reply(unsigned char *out, const char *sig, const void *body, size_t blen,
                    bool with_serial)
{
	struct dbus_out o = {NULL, 0, 0, false};
	struct dbus_arr a;
	unsigned char fixed[4] = {'l', DBUS_RETURN, 0, 1};
	size_t n;

	dbus_put_raw(&o, fixed, 4);
	dbus_put_u32(&o, (uint32_t)blen);
	dbus_put_u32(&o, 9);
	a = dbus_array_open(&o, 8);
	if (with_serial) {
		dbus_align(&o, 8);
		dbus_put_raw(&o, "\x05\x01u\0", 4);
		dbus_put_u32(&o, 3);
	}
	dbus_align(&o, 8);
	dbus_put_raw(&o, "\x08\x01g\0", 4);
	dbus_put_sig(&o, sig);
	dbus_array_close(&o, a);
	dbus_align(&o, 8);
	dbus_put_raw(&o, body, blen);
	memcpy(out, o.p, o.n);
	n = o.n;
	dbus_out_free(&o);
	return n;
}

START_TEST(bent_bodies_are_refused)
{
	unsigned char buf[512];
	struct dbus_msg m;
	struct dbus_in in;
	size_t n;

	/* A reply must say what it replies to. */
	n = reply(buf, "u", "\1\0\0\0", 4, false);
	ck_assert(!dbus_parse(buf, n, &m));
	n = reply(buf, "u", "\1\0\0\0", 4, true);
	ck_assert(dbus_parse(buf, n, &m) && m.reply_serial == 3);
	/* A string without its NUL, or with one inside. */
	n = reply(buf, "s", "\3\0\0\0abcd", 8, true);
	ck_assert(dbus_parse(buf, n, &m));
	in = (struct dbus_in){m.body, m.body_len, 0, false};
	dbus_get_str(&in);
	ck_assert(in.bad);
	n = reply(buf, "s", "\3\0\0\0a\0c\0", 8, true);
	ck_assert(dbus_parse(buf, n, &m));
	in = (struct dbus_in){m.body, m.body_len, 0, false};
	dbus_get_str(&in);
	ck_assert(in.bad);
	/* Object paths the spec does not allow. */
	{
		static const char *bad[] = {"",      "a",    "//",   "/a/",
		                            "/a//b", "/a-b", "/a b", "/\xc3\xa9"};
		for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
			unsigned char body[32] = {0};
			size_t len = strlen(bad[i]);
			body[0] = (unsigned char)len;
			memcpy(body + 4, bad[i], len);
			n = reply(buf, "o", body, 4 + len + 1, true);
			ck_assert(dbus_parse(buf, n, &m));
			in = (struct dbus_in){m.body, m.body_len, 0, false};
			dbus_get_path(&in);
			ck_assert_msg(in.bad, "path '%s' taken", bad[i]);
		}
	}
	/* An array longer than the body; padding that is not zeros. */
	n = reply(buf, "ao", "\xff\0\0\0", 4, true);
	ck_assert(dbus_parse(buf, n, &m));
	in = (struct dbus_in){m.body, m.body_len, 0, false};
	dbus_get_array(&in, 4);
	ck_assert(in.bad);
	n = reply(buf, "yu", "\1\1\0\0\7\0\0\0", 8, true);
	ck_assert(dbus_parse(buf, n, &m));
	in = (struct dbus_in){m.body, m.body_len, 1, false};
	dbus_get_u32(&in);
	ck_assert(in.bad);
	/* Bytes longer than what is left. */
	n = reply(buf, "ay", "\x10\0\0\0abc", 7, true);
	ck_assert(dbus_parse(buf, n, &m));
	in = (struct dbus_in){m.body, m.body_len, 0, false};
	ck_assert(dbus_get_bytes(&in, &n) == NULL && in.bad && n == 0);
}
END_TEST

START_TEST(the_bus_address)
{
	char a[108];

	ck_assert(secretsvc_address("unix:path=/run/user/1000/bus", NULL, a, sizeof a));
	ck_assert_str_eq(a, "/run/user/1000/bus");
	ck_assert(secretsvc_address("unix:abstract=/tmp/dbus-XYZ,guid=0123", NULL, a, sizeof a));
	ck_assert_str_eq(a, "@/tmp/dbus-XYZ");
	ck_assert(secretsvc_address("unix:guid=01,path=/tmp/dbus-abc", NULL, a, sizeof a));
	ck_assert_str_eq(a, "/tmp/dbus-abc");
	ck_assert(secretsvc_address("tcp:host=localhost,port=1;unix:path=/p%2cq%3b", NULL, a,
	                            sizeof a));
	ck_assert_str_eq(a, "/p,q;");
	ck_assert(secretsvc_address(NULL, "/run/user/7", a, sizeof a));
	ck_assert_str_eq(a, "/run/user/7/bus");
	ck_assert(!secretsvc_address("tcp:host=localhost,port=1", NULL, a, sizeof a));
	ck_assert(!secretsvc_address("unix:path=", NULL, a, sizeof a));
	ck_assert(!secretsvc_address("unix:path=%zz", NULL, a, sizeof a));
	ck_assert(!secretsvc_address("unix:path=a%00b", NULL, a, sizeof a));
	ck_assert(!secretsvc_address("unix:tmpdir=/tmp", NULL, a, sizeof a));
	ck_assert(!secretsvc_address(NULL, NULL, a, sizeof a));
	ck_assert(!secretsvc_address("unix:path=/a/very/long/path", NULL, a, 8));
}
END_TEST

Suite *dbus_suite(void)
{
	Suite *s = suite_create("dbus");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, a_call_reads_back);
	tcase_add_test(tc, a_keyrings_replies_read_as_they_are);
	tcase_add_test(tc, every_cut_of_a_reply_is_refused);
	tcase_add_test(tc, bent_headers_are_refused);
	tcase_add_test(tc, bent_header_fields_are_refused);
	tcase_add_test(tc, bent_bodies_are_refused);
	tcase_add_test(tc, the_bus_address);
	suite_add_tcase(s, tc);
	return s;
}
