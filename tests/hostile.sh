#!/bin/sh
# hostile.sh: bankterm against a server that lies (tests/hostile_server):
# malformed, truncated, mistyped, huge, deep, binary and escape-laden
# answers each end in a clear message and the right exit status, never a
# crash, and nothing from the server reaches the terminal raw.
set -u
bin=${top_builddir:-.}
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
fails=0
passes=0
ok() { passes=$((passes + 1)); echo "ok: $1"; }
bad() { fails=$((fails + 1)); echo "FAIL: $1"; }
expect() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$3', want '$2'"; fi; }

# hostile MODE WANT_STATUS TEXT: what bankterm accounts says against MODE
# against MODE ARGS...: bankterm ARGS (signed in with a password on stdin,
# no keyring) against hostile_server MODE; its output in $tmp/out and
# $tmp/err, its exit status in $st, what the server logged in $tmp/server.
against() {
	"$bin/tests/hostile_server" "$1" >"$tmp/url" 2>"$tmp/server" &
	pid=$!
	shift
	for _ in $(seq 1 50); do [ -s "$tmp/url" ] && break; sleep 0.1; done
	echo secret | env -u DBUS_SESSION_BUS_ADDRESS -u XDG_RUNTIME_DIR HOME="$tmp" XDG_STATE_HOME="$tmp/state" \
		XDG_CONFIG_HOME="$tmp/config" "$bin/bankterm" --server "$(head -n 1 "$tmp/url")" --user x \
		--password-stdin "$@" >"$tmp/out" 2>"$tmp/err"
	st=$?
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=
}

hostile() {
	against "$1" accounts
	if [ "$st" -ne "$2" ]; then
		bad "$1: exit status $st, want $2: $(cat "$tmp/err")"
	elif ! grep -q -- "$3" "$tmp/err" "$tmp/out"; then
		bad "$1: no '$3' in: $(cat "$tmp/err" "$tmp/out")"
	else
		ok "$1 answer: exit $st, '$3'"
	fi
}

hostile malformed 5 "not valid JSON"
hostile truncated 4 "broke off"
hostile mistyped 5 "items\[0\].booked_balance.minor"
hostile huge 4 "too large"
hostile deep 5 "cannot be read"
hostile binary 5 "cannot be read"
hostile error 1 "internal error"
hostile escape 0 "evil"
if LC_ALL=C grep -q "$(printf '\033')" "$tmp/out" || grep -q "$(printf '\342\200\256')" "$tmp/out"; then
	bad "an escape sequence or a bidi override from the server reached the terminal"
else
	ok "escape sequences and bidi overrides from the server are removed"
fi
# The bank's name check (Verification of Payee), lying or trying the terminal,
# before a payee is saved: said in words, nothing saved on its word.
vop_hostile() { against "$1" payees add "Jamie Chan" "GB69 BARC 2000 5512 3456 78" USD; }
vop_hostile vop-lie
[ "$st" -ne 0 ] && grep -q "name check" "$tmp/err" && ok "a name check with an outcome of none of the four is an error in words (exit $st)" ||
	bad "a lying name check: exit $st: $(cat "$tmp/err")"
grep -q "POST /v1/payees " "$tmp/server" && bad "... yet the payee was sent to be saved" || ok "... and nothing is saved on its word"
vop_hostile vop-escape
grep -q "The bank holds this account as Jamie Chen" "$tmp/err" && ok "a close match's name from the bank is said" ||
	bad "a hostile close match: $(cat "$tmp/err")"
if LC_ALL=C grep -q "$(printf '\033')\|$(printf '\302\233')" "$tmp/err" || grep -q "$(printf '\342\200\256')" "$tmp/err"; then
	bad "... and its escape sequences or bidi overrides reached the terminal"
else
	ok "... without its escape sequences and bidi overrides"
fi

# Every field, every output: JSON escapes C1 and bidi controls, CSV quotes and guards formulas.
for fmt in --json --csv; do
	against escape accounts $fmt
	# ESC, a C1 CSI (U+009B) and the bidi controls U+202E and U+2066, as bytes.
	if LC_ALL=C grep -q "$(printf '\033')\|$(printf '\302\233')\|$(printf '\342\200\256')\|$(printf '\342\201\246')" "$tmp/out"; then
		bad "accounts $fmt: a control from the bank passed through raw: $(od -c "$tmp/out" | head -n 5)"
	else
		ok "accounts $fmt: no ESC, C1 or bidi control from the bank passes raw"
	fi
done
grep -q '"'"'"'@SUM(A1)"' "$tmp/out" && grep -q '"'"'"'=HYPERLINK(""http://x"")"' "$tmp/out" &&
	ok "accounts --csv: a kind and a name that are formulas are quoted and guarded" ||
	bad "accounts --csv: formulas unguarded: $(cat "$tmp/out")"

# The help's articles and hits too: read, listed, as JSON and as CSV.
for words in "article x" "article x --json" "help q" "help q --json" "help q --csv"; do
	# shellcheck disable=SC2086 # the words are split on purpose
	against escape support $words
	if [ $st -ne 0 ]; then
		bad "support $words: exit $st: $(cat "$tmp/err")"
	elif LC_ALL=C grep -q "$(printf '\033')\|$(printf '\302\233')\|$(printf '\342\200\256')\|$(printf '\342\201\246')\|$(printf '\377')" "$tmp/out"; then
		bad "support $words: a control or a stray byte from the bank passed through raw: $(od -c "$tmp/out" | head -n 5)"
	else
		ok "support $words: no ESC, C1, bidi control or invalid UTF-8 from the bank passes raw"
	fi
	# What is not a control stays: the words, the list item, its end.
	if [ "$words" = "article x" ]; then
		grep -q "^Help" "$tmp/out" && grep -q "^line.* one" "$tmp/out" && grep -q "^- .*item.* end" "$tmp/out" &&
			ok "support article: the bank's words stay, around what was removed" ||
			bad "support article: the text went with the controls: $(cat "$tmp/out")"
	fi
done
grep -q '"'"'"'=HYPERLINK(1)' "$tmp/out" && ok "support help --csv: a title that is a formula is guarded" ||
	bad "support help --csv: formula unguarded: $(cat "$tmp/out")"

# --- a bank that lies about its pacing cannot keep bankterm asking ------------------------------
# pace MODE SIGNAL COMMAND...: bankterm COMMAND against MODE, stopped by SIGNAL after 6 s
# if it is still asking; sets $st and the number of requests the server saw ($asked).
pace() {
	mode=$1 sig=$2
	shift 2
	"$bin/tests/hostile_server" "$mode" >"$tmp/url" 2>"$tmp/requests" &
	pid=$!
	for _ in $(seq 1 50); do [ -s "$tmp/url" ] && break; sleep 0.1; done
	echo secret | env -u DBUS_SESSION_BUS_ADDRESS -u XDG_RUNTIME_DIR HOME="$tmp" XDG_STATE_HOME="$tmp/state" \
		XDG_CONFIG_HOME="$tmp/config" timeout --preserve-status -s "$sig" 6 "$bin/bankterm" --server "$(head -n 1 "$tmp/url")" --user x \
		--password-stdin "$@" >"$tmp/out" 2>"$tmp/err"
	st=$?
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=
	asked=$(grep -c "^GET /v1/\(accounts/acc_1/transactions\|notifications\)" "$tmp/requests")
}
for cmd in transactions export; do
	opts="--all --csv"
	[ $cmd = export ] && opts="--format csv"
	pace cursor-loop KILL $cmd Main $opts
	expect "$cmd: a cursor that comes back ends the walk, as a bad answer" 5 "$st"
	grep -q "go round in a circle" "$tmp/err" && ok "... saying so" || bad "... said: $(cat "$tmp/err")"
	[ "$asked" -le 3 ] && ok "... after $asked pages" || bad "$cmd: $asked pages asked of a looping bank"
	pace cursor-endless KILL $cmd Main $opts
	expect "$cmd: pages past the total the bank gave end the walk" 5 "$st"
	grep -q "after saying there are 3" "$tmp/err" && ok "... saying so" || bad "... said: $(cat "$tmp/err")"
	[ "$asked" -le 300 ] && ok "... after $asked pages" || bad "$cmd: $asked pages asked of an endless bank"
done
# A long-poll answered at once, again and again: bankterm backs off (1 s, 2 s, 4 s...).
# Counted from its first poll (signing in may be slow under the sanitizers) for 6 s.
"$bin/tests/hostile_server" eager >"$tmp/url" 2>"$tmp/requests" &
pid=$!
for _ in $(seq 1 50); do [ -s "$tmp/url" ] && break; sleep 0.1; done
echo secret | env -u DBUS_SESSION_BUS_ADDRESS -u XDG_RUNTIME_DIR HOME="$tmp" XDG_STATE_HOME="$tmp/state" \
	XDG_CONFIG_HOME="$tmp/config" "$bin/bankterm" --server "$(head -n 1 "$tmp/url")" --user x \
	--password-stdin notifications --follow >"$tmp/out" 2>"$tmp/err" &
bpid=$!
for _ in $(seq 1 300); do grep -q "wait=" "$tmp/requests" && break; sleep 0.1; done
sleep 6
kill -INT "$bpid"
wait "$bpid"
st=$?
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
pid=
asked=$(grep -c "^GET /v1/notifications?.*wait=" "$tmp/requests")
expect "--follow against a bank that does not wait: Ctrl-C ends it" 0 "$st"
[ "$asked" -le 6 ] && ok "--follow backs off: $asked long-polls in 6 s" || bad "--follow made $asked long-polls in 6 s"

# --- a password typed for a long-running command does not linger in its memory ---------------
# (stdio's buffer, libcurl's request, a library's objects): the password,
# after sign-in, is nowhere in the process while it follows alerts.
"$bin/tests/hostile_server" eager >"$tmp/url" 2>/dev/null &
pid=$!
for _ in $(seq 1 50); do [ -s "$tmp/url" ] && break; sleep 0.1; done
secret="Pw-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
echo "$secret" | env -u DBUS_SESSION_BUS_ADDRESS -u XDG_RUNTIME_DIR HOME="$tmp" XDG_STATE_HOME="$tmp/state" \
	XDG_CONFIG_HOME="$tmp/config" "$bin/bankterm" --server "$(head -n 1 "$tmp/url")" --user x \
	--password-stdin notifications --follow >/dev/null 2>&1 &
for _ in $(seq 1 100); do
	bpid=$(pgrep -f "bankterm --server $(head -n 1 "$tmp/url")" | head -n 1)
	[ -n "$bpid" ] && break
	sleep 0.1
done
sleep 3
found=$(python3 "${top_srcdir:-.}/tests/memscan.py" "$bpid" "$secret" 2>&1)
kill "$bpid" 2>/dev/null
kill "$pid" 2>/dev/null
wait 2>/dev/null
pid=
expect "after sign-in the password is in no mapping of the process" 0 "${found%% *}"

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
