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

grep -q "runtime error\|Sanitizer" "$tmp/err" && bad "a memory error: $(grep -m1 'runtime error\|Sanitizer' "$tmp/err")" ||
	ok "no memory error reported"
[ $fails -eq 0 ]
