/* routes.c: the route table of the API: which handler answers which method
 * and path, which need a signed-in customer, and the faults a test armed.
 * It depends on the handlers; nothing depends on it but the server. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "faults.h"
#include "handlers.h"
#include "routes.h"
#include "sandbox.h"

/* Who may call a route: anyone; a signed-in customer; or the bank's staff
 * too (support), who have no banking of their own. */
enum who { OPEN, CUSTOMER, STAFF_TOO };

struct route {
	const char *method;
	const char *pattern; /* "{}" matches one path segment */
	sb_handler *fn;
	enum who who;
};

static const struct route routes[] = {
	{ "POST", "/v1/auth/token", auth_token, OPEN },
	{ "POST", "/v1/auth/mfa", auth_mfa, OPEN },
	{ "POST", "/v1/auth/refresh", auth_refresh, OPEN },
	{ "POST", "/v1/auth/logout", auth_logout, OPEN },
	{ "GET", "/v1/me", auth_me, STAFF_TOO },
	{ "GET", "/v1/accounts", accounts_list, CUSTOMER },
	{ "GET", "/v1/accounts/{}", accounts_get, CUSTOMER },
	{ "GET", "/v1/accounts/{}/transactions", accounts_transactions, CUSTOMER },
	{ "GET", "/v1/payees", payees_list, CUSTOMER },
	{ "POST", "/v1/payees", payees_create, CUSTOMER },
	{ "POST", "/v1/payees/verify", payees_verify, CUSTOMER },
	{ "DELETE", "/v1/payees/{}", payees_delete, CUSTOMER },
	{ "PUT", "/v1/payees/{}/name", payees_rename, CUSTOMER },
	{ "GET", "/v1/limits", limits_get, CUSTOMER },
	{ "PUT", "/v1/limits", limits_put, CUSTOMER },
	{ "POST", "/v1/fx/quotes", fx_quotes_create, CUSTOMER },
	{ "GET", "/v1/transfers", transfers_list, CUSTOMER },
	{ "POST", "/v1/transfers", transfers_create, CUSTOMER },
	{ "GET", "/v1/transfers/{}", transfers_get, CUSTOMER },
	{ "DELETE", "/v1/transfers/{}", transfers_cancel, CUSTOMER },
	{ "GET", "/v1/idempotency-keys/{}", idem_status, CUSTOMER },
	{ "GET", "/v1/billers", billers_list, CUSTOMER },
	{ "GET", "/v1/bills", bills_list, CUSTOMER },
	{ "POST", "/v1/bills/{}/payments", bills_pay, CUSTOMER },
	{ "PUT", "/v1/bills/{}/autopay", bills_autopay, CUSTOMER },
	{ "GET", "/v1/wallet", wallet_get, CUSTOMER },
	{ "POST", "/v1/wallet/top-ups", wallet_top_up, CUSTOMER },
	{ "POST", "/v1/wallet/withdrawals", wallet_withdraw, CUSTOMER },
	{ "GET", "/v1/rewards", rewards_get, CUSTOMER },
	{ "GET", "/v1/rewards/ledger", rewards_ledger, CUSTOMER },
	{ "GET", "/v1/rewards/catalog", rewards_catalog, CUSTOMER },
	{ "POST", "/v1/rewards/redemptions", rewards_redeem, CUSTOMER },
	{ "GET", "/v1/offers", offers_list, CUSTOMER },
	{ "POST", "/v1/offers/{}/activation", offers_activate, CUSTOMER },
	{ "POST", "/v1/offers/{}/dismissal", offers_dismiss, CUSTOMER },
	{ "GET", "/v1/insights/spending", insights_spending, CUSTOMER },
	{ "GET", "/v1/notifications", notifications_list, CUSTOMER },
	{ "POST", "/v1/notifications/{}/read", notifications_read, CUSTOMER },
	{ "POST", "/v1/feedback", feedback_create, CUSTOMER },
	{ "GET", "/v1/help/articles", help_articles, OPEN },
	{ "GET", "/v1/help/articles/{}", help_article, OPEN },
	{ "GET", "/v1/support/threads", support_threads_list, STAFF_TOO },
	{ "POST", "/v1/support/threads", support_threads_create, CUSTOMER },
	{ "GET", "/v1/support/threads/{}", support_threads_get, STAFF_TOO },
	{ "POST", "/v1/support/threads/{}/messages", support_messages_create, STAFF_TOO },
	{ "POST", "/v1/support/threads/{}/close", support_threads_close, STAFF_TOO },
	{ "GET", "/v1/sandbox/clock", clock_get, OPEN },
	{ "POST", "/v1/sandbox/clock", clock_advance, OPEN },
	{ "POST", "/v1/sandbox/reset", sandbox_reset, OPEN },
	{ "POST", "/v1/sandbox/card-payments", sandbox_card_payment, CUSTOMER },
	{ "POST", "/v1/sandbox/faults", sandbox_faults, OPEN },
	{ "POST", "/v1/sandbox/expire-access-tokens", sandbox_expire_tokens, OPEN },
	{ "GET", "/v1/sandbox/stats", sandbox_stats, OPEN },
};

void routes_print(FILE *to)
{
	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		fprintf(to, "%s ", routes[i].method);
		/* "{}" is printed as OpenAPI's "{id}" */
		for (const char *p = routes[i].pattern; *p; p++) {
			if (!strncmp(p, "{}", 2)) {
				fputs("{id}", to);
				p++;
			} else {
				fputc(*p, to);
			}
		}
		fputc('\n', to);
	}
}

/* Matches path against pattern, capturing "{}" segments into params. */
static bool match(const char *pattern, const char *path, const char *params[4], char *store,
		  size_t storelen)
{
	size_t np = 0, used = 0;

	while (*pattern && *path) {
		if (!strncmp(pattern, "{}", 2)) {
			size_t n = strcspn(path, "/");
			if (n == 0 || np == 4 || used + n + 1 > storelen)
				return false;
			memcpy(store + used, path, n);
			store[used + n] = '\0';
			params[np++] = store + used;
			used += n + 1;
			pattern += 2;
			path += n;
		} else if (*pattern == *path) {
			pattern++;
			path++;
		} else {
			return false;
		}
	}
	return !*pattern && !*path;
}

static bool controls;

void routes_enable_controls(bool on)
{
	controls = on;
}

/* Whether a Content-Type names JSON ("application/json; charset=utf-8" does). */
static bool is_json(const char *type)
{
	size_t n = strlen("application/json");

	return type && !strncasecmp(type, "application/json", n) && (!type[n] || type[n] == ';' || type[n] == ' ');
}

/* What no client of this API sends, and a web page does: refused before
 * anything runs.  This bank serves no pages, so any Origin is foreign; a
 * body or a control that is not JSON is what a form or a "simple" fetch
 * sends across origins. */
static bool refused(struct sb_ctx *c)
{
	bool control = !strncmp(c->path, "/v1/sandbox/", 12);

	if (sb_header(c, "Origin")) {
		sb_problem(c, 403, "forbidden_origin", "requests from web pages (with an Origin) are refused", NULL);
		return true;
	}
	if ((c->body_len || (control && strcmp(c->method, "GET"))) && !is_json(sb_header(c, "Content-Type"))) {
		sb_problem(c, 415, "unsupported_media_type", "the request must be application/json", NULL);
		return true;
	}
	return false;
}

void routes_dispatch(struct sb_ctx *c)
{
	char store[256];
	bool path_known = false;
	unsigned fault_status = 0;
	enum fault fault = faults_read(c, &fault_status);

	if (fault == FAULT_DROP_BEFORE) {
		c->drop = true;
		return;
	}
	if (fault == FAULT_STATUS) {
		sb_problem(c, fault_status, fault_status == 503 ? "unavailable" : "server_error",
			   "fault injected by X-Sandbox-Fault", NULL);
		return;
	}
	if (refused(c))
		return;
	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		const char *params[4] = { 0 };
		/* The demo's controls are not there unless asked for. */
		if (!controls && !strncmp(routes[i].pattern, "/v1/sandbox/", 12))
			continue;
		if (!match(routes[i].pattern, c->path, params, store, sizeof store))
			continue;
		path_known = true;
		if (strcmp(routes[i].method, c->method))
			continue;
		memcpy(c->params, params, sizeof params);
		c->db = db_conn();
		if (routes[i].who != OPEN && !auth_check(c))
			return;
		if (routes[i].who == CUSTOMER && c->staff) {
			sb_problem(c, 403, "customers_only", "a staff account has no banking of its own", NULL);
			return;
		}
		routes[i].fn(c);
		if (fault == FAULT_DROP_AFTER)
			c->drop = true;
		return;
	}
	if (path_known)
		sb_problem(c, 405, "method_not_allowed", "this path does not take that method", NULL);
	else
		sb_problem(c, 404, "not_found", "no such endpoint", NULL);
}

