#!/bin/sh
# support.sh: talking to the bank from the command line, against a real
# bankterm-sandbox: its help articles found by a question typed in each of
# the shipped languages (an article of that language ranks first, and the
# one that answers it), read wrapped to the terminal, and what a user may
# mistype.  The locales are made here, in a private LOCPATH.
set -u
bin=${top_builddir:-.}
bin=$(cd "$bin" && pwd)
supp="$(cd "${top_srcdir:-.}" && pwd)/tests/lsan-locpath.supp"
fails=0
ok() { echo "ok: $1"; }
bad() { fails=$((fails + 1)); echo "FAIL: $1"; }
expect() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$3', want '$2'"; fi; }
command -v jq >/dev/null 2>&1 || { echo "SKIP: jq is missing (./bootstrap installs it)"; exit 77; }
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export HOME="$tmp" XDG_CONFIG_HOME="$tmp/config" XDG_STATE_HOME="$tmp/state" LANG=C.UTF-8 LC_ALL=C.UTF-8
unset DBUS_SESSION_BUS_ADDRESS LANGUAGE

"$bin/bankterm-sandbox" --seed demo >"$tmp/url" 2>"$tmp/sandbox.err" &
pid=$!
for _ in $(seq 1 100); do [ -s "$tmp/url" ] && break; sleep 0.1; done
url=$(head -n 1 "$tmp/url")/v1
# bt ARGS...: bankterm as alex (no keyring here: the password on stdin).
bt() { echo demo | "$bin/bankterm" --server "$url" --user alex --password-stdin "$@" 2>>"$tmp/err"; }

# --- English ---------------------------------------------------------------------------------
expect "support help: a question about paying a bill finds that article first" bills-pay \
	"$(bt support help how do I pay a bill --json | jq -r '.items[0].id')"
expect "support help: a word's start finds it ('expir')" points-expiry \
	"$(bt support help expir --json | jq -r '.items[0].id')"
bt support help my points expire >"$tmp/out"
head -n 1 "$tmp/out" | grep -q "Article" && sed -n 2p "$tmp/out" | grep -q "When points expire  *points-expiry" &&
	ok "support help: a table of titles and IDs, the best first" || bad "support help: $(cat "$tmp/out")"
[ "$(bt support help --json | jq '.items | length')" -ge 30 ] && ok "support help without a question lists every article" ||
	bad "support help without a question: $(bt support help --json | head -c 300)"
# Read: the title, then the text wrapped at 80 columns with a list item's lines hanging under it.
bt support article points-expiry >"$tmp/art"
expect "support article: the title first" "When points expire" "$(head -n 1 "$tmp/art")"
[ "$(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$tmp/art")" -le 80 ] &&
	ok "support article: wrapped to 80 columns off a terminal" || bad "support article: lines longer than 80: $(cat "$tmp/art")"
grep -q '^- Home shows' "$tmp/art" && grep -A1 '^- Home shows' "$tmp/art" | tail -n 1 | grep -q '^  [a-z]' &&
	ok "support article: a list item's next line hangs under its text" || bad "support article: list items: $(cat "$tmp/art")"
expect "support article --json: the body with its paragraphs" true \
	"$(bt support article points-expiry --json | jq '.body | contains("\n\n")')"

# --- each language: a question typed in it finds an article of it, the one that answers --------
# Each line: language, locale, question, the article that answers it.
while IFS='|' read -r m L question want; do
	mkdir -p "$tmp/locale"
	if ! { [ -d "$tmp/locale/$L.UTF-8" ] || localedef -i "$L" -f UTF-8 "$tmp/locale/$L.UTF-8" 2>"$tmp/localedef.err"; }; then
		bad "$m: no locale: $(cat "$tmp/localedef.err")"
		continue
	fi
	got=$(echo demo | env LOCPATH="$tmp/locale" LANG="$L.UTF-8" LC_ALL="$L.UTF-8" LANGUAGE="$m" \
		LSAN_OPTIONS="suppressions=$supp:print_suppressions=0" \
		"$bin/bankterm" --server "$url" --user alex --password-stdin support help "$question" --json 2>>"$tmp/err")
	tag=$(echo "$m" | tr _ -)
	# The first hit's title is the article's own in that language, as the bank serves it.
	title=$(curl -s -H "Accept-Language: $tag" "$url/help/articles/$want" | jq -r .title)
	english=$(curl -s "$url/help/articles/$want" | jq -r .title)
	expect "$m: '$question' finds '$want' first" "$want" "$(echo "$got" | jq -r '.items[0].id')"
	if [ "$(echo "$got" | jq -r '.items[0].title')" = "$title" ] && [ "$title" != "$english" ]; then
		ok "$m: ... in $m ('$title')"
	else
		bad "$m: the first hit is not in $m: '$(echo "$got" | jq -r '.items[0].title')' (want '$title')"
	fi
	echo demo | env LOCPATH="$tmp/locale" LANG="$L.UTF-8" LC_ALL="$L.UTF-8" LANGUAGE="$m" \
		LSAN_OPTIONS="suppressions=$supp:print_suppressions=0" \
		"$bin/bankterm" --server "$url" --user alex --password-stdin support article "$want" >"$tmp/art" 2>>"$tmp/err"
	expect "$m: support article shows it in $m" "$title" "$(head -n 1 "$tmp/art")"
	# Wrapped by display columns: a Chinese character takes two.
	wide=$(python3 -c 'import sys, unicodedata
print(max((sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l.rstrip("\n"))
           for l in open(sys.argv[1], encoding="utf-8")), default=0))' "$tmp/art")
	[ "${wide:-999}" -le 80 ] && ok "$m: support article fits 80 columns ($wide)" || bad "$m: a line of $wide columns"
done <<'EOF'
de|de_DE|Wann verfallen meine Punkte?|points-expiry
es|es_ES|¿Cómo pago una factura?|bills-pay
fr|fr_FR|Comment signaler un paiement que je ne reconnais pas ?|fraud-report
ja|ja_JP|ポイントの有効期限はいつですか|points-expiry
zh_CN|zh_CN|怎么设置自动缴费|bills-autopay
zh_TW|zh_TW|如何取消預約轉帳|transfers-cancel
EOF

# --- what a user may mistype, and what the bank is sent ------------------------------------------
long=$(printf 'a%.0s' $(seq 1 201))
bt support help "$long" >/dev/null
expect "support help: a question over 200 characters is a usage error" 2 $?
grep -q "at most 200 characters" "$tmp/err" && ok "... and says how long a question may be" || bad "no length said: $(tail -n 3 "$tmp/err")"
bt support help "$(printf 'a%.0s' $(seq 1 200))" --json >/dev/null
expect "support help: 200 characters are searched" 0 $?
# The query language's own syntax is searched as words, not run.
got=$(bt support help '"NEAR(a b) * OR {title}:' --json | jq -r '.items | type')
expect "support help: FTS syntax in a question is only words" array "$got"
expect "support help: punctuation alone answers no article" 0 "$(bt support help '?!' --json | jq '.items | length')"
bt support help zzqqxx >"$tmp/out"
tail -n 1 "$tmp/err" | grep -q "No help article answers that" && [ ! -s "$tmp/out" ] &&
	ok "support help: no answer is said in words, with no empty table" || bad "support help, no answer: $(cat "$tmp/out"; tail -n 1 "$tmp/err")"
for id in "../accounts" "Points-Expiry" "a b" ""; do
	bt support article "$id" >/dev/null
	expect "support article '$id' is refused before asking the bank" 2 $?
done
bt support article no-such-article >/dev/null
st=$?
[ $st -ne 0 ] && tail -n 1 "$tmp/err" | grep -qi "no such" && ok "support article: an unknown ID is said in words" ||
	bad "support article, unknown ID: exit $st: $(tail -n 1 "$tmp/err")"
bt support frobnicate >/dev/null
expect "support: an unknown subcommand is a usage error" 2 $?

# --- a conversation: alex asks about a payment, sam answers from another process ---------------
# bs USER ARGS...: bankterm as USER, the password on stdin; bsin USER TEXT ARGS...: the message on
# the lines after the password.
bs() { u=$1; shift; echo demo | "$bin/bankterm" --server "$url" --user "$u" --password-stdin "$@" 2>>"$tmp/err"; }
bsin() { u=$1 t=$2; shift 2; printf 'demo\n%s\n' "$t" | "$bin/bankterm" --server "$url" --user "$u" --password-stdin "$@" 2>>"$tmp/err"; }
acct=$(bs alex accounts --json | jq -r '.items[0].id // .[0].id')
txn=$(bs alex transactions "$acct" --limit 1 --json | jq -r '.items[0].id // .[0].id')
bs alex support new --subject "A payment I do not know" --about "$txn" "I do not recognise this payment." --json >"$tmp/new"
thread=$(jq -r .id "$tmp/new")
expect "support new: a thread about the transaction" "$txn" "$(jq -r '.about.id' "$tmp/new")"
expect "... answered at once, labelled automatic, with three articles" "bank true 3" \
	"$(jq -r '.messages[1] | "\(.sender) \(.automatic) \(.articles | length)"' "$tmp/new")"
bs alex support show "$thread" >"$tmp/show"
grep -q "^The bank (automatic reply), " "$tmp/show" && grep -q "^  - .*(support article fraud-report)" "$tmp/show" &&
	ok "support show: the automatic reply says it is automatic, and names the articles" || bad "support show: $(cat "$tmp/show")"
bs alex support list >"$tmp/list"
grep -q "A payment I do not know  *open  *no  *$thread" "$tmp/list" && ok "support list: the thread, open, read once shown" ||
	bad "support list: $(cat "$tmp/list")"
bs sam staff list >"$tmp/staff"
grep -q "Alex Morgan  *A payment I do not know  *open .*$thread" "$tmp/staff" && ok "staff list: sam sees alex's thread" ||
	bad "staff list: $(cat "$tmp/staff")"
bs sam staff show "$thread" | grep -q "^  Description: " && ok "staff show: sam sees the transaction in full" ||
	bad "staff show: no detail of the transaction"
bsin sam "It is your card's yearly fee." staff reply "$thread" >/dev/null
expect "staff reply: the message from standard input" 0 $?
bs alex support list | grep -q "A payment I do not know  *open  *yes  *$thread" && ok "support list: unread in words after sam's reply" ||
	bad "support list after the reply: $(bs alex support list)"
bs alex support show "$thread" >"$tmp/show"
grep -A1 "^Sam Okafor (the bank), " "$tmp/show" | grep -q "^  It is your card's yearly fee.$" &&
	ok "support show: alex sees sam's reply, who and when, then the text" || bad "support show after the reply: $(cat "$tmp/show")"
bs alex notifications --json | jq -e '[.items[].title] | index("New reply from the bank")' >/dev/null &&
	ok "the reply is an alert" || bad "no alert for the reply"
bs sam staff close "$thread" >/dev/null
expect "staff close" 0 $?
bs alex support show "$thread" >"$tmp/show"
grep -q "How did we do?" "$tmp/show" && grep -q "bankterm feedback --flow support --rating 1-5" "$tmp/show" &&
	ok "support show: closed by the bank, alex is asked for a rating" || bad "no rating asked: $(tail -n 4 "$tmp/show")"
bs alex notifications --json | jq -e '[.items[].body] | map(test("rate the help")) | any' >/dev/null &&
	ok "... and the close is an alert that asks for it" || bad "no alert asking for a rating"
bs alex feedback --flow support --rating 5 >/dev/null
expect "feedback --flow support is taken" 0 $?
bs alex support reply "$thread" "one more thing" >/dev/null
expect "support reply to a closed thread fails" 1 $?
tail -n 1 "$tmp/err" | grep -q "closed: start a new one" && ok "... and says so in words" || bad "closed: $(tail -n 1 "$tmp/err")"
bs omar support show "$thread" >/dev/null
[ $? -ne 0 ] && tail -n 1 "$tmp/err" | grep -qi "no such" && ok "omar cannot read alex's thread" ||
	bad "omar and alex's thread: $(tail -n 1 "$tmp/err")"
bs alex staff list >/dev/null
[ $? -ne 0 ] && tail -n 1 "$tmp/err" | grep -qi "staff" && ok "staff commands refuse a customer in words" ||
	bad "alex ran staff list: $(tail -n 1 "$tmp/err")"

# --- hostile text, through the customer's side and the staff side -----------------------------
esc=$(printf 'look \033[2J\033]0;owned\007 here')
bad_utf8=$(printf 'caf\303 \377')
long4001=$(printf 'a%.0s' $(seq 1 4001))
for who in "alex support new --subject Hi" "alex support reply $thread" "sam staff reply $thread"; do
	for m in esc bad_utf8 long4001; do
		eval "text=\$$m"
		# shellcheck disable=SC2086
		bs $who "$text" >/dev/null
		expect "$who: a message with $m is refused before it is sent" 2 $?
	done
done
grep -q "control character" "$tmp/err" && grep -q "not valid text (UTF-8)" "$tmp/err" &&
	grep -q "at most 4000 characters (it has 4001)" "$tmp/err" && ok "... each said in words" || bad "hostile messages: $(tail -n 9 "$tmp/err")"
rlo=$(printf '\342\200\256')
bs alex support new --subject "bidi ${rlo}txt.exe" "pay ${rlo}321" --json >/dev/null
bs alex support list >"$tmp/list"
bs sam staff list >"$tmp/staff"
if grep -q "bidi" "$tmp/list" && ! grep -q "$rlo" "$tmp/list" "$tmp/staff"; then
	ok "a right-to-left override in a subject never reaches the terminal"
else
	bad "bidi override shown: $(grep bidi "$tmp/list" | od -c | head -3)"
fi
bs alex support new --subject "$(printf 'b%.0s' $(seq 1 4000))" "x" >/dev/null
expect "a subject far too long is refused" 2 $?

grep -q "runtime error\|Sanitizer" "$tmp/err" && bad "a memory error: $(grep -m1 'runtime error\|Sanitizer' "$tmp/err")" ||
	ok "no memory error reported"
[ $fails -eq 0 ]
