/* lang.c: the bank's words in seven languages (see lang.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lang.h"
#include "money.h"
#include "xalloc.h"

static const char *const tags[LANG_COUNT] = { "en", "de", "es", "fr", "ja", "zh-CN", "zh-TW" };

/* English, then de, es, fr, ja, zh-CN, zh-TW.  {N} is the Nth argument. */
struct text {
	const char *en, *tr[LANG_COUNT - 1];
};

static const struct text texts[] = {
	/* alert titles */
	{ "Sign-in paused", { "Anmeldung pausiert", "Inicio de sesión en pausa", "Connexion suspendue", "ログインを一時停止", "登录已暂停", "登入已暫停" } },
	{ "Several wrong passwords or codes were tried: signing in and one-time codes are paused for {1} minutes. If this was not you, change your password.",
	  { "Es wurden mehrere falsche Passwörter oder Codes versucht: Anmeldung und Einmalcodes sind für {1} Minuten pausiert. Falls Sie das nicht waren, ändern Sie bitte Ihr Passwort.",
	    "Se han probado varias contraseñas o códigos incorrectos: el inicio de sesión y los códigos de un solo uso quedan en pausa durante {1} minutos. Si no ha sido usted, cambie su contraseña.",
	    "Plusieurs mots de passe ou codes erronés ont été essayés : la connexion et les codes à usage unique sont suspendus pendant {1} minutes. Si vous n’en êtes pas à l’origine, modifiez votre mot de passe.",
	    "誤ったパスワードまたはコードが何度も入力されたため、ログインとワンタイムコードを {1} 分間停止しています。お心当たりがない場合は、パスワードを変更してください。",
	    "多次尝试了错误的密码或验证码：登录和一次性验证码已暂停 {1} 分钟。如非本人操作，请修改密码。",
	    "多次嘗試了錯誤的密碼或驗證碼：登入與一次性驗證碼已暫停 {1} 分鐘。若非您本人操作，請變更密碼。" } },
	{ "New sign-in", { "Neue Anmeldung", "Nuevo inicio de sesión", "Nouvelle connexion", "新しいログイン", "登录提醒", "新的登入" } },
	{ "New bill", { "Neue Rechnung", "Nueva factura", "Nouvelle facture", "新しい請求書", "新账单", "新帳單" } },
	{ "Bill overdue", { "Rechnung überfällig", "Factura vencida", "Facture en retard", "支払期限を過ぎた請求書", "账单已逾期", "帳單已逾期" } },
	{ "Bill due soon", { "Rechnung bald fällig", "Factura a punto de vencer", "Facture bientôt à échéance", "まもなく支払期限の請求書", "账单即将到期", "帳單即將到期" } },
	{ "Autopay failed", { "Automatische Zahlung fehlgeschlagen", "Error en el pago automático", "Échec du prélèvement automatique", "自動支払いに失敗", "自动缴费失败", "自動扣繳失敗" } },
	{ "Money out", { "Abbuchung", "Cargo en cuenta", "Sortie d’argent", "出金", "账户支出", "款項支出" } },
	{ "Money in", { "Geldeingang", "Ingreso en cuenta", "Entrée d’argent", "入金", "账户入账", "款項入帳" } },
	{ "Large payment", { "Hohe Zahlung", "Pago de importe elevado", "Paiement important", "高額の支払い", "大额付款", "大額付款" } },
	{ "Unusual payment", { "Ungewöhnliche Zahlung", "Pago inusual", "Paiement inhabituel", "普段と異なる支払い", "异常付款", "異常付款" } },
	{ "New payee", { "Neuer Empfänger", "Nuevo beneficiario", "Nouveau bénéficiaire", "新しい振込先", "新增收款人", "新收款人" } },
	{ "New offers for you", { "Neue Angebote für Sie", "Nuevas ofertas para usted", "Nouvelles offres pour vous", "新しいおすすめ特典", "为您推荐的新优惠", "為您推薦的新優惠" } },
	{ "New reply from the bank", { "Neue Antwort der Bank", "Nueva respuesta del banco", "Nouvelle réponse de la banque", "銀行からの新しい返信", "银行的新回复", "銀行的新回覆" } },
	{ "How did we do?", { "Wie war unsere Hilfe?", "¿Qué tal le hemos ayudado?", "Comment vous avons-nous aidé ?", "サポートはいかがでしたか？", "我们的服务如何？", "我們的服務如何？" } },
	/* support: the bank's answers */
	{ "The bank answered your message \"{1}\". Read it under Support.",
	  { "Die Bank hat auf Ihre Nachricht „{1}“ geantwortet. Sie finden die Antwort unter Support.",
	    "El banco ha respondido a su mensaje «{1}». Puede leerlo en Soporte.",
	    "La banque a répondu à votre message « {1} ». Vous pouvez le lire dans Assistance.",
	    "「{1}」へのメッセージに銀行が返信しました。サポートでご確認ください。",
	    "银行已回复您的消息“{1}”。请在“客服”中查看。",
	    "銀行已回覆您的訊息「{1}」。請在「客服」中查看。" } },
	{ "Your conversation \"{1}\" is closed. Please rate the help from 1 to 5.",
	  { "Ihr Gespräch „{1}“ ist abgeschlossen. Bitte bewerten Sie unsere Hilfe von 1 bis 5.",
	    "Su conversación «{1}» se ha cerrado. Valore la ayuda recibida de 1 a 5.",
	    "Votre conversation « {1} » est close. Merci de noter l’aide reçue de 1 à 5.",
	    "お問い合わせ「{1}」は終了しました。サポートの評価を 1 から 5 でお聞かせください。",
	    "您的咨询“{1}”已结束。请为我们的帮助打分（1 到 5 分）。",
	    "您的諮詢「{1}」已結束。請為我們的協助評分（1 到 5 分）。" } },
	{ "Thank you for your message. A member of our support team will answer here, usually within one working day, and you will get an alert when they do. These articles may answer your question now:",
	  { "Vielen Dank für Ihre Nachricht. Eine Mitarbeiterin oder ein Mitarbeiter unseres Support-Teams antwortet Ihnen hier, meist innerhalb eines Werktags, und Sie erhalten dann eine Benachrichtigung. Diese Artikel beantworten Ihre Frage vielleicht schon jetzt:",
	    "Gracias por su mensaje. Una persona de nuestro equipo de soporte le responderá aquí, normalmente en un día hábil, y recibirá un aviso cuando lo haga. Estos artículos quizá respondan ya a su pregunta:",
	    "Merci pour votre message. Un membre de notre équipe d’assistance vous répondra ici, en général sous un jour ouvré, et vous recevrez une alerte à ce moment-là. Ces articles répondent peut-être déjà à votre question :",
	    "メッセージをありがとうございます。サポート担当者がこちらで、通常 1 営業日以内にお返事します。返信があるとお知らせが届きます。次の記事で今すぐ解決できるかもしれません：",
	    "感谢您的留言。我们的客服人员会在这里回复您，通常在一个工作日内，届时您会收到提醒。以下文章也许现在就能解答您的问题：",
	    "感謝您的留言。我們的客服人員會在這裡回覆您，通常在一個工作天內，屆時您會收到通知。以下文章或許現在就能解答您的問題：" } },
	{ "Thank you for your message. A member of our support team will answer here, usually within one working day, and you will get an alert when they do.",
	  { "Vielen Dank für Ihre Nachricht. Eine Mitarbeiterin oder ein Mitarbeiter unseres Support-Teams antwortet Ihnen hier, meist innerhalb eines Werktags, und Sie erhalten dann eine Benachrichtigung.",
	    "Gracias por su mensaje. Una persona de nuestro equipo de soporte le responderá aquí, normalmente en un día hábil, y recibirá un aviso cuando lo haga.",
	    "Merci pour votre message. Un membre de notre équipe d’assistance vous répondra ici, en général sous un jour ouvré, et vous recevrez une alerte à ce moment-là.",
	    "メッセージをありがとうございます。サポート担当者がこちらで、通常 1 営業日以内にお返事します。返信があるとお知らせが届きます。",
	    "感谢您的留言。我们的客服人员会在这里回复您，通常在一个工作日内，届时您会收到提醒。",
	    "感謝您的留言。我們的客服人員會在這裡回覆您，通常在一個工作天內，屆時您會收到通知。" } },
	{ "A scheduled transfer did not run", { "Eine geplante Überweisung wurde nicht ausgeführt", "No se ha ejecutado una transferencia programada", "Un virement programmé n’a pas été exécuté", "予約振込が実行されませんでした", "一笔预约转账未执行", "一筆預約轉帳未執行" } },
	/* alert bodies */
	{ "Your account was signed in to. If this was not you, change your password.",
	  { "Es gab eine neue Anmeldung bei Ihrem Konto. Falls Sie das nicht waren, ändern Sie bitte Ihr Passwort.",
	    "Se ha iniciado sesión en su cuenta. Si no ha sido usted, cambie su contraseña.",
	    "Une nouvelle connexion à votre compte a eu lieu. Si vous n’en êtes pas à l’origine, modifiez votre mot de passe.",
	    "お客様のアカウントへのログインがありました。お心当たりがない場合は、パスワードを変更してください。",
	    "您的账户有一次新的登录。如非本人操作，请修改密码。",
	    "您的帳戶有新的登入紀錄。若非您本人操作，請立即變更密碼。" } },
	{ "A new bill from {1} has arrived.",
	  { "Eine neue Rechnung von {1} ist eingegangen.", "Ha llegado una nueva factura de {1}.",
	    "Une nouvelle facture de {1} est arrivée.", "{1} から新しい請求書が届きました。", "收到来自 {1} 的新账单。",
	    "收到來自 {1} 的新帳單。" } },
	{ "Your bill from {1} for {2} was due on {3} and is not paid.",
	  { "Ihre Rechnung von {1} über {2} war am {3} fällig und ist noch nicht bezahlt.",
	    "Su factura de {1} por importe de {2} venció el {3} y sigue pendiente de pago.",
	    "Votre facture {1} d’un montant de {2} arrivait à échéance le {3} et n’a pas été payée.",
	    "{1} からの請求書（{2}）は支払期限の {3} を過ぎましたが、まだ支払われていません。",
	    "您的 {1} 账单（金额 {2}）已于 {3} 到期，尚未缴纳。",
	    "您的 {1} 帳單（金額 {2}）已於 {3} 到期，尚未繳納。" } },
	{ "Your bill from {1} for {2} is due on {3}.",
	  { "Ihre Rechnung von {1} über {2} ist am {3} fällig.", "Su factura de {1} por importe de {2} vence el {3}.",
	    "Votre facture {1} d’un montant de {2} arrive à échéance le {3}.", "{1} からの請求書（{2}）の支払期限は {3} です。",
	    "您的 {1} 账单（金额 {2}）将于 {3} 到期。", "您的 {1} 帳單（金額 {2}）將於 {3} 到期。" } },
	{ "Autopay could not pay your bill from {1}: not enough money in the account.",
	  { "Ihre Rechnung von {1} konnte nicht automatisch bezahlt werden: nicht genug Geld auf dem Konto.",
	    "No se ha podido pagar automáticamente su factura de {1}: saldo insuficiente en la cuenta.",
	    "Le prélèvement automatique n’a pas pu régler votre facture {1} : solde insuffisant sur le compte.",
	    "{1} の請求書を自動支払いできませんでした。口座の残高が不足しています。",
	    "您的 {1} 账单自动缴费失败：账户余额不足。",
	    "您的 {1} 帳單自動扣繳失敗：帳戶餘額不足。" } },
	{ "Autopay could not pay your bill from {1}: the account cannot pay it.",
	  { "Ihre Rechnung von {1} konnte nicht automatisch bezahlt werden: von diesem Konto ist die Zahlung nicht möglich.",
	    "No se ha podido pagar automáticamente su factura de {1}: no se puede cargar en esta cuenta.",
	    "Le prélèvement automatique n’a pas pu régler votre facture {1} : ce compte ne permet pas de la régler.",
	    "{1} の請求書を自動支払いできませんでした。この口座からは支払えません。",
	    "您的 {1} 账单自动缴费失败：该账户无法用于缴费。",
	    "您的 {1} 帳單自動扣繳失敗：此帳戶無法用於繳納此帳單。" } },
	{ "{1}: {2} is far above your usual {3} for {4}. Was it you?",
	  { "{1}: {2} liegt weit über Ihren üblichen {3} für {4}. Waren Sie das?",
	    "{1}: {2} está muy por encima de su gasto habitual de {3} en {4}. ¿Ha sido usted?",
	    "{1} : {2}, bien au-delà de vos {3} habituels en {4}. En êtes-vous à l’origine ?",
	    "{1}：{2} は、{4}での普段のご利用額 {3} を大きく上回っています。ご本人によるお取引ですか？",
	    "{1}：{2}，远高于您平时{4}消费的 {3}。是否为您本人操作？",
	    "{1}：{2} 遠高於您平常{4}消費的 {3}。是您本人交易嗎？" } },
	{ "{1} was added to your payees.",
	  { "{1} wurde zu Ihren Empfängern hinzugefügt.", "{1} se ha añadido a sus beneficiarios.",
	    "{1} a été ajouté à vos bénéficiaires.", "{1} を振込先に登録しました。", "已将 {1} 添加为您的收款人。",
	    "已將 {1} 新增至您的收款人。" } },
	{ "New offers chosen from your spending are waiting under Offers.",
	  { "Unter „Angebote“ warten neue Angebote, passend zu Ihren Ausgaben.",
	    "Tiene nuevas ofertas elegidas según sus gastos en la sección Ofertas.",
	    "De nouvelles offres choisies d’après vos dépenses vous attendent dans « Offres ».",
	    "ご利用内容に合わせた新しい特典が「特典」にあります。", "已根据您的消费为您挑选新优惠，请在“优惠”中查看。",
	    "已依您的消費為您挑選新優惠，請至「優惠」查看。" } },
	{ "There was not enough money in the account.",
	  { "Auf dem Konto war nicht genug Geld.", "No había saldo suficiente en la cuenta.",
	    "Le solde du compte était insuffisant.", "口座の残高が不足していました。", "账户余额不足。", "帳戶餘額不足。" } },
	{ "It was above your daily limit.",
	  { "Der Betrag lag über Ihrem Tageslimit.", "Superaba su límite diario.", "Il dépassait votre plafond journalier.",
	    "1日の限度額を超えていました。", "超出了您的每日限额。", "已超過您的每日限額。" } },
	{ "The transfer could not be made.",
	  { "Die Überweisung konnte nicht ausgeführt werden.", "No se ha podido realizar la transferencia.",
	    "Le virement n’a pas pu être effectué.", "振込を実行できませんでした。", "转账未能完成。", "無法完成這筆轉帳。" } },
	{ "Transfer to {1}: {2}", { "Überweisung an {1}: {2}", "Transferencia a {1}: {2}", "Virement vers {1} : {2}", "{1} への振込：{2}", "向 {1} 转账：{2}", "轉帳給 {1}：{2}" } },
	/* offers: titles and descriptions */
	{ "5% back at grocery stores", { "5 % zurück im Supermarkt", "5 % de reembolso en supermercados", "5 % remboursés dans les supermarchés", "スーパーで 5% 還元", "超市消费返现 5%", "超市消費回饋 5%" } },
	{ "Get 5% back on grocery purchases with your card, up to 25 US dollars a month.",
	  { "5 % zurück bei Lebensmitteleinkäufen mit Ihrer Karte, bis zu 25 US-Dollar im Monat.",
	    "Obtenga un 5 % de reembolso en compras de supermercado con su tarjeta, hasta 25 dólares estadounidenses al mes.",
	    "5 % remboursés sur vos courses payées par carte, jusqu’à 25 dollars américains par mois.",
	    "カードでの食料品のお買い物で 5% 還元（月 25 米ドルまで）。", "用卡购买日用杂货返现 5%，每月最多 25 美元。",
	    "刷卡購買日用雜貨享 5% 回饋，每月最高 25 美元。" } },
	{ "Triple points when you eat out", { "Dreifache Punkte im Restaurant", "Triple de puntos al comer fuera", "Points triplés au restaurant", "外食でポイント 3 倍", "餐饮消费三倍积分", "外出用餐點數三倍" } },
	{ "Earn three times the points on restaurants and cafés this month.",
	  { "Diesen Monat dreifache Punkte in Restaurants und Cafés.", "Gane el triple de puntos en restaurantes y cafeterías este mes.",
	    "Gagnez trois fois plus de points dans les restaurants et cafés ce mois-ci.", "今月はレストランとカフェでポイントが 3 倍。",
	    "本月在餐厅和咖啡馆消费可获三倍积分。", "本月在餐廳和咖啡館消費可獲三倍點數。" } },
	{ "20% back on weekend brunch", { "20 % zurück beim Wochenend-Brunch", "20 % de reembolso en el brunch del fin de semana", "20 % remboursés sur le brunch du week-end", "週末のブランチで 20% 還元", "周末早午餐返现 20%", "週末早午餐回饋 20%" } },
	{ "20% back at cafés and restaurants on Saturdays and Sundays until noon.",
	  { "Samstags und sonntags bis 12 Uhr 20 % zurück in Cafés und Restaurants.",
	    "20 % de reembolso en cafeterías y restaurantes los sábados y domingos hasta el mediodía.",
	    "20 % remboursés dans les cafés et restaurants le samedi et le dimanche jusqu’à midi.",
	    "土曜と日曜の正午まで、カフェとレストランで 20% 還元。", "周六和周日中午前在咖啡馆和餐厅消费返现 20%。",
	    "週六和週日中午前在咖啡館和餐廳消費回饋 20%。" } },
	{ "10% back on rides and transit", { "10 % zurück bei Fahrdiensten und im Nahverkehr", "10 % de reembolso en trayectos y transporte público", "10 % remboursés sur les trajets et transports en commun", "タクシー・公共交通で 10% 還元", "打车及公共交通返现 10%", "乘車和大眾運輸回饋 10%" } },
	{ "10% back on taxis, ride-hailing and public transport.",
	  { "10 % zurück bei Taxis, Fahrdiensten und im öffentlichen Nahverkehr.", "10 % de reembolso en taxis, VTC y transporte público.",
	    "10 % remboursés sur les taxis, les VTC et les transports en commun.", "タクシー、配車サービス、公共交通で 10% 還元。",
	    "出租车、网约车和公共交通返现 10%。", "計程車、叫車服務和大眾運輸回饋 10%。" } },
	{ "Streaming at half price", { "Streaming zum halben Preis", "Streaming a mitad de precio", "Streaming à moitié prix", "動画配信が半額", "流媒体半价", "串流影音半價" } },
	{ "Three months of a streaming service at half price when paid with your card.",
	  { "Drei Monate eines Streamingdienstes zum halben Preis, wenn Sie mit Ihrer Karte zahlen.",
	    "Tres meses de un servicio de streaming a mitad de precio si paga con su tarjeta.",
	    "Trois mois d’un service de streaming à moitié prix en payant avec votre carte.",
	    "カードで支払うと動画配信サービスが 3 か月半額。", "用卡支付流媒体服务，可享三个月半价。",
	    "以本卡支付串流影音服務，可享三個月半價優惠。" } },
	{ "15% off at pharmacies", { "15 % Rabatt in Apotheken", "15 % de descuento en farmacias", "15 % de réduction en pharmacie", "薬局で 15% オフ", "药店八五折", "藥局八五折" } },
	{ "15% back at partner pharmacies.", { "15 % zurück in Partnerapotheken.", "15 % de reembolso en farmacias asociadas.", "15 % remboursés dans les pharmacies partenaires.", "提携薬局で 15% 還元。", "合作药店返现 15%。", "合作藥局回饋 15%。" } },
	{ "1% back on bills with autopay", { "1 % zurück bei automatisch bezahlten Rechnungen", "1 % de reembolso en facturas con pago automático", "1 % remboursé sur les factures en prélèvement automatique", "自動支払いの請求書で 1% 還元", "自动缴费账单返现 1%", "自動扣繳帳單回饋 1%" } },
	{ "1% back on every bill paid by autopay.", { "1 % zurück auf jede automatisch bezahlte Rechnung.", "1 % de reembolso en cada factura pagada con pago automático.", "1 % remboursé sur chaque facture payée par prélèvement automatique.", "自動支払いで支払った請求書すべてに 1% 還元。", "每笔自动缴费的账单均返现 1%。", "每筆自動扣繳的帳單回饋 1%。" } },
	{ "Double points online", { "Doppelte Punkte online", "Doble de puntos en línea", "Points doublés en ligne", "オンラインでポイント 2 倍", "网购双倍积分", "網購雙倍點數" } },
	{ "Double points on online shopping this month.", { "Diesen Monat doppelte Punkte beim Online-Einkauf.", "Doble de puntos en compras en línea este mes.", "Points doublés sur les achats en ligne ce mois-ci.", "今月はオンラインショッピングでポイント 2 倍。", "本月网购享双倍积分。", "本月網購享雙倍點數。" } },
	{ "Fee-free currency exchange", { "Gebührenfreier Währungstausch", "Cambio de divisas sin comisión", "Change de devises sans frais", "手数料無料の外貨両替", "货币兑换免手续费", "外幣兌換免手續費" } },
	{ "No fee on currency exchange for 30 days.", { "30 Tage lang keine Gebühr beim Währungstausch.", "Sin comisión en el cambio de divisas durante 30 días.", "Aucun frais de change pendant 30 jours.", "30 日間、外貨両替の手数料が無料。", "30 天内货币兑换免手续费。", "30 天內外幣兌換免手續費。" } },
	{ "Better rates for supplier payments", { "Bessere Kurse für Lieferantenzahlungen", "Mejores tipos de cambio en pagos a proveedores", "De meilleurs taux pour les paiements fournisseurs", "仕入先への支払いで為替レートを優遇", "供应商付款享更优汇率", "支付供應商享優惠匯率" } },
	{ "A quarter point better exchange rate on supplier payments over 5,000 US dollars.",
	  { "Ein um einen Viertelprozentpunkt besserer Wechselkurs bei Lieferantenzahlungen über 5.000 US-Dollar.",
	    "Tipo de cambio un cuarto de punto más favorable en pagos a proveedores de más de 5.000 dólares estadounidenses.",
	    "Un quart de point de mieux sur le taux de change des paiements fournisseurs de plus de 5 000 dollars américains.",
	    "5,000 米ドルを超える仕入先への支払いで、為替レートを 0.25% 優遇。",
	    "向供应商付款超过 5,000 美元时，汇率优惠 0.25 个百分点。",
	    "向供應商付款超過 5,000 美元時，匯率優惠 0.25 個百分點。" } },
	{ "Airport lounge access", { "Zugang zur Flughafen-Lounge", "Acceso a salas VIP de aeropuerto", "Accès aux salons d’aéroport", "空港ラウンジの利用", "机场贵宾厅礼遇", "機場貴賓室" } },
	{ "Two free airport lounge visits this year.", { "Zwei kostenlose Besuche in Flughafen-Lounges in diesem Jahr.", "Dos visitas gratuitas a salas VIP de aeropuerto este año.", "Deux accès gratuits aux salons d’aéroport cette année.", "今年は空港ラウンジを 2 回無料で利用できます。", "今年可免费使用机场贵宾厅两次。", "今年可免費使用機場貴賓室兩次。" } },
	/* offers: why one is shown */
	{ "You spent {1} on {2} in {3}", { "Sie haben im {3} {1} für {2} ausgegeben", "En {3} gastó {1} en {2}", "En {3}, vous avez dépensé {1} en {2}", "{3}に{2}で {1} をご利用になりました", "您在{3}的{2}支出为 {1}", "您在{3}的{2}支出為 {1}" } },
	{ "You spent {1} on {2} in the last 90 days", { "Sie haben in den letzten 90 Tagen {1} für {2} ausgegeben", "Ha gastado {1} en {2} en los últimos 90 días", "Vous avez dépensé {1} en {2} ces 90 derniers jours", "過去 90 日間に{2}で {1} をご利用になりました", "您过去 90 天的{2}支出为 {1}", "您過去 90 天的{2}支出為 {1}" } },
	{ "{1} of your {2} {3} payments in the last 90 days were on weekends", { "{1} Ihrer {2} Zahlungen für {3} in den letzten 90 Tagen erfolgten am Wochenende", "{1} de sus {2} pagos en {3} de los últimos 90 días han sido en fin de semana", "{1} de vos {2} paiements en {3} ces 90 derniers jours ont eu lieu le week-end", "過去 90 日間の{3}のお支払い {2} 件のうち、{1} 件が週末でした", "过去 90 天您的 {2} 笔{3}付款中有 {1} 笔在周末", "過去 90 天您的 {2} 筆{3}付款中有 {1} 筆在週末" } },
	{ "You hold accounts in {1} currencies", { "Sie haben Konten in {1} Währungen", "Tiene cuentas en {1} divisas", "Vous avez des comptes en {1} devises", "{1} 種類の通貨の口座をお持ちです", "您持有 {1} 种货币的账户", "您持有 {1} 種幣別的帳戶" } },
	{ "You are a {1} customer", { "Sie haben den Kundenstatus {1}", "Es cliente de nivel {1}", "Vous êtes client de niveau {1}", "{1}ランクのお客様です", "您是{1}客户", "您是{1}客戶" } },
	/* words that arguments carry: tiers and months */
	{ "silver", { "Silber", "plata", "argent", "シルバー", "银卡", "銀卡" } },
	{ "gold", { "Gold", "oro", "or", "ゴールド", "金卡", "金卡" } },
	{ "platinum", { "Platin", "platino", "platine", "プラチナ", "白金卡", "白金卡" } },
	{ "January", { "Januar", "enero", "janvier", "1月", "1月", "1月" } },
	{ "February", { "Februar", "febrero", "février", "2月", "2月", "2月" } },
	{ "March", { "März", "marzo", "mars", "3月", "3月", "3月" } },
	{ "April", { "April", "abril", "avril", "4月", "4月", "4月" } },
	{ "May", { "Mai", "mayo", "mai", "5月", "5月", "5月" } },
	{ "June", { "Juni", "junio", "juin", "6月", "6月", "6月" } },
	{ "July", { "Juli", "julio", "juillet", "7月", "7月", "7月" } },
	{ "August", { "August", "agosto", "août", "8月", "8月", "8月" } },
	{ "September", { "September", "septiembre", "septembre", "9月", "9月", "9月" } },
	{ "October", { "Oktober", "octubre", "octobre", "10月", "10月", "10月" } },
	{ "November", { "November", "noviembre", "novembre", "11月", "11月", "11月" } },
	{ "December", { "Dezember", "diciembre", "décembre", "12月", "12月", "12月" } },
	/* the points catalogue */
	{ "Statement credit worth 10 US dollars", { "Gutschrift über 10 US-Dollar", "Abono en cuenta de 10 dólares estadounidenses", "Crédit de 10 dollars américains sur le relevé", "10 米ドル分の現金還元", "价值 10 美元的账单抵扣", "10 美元帳單折抵" } },
	{ "Statement credit worth 50 US dollars", { "Gutschrift über 50 US-Dollar", "Abono en cuenta de 50 dólares estadounidenses", "Crédit de 50 dollars américains sur le relevé", "50 米ドル分の現金還元", "价值 50 美元的账单抵扣", "50 美元帳單折抵" } },
	{ "Blue Bottle Coffee gift card, 25 US dollars", { "Geschenkkarte von Blue Bottle Coffee, 25 US-Dollar", "Tarjeta regalo de Blue Bottle Coffee, 25 dólares estadounidenses", "Carte cadeau Blue Bottle Coffee, 25 dollars américains", "Blue Bottle Coffee ギフトカード 25 米ドル", "Blue Bottle Coffee 礼品卡，25 美元", "Blue Bottle Coffee 禮物卡，25 美元" } },
	{ "Bookshop gift card, 20 euros", { "Buchgutschein, 20 Euro", "Tarjeta regalo de librería, 20 euros", "Carte cadeau librairie, 20 euros", "書店ギフトカード 20 ユーロ", "书店礼品卡，20 欧元", "書店禮物卡，20 歐元" } },
	{ "1,000 airline miles", { "1.000 Flugmeilen", "1.000 millas aéreas", "1 000 miles aériens", "航空マイル 1,000", "1,000 航空里程", "1,000 航空哩程" } },
	{ "Donation of 10 US dollars to the Red Cross", { "Spende von 10 US-Dollar an das Rote Kreuz", "Donación de 10 dólares estadounidenses a la Cruz Roja", "Don de 10 dollars américains à la Croix-Rouge", "赤十字への 10 米ドルの寄付", "向红十字会捐赠 10 美元", "向紅十字會捐贈 10 美元" } },
	{ "{1} ending {2}", { "{1} mit Endziffern {2}", "{1} terminada en {2}", "{1} se terminant par {2}", "{1}（末尾 {2}）", "{1}（尾号 {2}）", "{1}（末四碼 {2}）" } },
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
	{ "housing", { "Wohnen", "vivienda", "logement", "住居", "住房", "居住" } },
};

/* The bank's own words in a history: only these are translated there. */
static const struct text history[] = {
	{ "Opening balance", { "Anfangssaldo", "Saldo inicial", "Solde initial", "開設時残高", "期初余额", "期初餘額" } },
	{ "Card payment", { "Kartenzahlung", "Pago de la tarjeta", "Remboursement de la carte de crédit", "カード利用代金", "信用卡还款", "信用卡繳款" } },
	{ "Monthly savings", { "Monatliche Sparrate", "Ahorro mensual", "Épargne mensuelle", "毎月の積立", "每月储蓄", "每月儲蓄" } },
	{ "Wallet top-up", { "Aufladung der Geldbörse", "Recarga del monedero", "Rechargement du portefeuille", "ウォレットへのチャージ", "钱包充值", "錢包儲值" } },
	{ "Rent", { "Miete", "Alquiler", "Loyer", "家賃", "房租", "房租" } },
	{ "Pension", { "Rente", "Pensión", "Pension de retraite", "年金", "养老金", "退休金" } },
	{ "Water", { "Wasser", "Agua", "Eau", "水道料金", "水费", "水費" } },
	{ "Electricity", { "Strom", "Electricidad", "Électricité", "電気料金", "电费", "電費" } },
	{ "Phone", { "Telefon", "Teléfono", "Téléphone", "電話料金", "话费", "電話費" } },
	{ "Internet", { "Internet", "Internet", "Internet", "インターネット料金", "宽带费", "網路費" } },
	{ "Points expired", { "Punkte verfallen", "Puntos caducados", "Points expirés", "ポイント失効", "积分过期", "點數到期失效" } },
	{ "Vending and transit", { "Automaten und Nahverkehr", "Máquinas expendedoras y transporte", "Distributeurs automatiques et transports", "自販機と交通機関", "自动售货机和交通", "自動販賣機與交通" } },
	{ "Pocket money", { "Taschengeld", "Paga", "Argent de poche", "お小遣い", "零花钱", "零用錢" } },
};

/* english in l from table (n rows), or english itself. */
static const char *lookup(const struct text *table, size_t n, enum sb_lang l, const char *english)
{
	if (!english || l <= LANG_EN || l >= LANG_COUNT)
		return english;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(table[i].en, english))
			return table[i].tr[l - 1];
	return english;
}

const char *lang_history(enum sb_lang l, const char *english)
{
	return lookup(history, sizeof history / sizeof history[0], l, english);
}

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
	return lookup(texts, sizeof texts / sizeof texts[0], l, english);
}

void lang_money_arg(const struct money *m, char *out, size_t len)
{
	snprintf(out, len, LANG_MONEY "%lld %s", (long long)m->minor, m->currency);
}

/* How each language writes a number: the decimal mark and the group
 * separator (as glibc's locales for the client write them; English as the
 * C locale, ungrouped, like the client's own English). */
static const char *const decimal_mark[LANG_COUNT] = { ".", ",", ",", ",", ".", ".", "." };
static const char *const group_mark[LANG_COUNT] = { "", ".", ".", " ", ",", ",", "," };

/* A LANG_MONEY argument in l ("-1234.56 USD" -> "-1.234,56 USD"); the
 * argument itself when it is not one. */
static void render_money(enum sb_lang l, const char *arg, char *out, size_t len)
{
	struct money m = { 0, "" };
	long long minor;
	char cur[4], plain[64], *dot;
	size_t n = 0, digits;
	const char *p;

	snprintf(out, len, "%s", arg);
	if (sscanf(arg, "%lld %3[A-Z]", &minor, cur) != 2)
		return;
	m.minor = minor;
	memcpy(m.currency, cur, sizeof cur);
	if (money_format_plain(&m, plain, sizeof plain) != MONEY_OK)
		return;
	p = plain;
	if (*p == '-')
		out[n++] = *p++;
	dot = strchr(p, '.');
	digits = dot ? (size_t)(dot - p) : strlen(p);
	for (size_t i = 0; i < digits && n + 8 < len; i++) {
		if (i && (digits - i) % 3 == 0)
			n += (size_t)snprintf(out + n, len - n, "%s", group_mark[l]);
		out[n++] = p[i];
	}
	out[n] = '\0';
	if (dot)
		snprintf(out + n, len - n, "%s%s %s", decimal_mark[l], dot + 1, m.currency);
	else
		snprintf(out + n, len - n, " %s", m.currency);
}

/* A LANG_DAY argument ("2026-12-04") in l: "04.12.2026", "2026年12月04日". */
static void render_day(enum sb_lang l, const char *arg, char *out, size_t len)
{
	int y, m, d;

	snprintf(out, len, "%s", arg);
	if (sscanf(arg, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return;
	switch (l) {
	case LANG_DE:
		snprintf(out, len, "%02d.%02d.%04d", d, m, y);
		break;
	case LANG_ES:
	case LANG_FR:
		snprintf(out, len, "%02d/%02d/%04d", d, m, y);
		break;
	case LANG_JA:
	case LANG_ZH_CN:
	case LANG_ZH_TW:
		snprintf(out, len, "%04d年%02d月%02d日", y, m, d);
		break;
	default:
		break;
	}
}

char *lang_render(enum sb_lang l, const char *tpl, const char *const *args)
{
	const char *t = lang_text(l, tpl ? tpl : ""), *a[9] = { 0 };
	char shown[9][64];
	size_t len = 0, n = 0;
	char *out = NULL;
	int nargs = 0;

	if (l < 0 || l >= LANG_COUNT)
		l = LANG_EN;
	while (args && args[nargs] && nargs < 9) {
		const char *v = args[nargs];
		if (v[0] == LANG_WORD[0])
			a[nargs] = lang_text(l, v + 1);
		else if (v[0] == LANG_MONEY[0] || v[0] == LANG_DAY[0]) {
			(v[0] == LANG_MONEY[0] ? render_money : render_day)(l, v + 1, shown[nargs], sizeof shown[nargs]);
			a[nargs] = shown[nargs];
		} else
			a[nargs] = v;
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
