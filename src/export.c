/* export.c: the export formats.  Text from the bank is sanitized first, and
 * then escaped for each format's own rules: quotes in CSV (and a leading
 * quote before what a spreadsheet would run as a formula) and entities in
 * OFX; journals are journal.c's. */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "export.h"
#include "journal.h"
#include "json.h"
#include "money.h"
#include "text.h"
#include "xalloc.h"

bool export_format_parse(const char *name, enum export_format *out)
{
	static const struct {
		const char *name;
		enum export_format f;
	} names[] = { { "csv", EXPORT_CSV },
		      { "json", EXPORT_JSON },
		      { "ofx", EXPORT_OFX },
		      { "ledger", EXPORT_LEDGER },
		      { "beancount", EXPORT_BEANCOUNT } };

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


/* --- JSON ------------------------------------------------------------------------------ */

/* {"account": {...}, "items": [ -- the rows follow, one a line: the shape of
 * transactions --json too (doc/json/transactions.schema.json). */
static void json_begin(FILE *to, const struct api_account *acc)
{
	json_object *a = json_object_new_object();

	json_object_object_add(a, "id", json_object_new_string(acc->id));
	json_object_object_add(a, "name", json_object_new_string(acc->name));
	json_object_object_add(a, "currency", json_object_new_string(acc->currency));
	json_object_object_add(a, "iban", *acc->iban ? json_object_new_string(acc->iban) : NULL);
	fputs("{\n  \"account\": ", to);
	json_write_safe(to, a, JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE);
	fputs(",\n  \"items\": [", to);
	json_object_put(a);
}

json_object *export_txn_json(const struct api_transaction *t)
{
	json_object *x = json_object_new_object();

	json_object_object_add(x, "id", json_object_new_string(t->id));
	json_object_object_add(x, "booked_at", json_object_new_string(t->booked_at));
	json_object_object_add(x, "amount", json_new_money(&t->amount));
	json_object_object_add(x, "description", json_object_new_string(t->description));
	json_object_object_add(x, "counterparty", json_object_new_string(t->counterparty));
	json_object_object_add(x, "category", json_object_new_string(t->category));
	return x;
}

static void json_row(FILE *to, const struct api_transaction *t, bool first)
{
	json_object *x = export_txn_json(t);

	fputs(first ? "\n    " : ",\n    ", to);
	json_write_safe(to, x, JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE);
	json_object_put(x);
}

/* --- OFX ------------------------------------------------------------------------------ */

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

/* One STMTTRN. */
static void ofx_row(FILE *to, const struct api_transaction *t)
{
	char amount[MONEY_FMT_MAX], posted[16];

	plain(&t->amount, amount, sizeof amount);
	ofx_time(t->booked_at, posted);
	fprintf(to, "<STMTTRN><TRNTYPE>%s</TRNTYPE><DTPOSTED>%s</DTPOSTED><TRNAMT>%s</TRNAMT><FITID>",
		t->amount.minor < 0 ? "DEBIT" : "CREDIT", posted, amount);
	xml_text(to, t->id, 255);
	fputs("</FITID><NAME>", to);
	/* OFX allows 32 characters of name; the rest goes to the memo. */
	xml_text(to, *t->counterparty ? t->counterparty : t->description, 32);
	fputs("</NAME><MEMO>", to);
	xml_text(to, t->description, 255);
	fputs("</MEMO></STMTTRN>\n", to);
}

/* The statement around its rows (spooled in rows; first and last are their
 * first and last times, "" without rows). */
static void write_ofx(FILE *to, const struct api_account *acc, FILE *rows, const char *first, const char *last,
		      long long now)
{
	char when[16], stamp[32], start[16], end[16], bal[MONEY_FMT_MAX], buf[8192];
	time_t tt = (time_t)now;
	struct tm tm;
	size_t got;
	const char *type = !strcmp(acc->kind, "savings") ? "SAVINGS" : !strcmp(acc->kind, "credit") ? "CREDITLINE" : "CHECKING";

	gmtime_r(&tt, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &tm);
	memcpy(when, stamp, 15);
	when[15] = '\0';
	ofx_time(first, start);
	ofx_time(last, end);
	if (!*first) {
		memcpy(start, when, sizeof start);
		memcpy(end, when, sizeof end);
	}
	plain(&acc->booked, bal, sizeof bal);
	/* The OFX 1.6 header, which names the encoding in a way both libofx and
	 * python3-ofxparse read (ofxparse reads the text as ASCII without it,
	 * and the XML declaration of OFX 2 is not where it looks).  The body
	 * closes every element, which the SGML of OFX 1.6 allows. */
	fputs("OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:160\r\nSECURITY:NONE\r\nENCODING:UTF-8\r\n"
	      "CHARSET:NONE\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n"
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
	rewind(rows);
	while ((got = fread(buf, 1, sizeof buf, rows)) > 0)
		fwrite(buf, 1, got, to);
	fprintf(to, "</BANKTRANLIST>\n<LEDGERBAL><BALAMT>%s</BALAMT><DTASOF>%s</DTASOF></LEDGERBAL>\n", bal, when);
	fputs("</STMTRS>\n</STMTTRNRS></BANKMSGSRSV1>\n</OFX>\n", to);
}

/* --- streaming ------------------------------------------------------------------------------ */

int export_begin(struct export *e, FILE *to, enum export_format fmt, const struct api_account *acc, long long now)
{
	memset(e, 0, sizeof *e);
	e->to = to;
	e->fmt = fmt;
	e->acc = acc;
	e->now = now;
	switch (fmt) {
	case EXPORT_CSV:
		export_csv_header(to);
		break;
	case EXPORT_JSON:
		json_begin(to, acc);
		break;
	case EXPORT_OFX:
		/* The statement's dates come before its rows: the rows wait in a file of their own. */
		if (!(e->spool = tmpfile()))
			return -1;
		break;
	case EXPORT_LEDGER:
	case EXPORT_BEANCOUNT:
		/* The declarations come before the rows: they wait in the journal's file. */
		if (!(e->journal = journal_new(fmt == EXPORT_BEANCOUNT, acc, 1)))
			return -1;
		journal_account(e->journal, acc);
		e->header = true;
		break;
	}
	return ferror(to) ? -1 : 0;
}

int export_journal(struct export *e, const struct api_account *all, size_t nall, FILE *existing, bool complete)
{
	if (!e->journal)
		return 0;
	journal_accounts(e->journal, all, nall);
	e->complete = complete;
	if (existing) {
		long keys = journal_known(e->journal, existing);
		if (keys < 0)
			return -1;
		/* An empty file is a new journal. */
		e->header = ftell(existing) <= 0;
	}
	return 0;
}

void export_next_account(struct export *e, const struct api_account *acc)
{
	if (!e->journal)
		return;
	journal_account_end(e->journal, e->complete);
	e->acc = acc;
	journal_account(e->journal, acc);
}

int export_row(struct export *e, const struct api_transaction *t)
{
	switch (e->fmt) {
	case EXPORT_CSV:
		export_csv_row(e->to, t);
		break;
	case EXPORT_JSON:
		json_row(e->to, t, e->n == 0);
		break;
	case EXPORT_OFX:
		if (!e->n)
			snprintf(e->first, sizeof e->first, "%s", t->booked_at);
		snprintf(e->last, sizeof e->last, "%s", t->booked_at);
		ofx_row(e->spool, t);
		break;
	case EXPORT_LEDGER:
	case EXPORT_BEANCOUNT:
		journal_row(e->journal, t);
		e->n = journal_count(e->journal, &e->skipped);
		return 0;
	}
	e->n++;
	return ferror(e->to) || (e->spool && ferror(e->spool)) ? -1 : 0;
}

int export_end(struct export *e)
{
	int rc = 0;

	if (e->fmt == EXPORT_JSON && !e->cut)
		fputs(e->n ? "\n  ]\n}\n" : "]\n}\n", e->to);
	if (e->fmt == EXPORT_OFX) {
		rc = e->spool && !ferror(e->spool) ? 0 : -1;
		if (!rc)
			write_ofx(e->to, e->acc, e->spool, e->first, e->last, e->now);
	}
	if (e->journal) {
		journal_account_end(e->journal, e->complete);
		rc = journal_write(e->journal, e->to, e->header);
		e->n = journal_count(e->journal, &e->skipped);
		journal_free(&e->journal);
	}
	if (e->spool)
		fclose(e->spool);
	e->spool = NULL;
	return !rc && fflush(e->to) == 0 && !ferror(e->to) ? 0 : -1;
}
