/* money_private.h: what money.c shares with its data table, nobody else. */
#ifndef BANKTERM_MONEY_PRIVATE_H
#define BANKTERM_MONEY_PRIVATE_H

#include "money.h"

extern const struct currency currency_table[];
extern const size_t currency_table_len;

#endif
