/* lang.c: the bank's words in seven languages (see lang.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lang.h"
#include "xalloc.h"

static const char *const tags[LANG_COUNT] = { "en", "de", "es", "fr", "ja", "zh-CN", "zh-TW" };

/* English, then de, es, fr, ja, zh-CN, zh-TW.  {N} is the Nth argument. */
static const struct {
	const char *en, *tr[LANG_COUNT - 1];
} texts[] = {
	/* alert titles */
	{ "New sign-in", { "Neue Anmeldung", "Nuevo inicio de sesión", "Nouvelle connexion", "新しいサインイン", "新的登录", "新的登入" } },
	{ "New bill", { "Neue Rechnung", "Nueva factura", "Nouvelle facture", "新しい請求", "新账单", "新帳單" } },
	{ "Bill overdue", { "Rechnung überfällig", "Factura vencida", "Facture en retard", "支払期限切れの請求", "账单已逾期", "帳單已逾期" } },
	{ "Bill due soon", { "Rechnung bald fällig", "Factura a punto de vencer", "Facture bientôt due", "まもなく支払期限の請求", "账单即将到期", "帳單即將到期" } },
	{ "Autopay failed", { "Autopay fehlgeschlagen", "Falló el pago automático", "Échec du paiement automatique", "自動支払いに失敗", "自动支付失败", "自動支付失敗" } },
	{ "Money out", { "Abbuchung", "Salida de dinero", "Argent sorti", "出金", "资金支出", "資金支出" } },
	{ "Money in", { "Geldeingang", "Entrada de dinero", "Argent reçu", "入金", "资金到账", "資金入帳" } },
	{ "Large payment", { "Große Zahlung", "Pago elevado", "Paiement important", "高額の支払い", "大额付款", "大額付款" } },
	{ "Unusual payment", { "Ungewöhnliche Zahlung", "Pago inusual", "Paiement inhabituel", "いつもと違う支払い", "异常付款", "異常付款" } },
	{ "New payee", { "Neuer Empfänger", "Nuevo beneficiario", "Nouveau bénéficiaire", "新しい振込先", "新收款人", "新收款人" } },
	{ "New offers for you", { "Neue Angebote für Sie", "Nuevas ofertas para usted", "Nouvelles offres pour vous", "あなたへの新しい特典", "为您推荐的新优惠", "為您推薦的新優惠" } },
	{ "A scheduled transfer did not run", { "Eine geplante Überweisung wurde nicht ausgeführt", "Una transferencia programada no se ejecutó", "Un virement programmé n’a pas été exécuté", "予約振込が実行されませんでした", "一笔预约转账未执行", "一筆預約轉帳未執行" } },
	/* alert bodies */
	{ "Your account was signed in to. If this was not you, change your password.",
	  { "Es gab eine Anmeldung bei Ihrem Konto. Wenn Sie das nicht waren, ändern Sie Ihr Passwort.",
	    "Se inició sesión en su cuenta. Si no fue usted, cambie su contraseña.",
	    "Une connexion à votre compte a eu lieu. Si ce n’était pas vous, changez votre mot de passe.",
	    "あなたのアカウントにサインインがありました。心当たりがない場合はパスワードを変更してください。",
	    "您的账户有一次登录。如果不是您本人，请修改密码。",
	    "您的帳戶有一次登入。如果不是您本人，請變更密碼。" } },
	{ "A new bill from {1} has arrived.",
	  { "Eine neue Rechnung von {1} ist eingegangen.", "Ha llegado una nueva factura de {1}.",
	    "Une nouvelle facture de {1} est arrivée.", "{1} から新しい請求が届きました。", "收到来自 {1} 的新账单。",
	    "收到來自 {1} 的新帳單。" } },
	{ "Your bill from {1} for {2} was due on {3} and is not paid.",
	  { "Ihre Rechnung von {1} über {2} war am {3} fällig und ist nicht bezahlt.",
	    "Su factura de {1} por {2} vencía el {3} y no está pagada.",
	    "Votre facture {1} de {2} était due le {3} et n’est pas payée.",
	    "{1} からの請求 {2} は {3} が支払期限でしたが、未払いです。",
	    "您来自 {1} 的 {2} 账单已于 {3} 到期，尚未支付。",
	    "您來自 {1} 的 {2} 帳單已於 {3} 到期，尚未支付。" } },
	{ "Your bill from {1} for {2} is due on {3}.",
	  { "Ihre Rechnung von {1} über {2} ist am {3} fällig.", "Su factura de {1} por {2} vence el {3}.",
	    "Votre facture {1} de {2} est due le {3}.", "{1} からの請求 {2} の支払期限は {3} です。",
	    "您来自 {1} 的 {2} 账单将于 {3} 到期。", "您來自 {1} 的 {2} 帳單將於 {3} 到期。" } },
	{ "Autopay could not pay your bill from {1}: not enough money in the account.",
	  { "Autopay konnte Ihre Rechnung von {1} nicht bezahlen: zu wenig Geld auf dem Konto.",
	    "El pago automático no pudo pagar su factura de {1}: no hay dinero suficiente en la cuenta.",
	    "Le paiement automatique n’a pas pu régler votre facture {1} : solde insuffisant sur le compte.",
	    "{1} の請求を自動支払いできませんでした：口座の残高が足りません。",
	    "自动支付未能支付您来自 {1} 的账单：账户余额不足。",
	    "自動支付未能支付您來自 {1} 的帳單：帳戶餘額不足。" } },
	{ "Autopay could not pay your bill from {1}: the account cannot pay it.",
	  { "Autopay konnte Ihre Rechnung von {1} nicht bezahlen: das Konto kann sie nicht bezahlen.",
	    "El pago automático no pudo pagar su factura de {1}: la cuenta no puede pagarla.",
	    "Le paiement automatique n’a pas pu régler votre facture {1} : ce compte ne peut pas la payer.",
	    "{1} の請求を自動支払いできませんでした：この口座からは支払えません。",
	    "自动支付未能支付您来自 {1} 的账单：该账户无法支付。",
	    "自動支付未能支付您來自 {1} 的帳單：該帳戶無法支付。" } },
	{ "{1}: {2} is far above your usual {3} for {4}. Was it you?",
	  { "{1}: {2} liegt weit über Ihren üblichen {3} für {4}. Waren Sie das?",
	    "{1}: {2} está muy por encima de sus habituales {3} en {4}. ¿Fue usted?",
	    "{1} : {2} dépasse de loin vos {3} habituels en {4}. Était-ce vous ?",
	    "{1}：{2} は、{4} のいつもの {3} を大きく上回っています。ご本人ですか？",
	    "{1}：{2} 远高于您在{4}上通常的 {3}。是您本人吗？",
	    "{1}：{2} 遠高於您在{4}上通常的 {3}。是您本人嗎？" } },
	{ "{1} was added to your payees.",
	  { "{1} wurde zu Ihren Empfängern hinzugefügt.", "{1} se añadió a sus beneficiarios.",
	    "{1} a été ajouté à vos bénéficiaires.", "{1} を振込先に追加しました。", "{1} 已添加到您的收款人。",
	    "{1} 已新增到您的收款人。" } },
	{ "New offers chosen from your spending are waiting under Offers.",
	  { "Neue Angebote, ausgewählt nach Ihren Ausgaben, warten unter Angebote.",
	    "Nuevas ofertas elegidas según sus gastos le esperan en Ofertas.",
	    "De nouvelles offres choisies d’après vos dépenses vous attendent dans Offres.",
	    "ご利用内容に合わせた新しい特典が「特典」にあります。", "根据您的消费挑选的新优惠已在“优惠”中等您。",
	    "根據您的消費挑選的新優惠已在「優惠」中等您。" } },
	{ "There was not enough money in the account.",
	  { "Auf dem Konto war nicht genug Geld.", "No había dinero suficiente en la cuenta.",
	    "Le solde du compte était insuffisant.", "口座の残高が足りませんでした。", "账户余额不足。", "帳戶餘額不足。" } },
	{ "It was above your daily limit.",
	  { "Sie lag über Ihrem Tageslimit.", "Superaba su límite diario.", "Il dépassait votre plafond quotidien.",
	    "1 日の上限を超えていました。", "超出了您的每日限额。", "超出了您的每日限額。" } },
	{ "The transfer could not be made.",
	  { "Die Überweisung konnte nicht ausgeführt werden.", "No se pudo realizar la transferencia.",
	    "Le virement n’a pas pu être effectué.", "振込を実行できませんでした。", "无法完成这笔转账。", "無法完成這筆轉帳。" } },
	{ "Transfer to {1}", { "Überweisung an {1}", "Transferencia a {1}", "Virement à {1}", "{1} への振込", "转账给 {1}", "轉帳給 {1}" } },
	/* words that arguments carry: spending categories */
	{ "groceries", { "Lebensmittel", "supermercado", "courses", "食料品", "日用杂货", "日用雜貨" } },
	{ "dining", { "Restaurants", "restaurantes", "restaurants", "外食", "餐饮", "餐飲" } },
	{ "transport", { "Verkehr", "transporte", "transports", "交通", "交通", "交通" } },
	{ "shopping", { "Einkäufe", "compras", "achats", "買い物", "购物", "購物" } },
	{ "utilities", { "Nebenkosten", "suministros", "énergie et eau", "光熱費", "水电煤", "水電費" } },
	{ "travel", { "Reisen", "viajes", "voyages", "旅行", "旅行", "旅遊" } },
	{ "health", { "Gesundheit", "salud", "santé", "医療", "医疗", "醫療" } },
	{ "entertainment", { "Freizeit", "ocio", "loisirs", "娯楽", "娱乐", "娛樂" } },
	{ "transfer", { "Überweisung", "transferencia", "virement", "振込", "转账", "轉帳" } },
	{ "housing", { "Wohnen", "vivienda", "logement", "住居", "住房", "住房" } },
};

enum sb_lang lang_pick(const char *accept)
{
	enum sb_lang best = LANG_EN;
	double best_q = -1;
	const char *p = accept;

	/* "de-DE,de;q=0.9,en;q=0.5": the first of the highest q that we write. */
	while (p && *p) {
		char tag[32];
		size_t n = strcspn(p, ",;");
		double q = 1;
		const char *semi = p + n;
		int l = -1;

		while (*p == ' ')
			p++, n = n ? n - 1 : 0;
		snprintf(tag, sizeof tag, "%.*s", (int)(n < sizeof tag ? n : sizeof tag - 1), p);
		if (*semi == ';' && !strncmp(semi, ";q=", 3))
			q = strtod(semi + 3, NULL);
		/* zh-TW, zh-HK and zh-Hant read traditional; other Chinese, simplified. */
		if (!strncasecmp(tag, "zh", 2))
			l = (strcasestr(tag, "tw") || strcasestr(tag, "hk") || strcasestr(tag, "hant")) ? LANG_ZH_TW : LANG_ZH_CN;
		else
			for (int i = 0; i < LANG_COUNT; i++)
				if (!strncasecmp(tag, tags[i], 2) && (!tag[2] || tag[2] == '-' || tag[2] == '_'))
					l = i;
		if (l >= 0 && q > best_q) {
			best = (enum sb_lang)l;
			best_q = q;
		}
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return best;
}

const char *lang_tag(enum sb_lang l)
{
	return tags[l >= 0 && l < LANG_COUNT ? l : LANG_EN];
}

const char *lang_text(enum sb_lang l, const char *english)
{
	if (!english || l <= LANG_EN || l >= LANG_COUNT)
		return english;
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		if (!strcmp(texts[i].en, english))
			return texts[i].tr[l - 1];
	return english;
}

char *lang_render(enum sb_lang l, const char *tpl, const char *const *args)
{
	const char *t = lang_text(l, tpl ? tpl : ""), *a[9] = { 0 };
	size_t len = 0, n = 0;
	char *out = NULL;
	int nargs = 0;

	while (args && args[nargs] && nargs < 9) {
		a[nargs] = lang_text(l, args[nargs]);
		nargs++;
	}
	/* Two passes: the length, then the text (a {N} may come more than once). */
	for (int pass = 0; pass < 2; pass++) {
		n = 0;
		for (const char *p = t; *p;) {
			if (p[0] == '{' && p[1] >= '1' && p[1] <= '9' && p[2] == '}') {
				const char *v = p[1] - '1' < nargs ? a[p[1] - '1'] : "";
				if (pass)
					memcpy(out + n, v, strlen(v));
				n += strlen(v);
				p += 3;
			} else {
				if (pass)
					out[n] = *p;
				n++;
				p++;
			}
		}
		if (!pass) {
			len = n;
			out = xmalloc(len + 1);
		}
	}
	out[len] = '\0';
	return out;
}
