/* screens.c: the registry of screens: their order (the enum's), and the
 * key that opens each.  The top bar, the number keys, the names [keys NAME]
 * accepts and the actions that go to a screen all come from here. */
#include "config.h"

#include "tui.h"

const struct screen_entry ui_screens[SCR_COUNT] = {
	[SCR_HOME] = { &screen_home, "1" },
	[SCR_ACCOUNTS] = { &screen_accounts, "2" },
	[SCR_TRANSFERS] = { &screen_transfers, "3" },
	[SCR_BILLS] = { &screen_bills, "4" },
	[SCR_POINTS] = { &screen_points, "5" },
	[SCR_OFFERS] = { &screen_offers, "6" },
	[SCR_INSIGHTS] = { &screen_insights, "7" },
	[SCR_ALERTS] = { &screen_alerts, "8" },
	[SCR_SETTINGS] = { &screen_settings, "9" },
	[SCR_WALLET] = { &screen_wallet, "0" },
	[SCR_SUPPORT] = { &screen_support, "s" },
};
