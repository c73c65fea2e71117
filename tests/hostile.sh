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

# hostile MODE WANT_STATUS TEXT: what bankterm accounts says against MODE
hostile() {
	"$bin/tests/hostile_server" "$1" >"$tmp/url" &
	pid=$!
	for _ in $(seq 1 50); do [ -s "$tmp/url" ] && break; sleep 0.1; done
	echo secret | env -u DBUS_SESSION_BUS_ADDRESS -u XDG_RUNTIME_DIR HOME="$tmp" XDG_STATE_HOME="$tmp/state" \
		XDG_CONFIG_HOME="$tmp/config" "$bin/bankterm" --server "$(head -n 1 "$tmp/url")" --user x \
		--password-stdin accounts >"$tmp/out" 2>"$tmp/err"
	st=$?
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=
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

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
