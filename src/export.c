/* export.c: the export formats.  Text from the bank is sanitized first, and
 * then escaped for each format's own rules: quotes in CSV (and a leading
 * quote before what a spreadsheet would run as a formula), entities in OFX,
 * and in a journal no ';' or double space that would change its meaning. */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "export.h"
#include "json.h"
#include "money.h"
#include "text.h"
#include "xalloc.h"

bool export_format_parse(const char *name, enum export_format *out)
{
	static const struct {
		const char *name;
		enum export_format f;
	} names[] = { { "csv", EXPORT_CSV }, { "json", EXPORT_JSON }, { "ofx", EXPORT_OFX }, { "ledger", EXPORT_LEDGER } };

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(names[i].name, name)) {
			*out = names[i].f;
			return true;
		}
	return false;
}

static char *clean(const char *s)
{
	return text_sanitize(s, strlen(s), 0);
}

static void plain(const struct money *m, char *out, size_t len)
{
	if (money_format_plain(m, out, len) != MONEY_OK)
		snprintf(out, len, "0");
}

/* --- CSV --------------------------------------------------------------------------- */

void export_csv_cell(FILE *to, const char *raw, bool text)
{
	char *s = clean(raw);
	const char *lead = s + strspn(s, " ");
	/* A spreadsheet runs a cell that starts with = + - @ (or a tab or CR
	 * before one, which clean() made spaces) as a formula: not ours. */
	bool guard = text && ((*lead && strchr("=+-@", *lead)) || (raw && (raw[0] == '\t' || raw[0] == '\r')));

	if (guard || strpbrk(s, ",\"\r\n")) {
		fputc('"', to);
		if (guard)
			fputc('\'', to);
		for (const char *p = s; *p; p++) {
			if (*p == '"')
				fputc('"', to);
			fputc(*p, to);
		}
		fputc('"', to);
	} else {
		fputs(s, to);
	}
	free(s);
}

void export_csv_header(FILE *to)
{
	fputs("date,amount,currency,description,counterparty,category,id\r\n", to);
}

void export_csv_row(FILE *to, const struct api_transaction *t)
{
	char amount[MONEY_FMT_MAX];

	plain(&t->amount, amount, sizeof amount);
	fprintf(to, "%.10s,%s,%s,", t->booked_at, amount, t->amount.currency);
	export_csv_cell(to, t->description, true);
	fputc(',', to);
	export_csv_cell(to, t->counterparty, true);
	fputc(',', to);
	export_csv_cell(to, t->category, true);
	fputc(',', to);
	export_csv_cell(to, t->id, false);
	fputs("\r\n", to);
}

static void write_csv(FILE *to, const struct api_transaction *t, size_t n)
{
	export_csv_header(to);
	for (size_t i = n; i-- > 0;)
		export_csv_row(to, &t[i]);
}

/* --- JSON ------------------------------------------------------------------------------ */

static void write_json(FILE *to, const struct api_account *acc, const struct api_transaction *t, size_t n)
{
	json_object *o = json_object_new_object(), *a = json_object_new_object(), *items = json_object_new_array();

	json_object_object_add(a, "id", json_object_new_string(acc->id));
	json_object_object_add(a, "name", json_object_new_string(acc->name));
	json_object_object_add(a, "currency", json_object_new_string(acc->currency));
	json_object_object_add(a, "iban", *acc->iban ? json_object_new_string(acc->iban) : NULL);
	for (size_t i = n; i-- > 0;) {
		json_object *x = json_object_new_object();
		json_object_object_add(x, "id", json_object_new_string(t[i].id));
		json_object_object_add(x, "booked_at", json_object_new_string(t[i].booked_at));
		json_object_object_add(x, "amount", json_new_money(&t[i].amount));
		json_object_object_add(x, "description", json_object_new_string(t[i].description));
		json_object_object_add(x, "counterparty", json_object_new_string(t[i].counterparty));
		json_object_object_add(x, "category", json_object_new_string(t[i].category));
		json_object_array_add(items, x);
	}
	json_object_object_add(o, "account", a);
	json_object_object_add(o, "transactions", items);
	json_write_safe(to, o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	fputc('\n', to);
	json_object_put(o);
}

/* --- OFX 2.2 ------------------------------------------------------------------------------ */

/* Text as XML character data, at most max characters (not bytes).  Only
 * & < > are escaped: quotes need nothing in character data, and the OFX
 * DTD that SGML readers (libofx) use does not know &quot; or &apos;. */
static void xml_text(FILE *to, const char *raw, int max)
{
	char *s = clean(raw);
	int chars = 0;

	for (const char *p = s; *p && chars < max; chars++) {
		uint32_t cp;
		size_t k = utf8_decode(p, strlen(p), &cp);
		if (!k)
			break;
		switch (*p) {
		case '&':
			fputs("&amp;", to);
			break;
		case '<':
			fputs("&lt;", to);
			break;
		case '>':
			fputs("&gt;", to);
			break;
		default:
			fwrite(p, 1, k, to);
		}
		p += k;
	}
	free(s);
}

/* "2026-11-01T06:00:00Z" as "20261101060000". */
static void ofx_time(const char *rfc, char out[16])
{
	int j = 0;

	for (int i = 0; rfc[i] && i < 19 && j < 14; i++)
		if (rfc[i] >= '0' && rfc[i] <= '9')
			out[j++] = rfc[i];
	while (j < 14)
		out[j++] = '0';
	out[14] = '\0';
}

static void write_ofx(FILE *to, const struct api_account *acc, const struct api_transaction *t, size_t n,
		      long long now)
{
	char when[16], stamp[32], start[16], end[16], bal[MONEY_FMT_MAX];
	time_t tt = (time_t)now;
	struct tm tm;
	const char *type = !strcmp(acc->kind, "savings") ? "SAVINGS" : !strcmp(acc->kind, "credit") ? "CREDITLINE" : "CHECKING";

	gmtime_r(&tt, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &tm);
	memcpy(when, stamp, 15);
	when[15] = '\0';
	ofx_time(n ? t[n - 1].booked_at : "", start);
	ofx_time(n ? t[0].booked_at : "", end);
	if (!n) {
		memcpy(start, when, sizeof start);
		memcpy(end, when, sizeof end);
	}
	plain(&acc->booked, bal, sizeof bal);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
	      "<?OFX OFXHEADER=\"200\" VERSION=\"220\" SECURITY=\"NONE\" OLDFILEUID=\"NONE\" NEWFILEUID=\"NONE\"?>\n"
	      "<OFX>\n<SIGNONMSGSRSV1><SONRS>\n"
	      "<STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>\n",
	      to);
	fprintf(to, "<DTSERVER>%s</DTSERVER><LANGUAGE>ENG</LANGUAGE>\n</SONRS></SIGNONMSGSRSV1>\n", when);
	fputs("<BANKMSGSRSV1><STMTTRNRS>\n<TRNUID>0</TRNUID>\n"
	      "<STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>\n<STMTRS>\n",
	      to);
	fprintf(to, "<CURDEF>%s</CURDEF>\n<BANKACCTFROM><BANKID>", acc->currency);
	/* The IBAN's bank code when there is one (DE: 8 digits after the check digits). */
	if (strlen(acc->iban) >= 12)
		xml_text(to, acc->iban + 4, 8);
	else
		fputs("0", to);
	fputs("</BANKID><ACCTID>", to);
	xml_text(to, *acc->iban ? acc->iban : acc->id, 22);
	fprintf(to, "</ACCTID><ACCTTYPE>%s</ACCTTYPE></BANKACCTFROM>\n", type);
	fprintf(to, "<BANKTRANLIST><DTSTART>%s</DTSTART><DTEND>%s</DTEND>\n", start, end);
	for (size_t i = n; i-- > 0;) {
		char amount[MONEY_FMT_MAX], posted[16];
		plain(&t[i].amount, amount, sizeof amount);
		ofx_time(t[i].booked_at, posted);
		fprintf(to, "<STMTTRN><TRNTYPE>%s</TRNTYPE><DTPOSTED>%s</DTPOSTED><TRNAMT>%s</TRNAMT><FITID>",
			t[i].amount.minor < 0 ? "DEBIT" : "CREDIT", posted, amount);
		xml_text(to, t[i].id, 255);
		fputs("</FITID><NAME>", to);
		/* OFX allows 32 characters of name; the rest goes to the memo. */
		xml_text(to, *t[i].counterparty ? t[i].counterparty : t[i].description, 32);
		fputs("</NAME><MEMO>", to);
		xml_text(to, t[i].description, 255);
		fputs("</MEMO></STMTTRN>\n", to);
	}
	fprintf(to, "</BANKTRANLIST>\n<LEDGERBAL><BALAMT>%s</BALAMT><DTASOF>%s</DTASOF></LEDGERBAL>\n", bal, when);
	fputs("</STMTRS>\n</STMTTRNRS></BANKMSGSRSV1>\n</OFX>\n", to);
}

/* --- ledger journal ------------------------------------------------------------------------- */

/* Text for a journal: no ';' (a comment), no tab or double space (the end
 * of an account name), no ':' in an account name part; never empty. */
static char *journal_text(const char *raw, bool account_part)
{
	char *s = clean(raw), *out = xmalloc(strlen(s) + 2);
	size_t j = 0;

	for (const char *p = s; *p; p++) {
		char ch = *p;
		/* A leading * ! ( marks a status or code in a transaction line. */
		if (!account_part && j == 0 && strchr("*!(", ch))
			continue;
		if (ch == ';' || ch == '\t' || (account_part && strchr(":()[]", ch)))
			ch = account_part ? '-' : ',';
		if (ch == ' ' && (j == 0 || out[j - 1] == ' '))
			continue;
		out[j++] = ch;
	}
	while (j && out[j - 1] == ' ')
		j--;
	if (!j)
		out[j++] = '?';
	out[j] = '\0';
	free(s);
	return out;
}

static void write_ledger(FILE *to, const struct api_account *acc, const struct api_transaction *t, size_t n)
{
	char *name = journal_text(acc->name, true);
	const char *top = !strcmp(acc->kind, "credit") ? "Liabilities:Credit" : "Assets:Bank";

	char *id = clean(acc->id);

	fputs("; exported by " PACKAGE " " VERSION "\n", to);
	/* In a comment, on one line: clean() leaves no line break. */
	fprintf(to, "; account %s\n\n", id);
	free(id);
	for (size_t i = n; i-- > 0;) {
		char amount[MONEY_FMT_MAX];
		char *payee = journal_text(*t[i].description ? t[i].description : t[i].counterparty, false);
		char *cat = journal_text(*t[i].category ? t[i].category : "uncategorized", true);
		plain(&t[i].amount, amount, sizeof amount);
		char *tid = clean(t[i].id);
		/* booked_at starts with a day that exists (checked when decoded). */
		fprintf(to, "%.10s %s\n    ; id:%s\n", t[i].booked_at, payee, tid);
		free(tid);
		fprintf(to, "    %s:%s  %s %s\n", top, name, amount, t[i].amount.currency);
		/* The other side: where the money went, or came from; the amount balances by itself. */
		fprintf(to, "    %s:%s\n\n", t[i].amount.minor < 0 ? "Expenses" : "Income", cat);
		free(payee);
		free(cat);
	}
	free(name);
}

int export_write(FILE *to, enum export_format fmt, const struct api_account *acc,
		 const struct api_transaction *t, size_t n, long long now)
{
	switch (fmt) {
	case EXPORT_CSV:
		write_csv(to, t, n);
		break;
	case EXPORT_JSON:
		write_json(to, acc, t, n);
		break;
	case EXPORT_OFX:
		write_ofx(to, acc, t, n, now);
		break;
	case EXPORT_LEDGER:
		write_ledger(to, acc, t, n);
		break;
	}
	return fflush(to) == 0 && !ferror(to) ? 0 : -1;
}
