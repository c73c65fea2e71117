/* handlers.h: every handler of the API, one per route, for the route table
 * (routes.c).  Each file of the sandbox defines its area's handlers. */
#ifndef BANKTERM_SANDBOX_HANDLERS_H
#define BANKTERM_SANDBOX_HANDLERS_H

#include "reply.h"

typedef void sb_handler(struct sb_ctx *c);

/* auth.c */
sb_handler auth_token, auth_mfa, auth_refresh, auth_logout, auth_me;
/* accounts.c */
sb_handler accounts_list, accounts_get, accounts_transactions;
/* transfers.c */
sb_handler transfers_create, transfers_list, transfers_get, transfers_cancel;
/* idem.c: what became of a request, without running it */
sb_handler idem_status;
/* payees.c */
sb_handler payees_list, payees_create, payees_delete, payees_rename;
/* limits.c */
sb_handler limits_get, limits_put;
/* fx.c */
sb_handler fx_quotes_create;
/* notify.c */
sb_handler notifications_list, notifications_read;
/* bills.c */
sb_handler billers_list, bills_list, bills_pay, bills_autopay;
/* rewards.c */
sb_handler rewards_get, rewards_ledger, rewards_catalog, rewards_redeem;
/* offers.c and insights */
sb_handler offers_list, offers_activate, offers_dismiss, insights_spending;
/* wallet.c */
sb_handler wallet_get, wallet_top_up, wallet_withdraw;
/* feedback.c */
sb_handler feedback_create;
/* help.c: the bank's help articles, searched in the customer's language */
sb_handler help_articles, help_article;
/* support.c: conversations between customers and the bank's staff */
sb_handler support_threads_list, support_threads_create, support_threads_get, support_messages_create,
	support_threads_close;
/* vop.c: Verification of Payee: the name typed against the IBAN's holder */
sb_handler payees_verify;
/* controls.c: the clock, reset and card payments, for demos and tests */
sb_handler clock_get, clock_advance, sandbox_reset, sandbox_card_payment;
/* faults.c: faults armed for the next requests, expiring tokens, and what
 * the benchmarks count (connections, requests) */
sb_handler sandbox_faults, sandbox_expire_tokens, sandbox_stats;

#endif
