#!/bin/sh
# demo.sh: `bankterm --demo` brings its own bank and takes it away again:
# commands run against a fresh sandbox as a persona (codes answered for
# it), and no bankterm-sandbox outlives bankterm, however bankterm ends.
set -u
bin=${top_builddir:-.}
fails=0
passes=0
ok() { passes=$((passes + 1)); echo "ok: $1"; }
bad() { fails=$((fails + 1)); echo "FAIL: $1"; }
expect() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$3', want '$2'"; fi; }
command -v jq >/dev/null 2>&1 || { echo "SKIP: jq is missing (./bootstrap installs it)"; exit 77; }
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
mkdir "$home/tmp"
export HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_STATE_HOME="$home/state" TMPDIR="$home/tmp"
unset DBUS_SESSION_BUS_ADDRESS
demo_dirs() { ls -d "$TMPDIR"/bankterm-demo-* 2>/dev/null | wc -l; }
before=$(demo_dirs)

out=$("$bin/bankterm" --demo accounts --json 2>/dev/null); st=$?
expect "--demo: alex's accounts from a bank of its own" "0 Everyday" "$st $(echo "$out" | jq -r '.items[0].name')"
out=$("$bin/bankterm" --demo --persona grace transfer 1500 --from "Pension Account" --payee "Emma Whitfield" \
	--yes --json 2>"$home/err"); st=$?
expect "--persona grace: signed in with her code, a large payment confirmed with another" "0 completed" \
	"$st $(echo "$out" | jq -r .status)"
grep -q "the demo enters it for you" "$home/err" && ok "... and it says it typed the codes" || bad "no word about the codes"
"$bin/bankterm" --demo --server http://127.0.0.1:1/v1 accounts >/dev/null 2>&1
expect "--demo with --server is a usage error" 2 "$?"
"$bin/bankterm" --demo --persona mallory accounts >/dev/null 2>&1
expect "an unknown persona is an error" 1 "$?"
expect "the demo leaves no state behind" "$before" "$(demo_dirs)"

# The demo's controls from the command line, as the full screen's keys have them.
out=$("$bin/bankterm" --demo demo clock +1d 2>&1); st=$?
expect "demo clock +1d says the bank's new date" "0 The bank's date is now" "$st $(echo "$out" | cut -c1-22)"
out=$("$bin/bankterm" --demo demo clock +1m --json 2>/dev/null)
now=$("$bin/bankterm" --demo demo clock +1h --json 2>/dev/null | jq -r .now)
moved=$(echo "$out" | jq -r .now)
# The start both runs share: an hour before the second's answer (as a time, so
# that near midnight the hour is taken from the right day), then a month on.
start=$(($(date -u -d "$now" +%s) - 3600))
want=$(date -u -d "$(date -u -d "@$start" '+%Y-%m-%d %H:%M:%S') UTC +1 month" +%Y-%m-%d 2>/dev/null)
expect "demo clock +1m moves one calendar month" "$want" "$(echo "$moved" | cut -c1-10)"
"$bin/bankterm" --demo demo clock 30 >/dev/null 2>"$home/err"
expect "demo clock with a move it cannot read is a usage error" 2 "$?"
grep -q "+Nd (days), +Nh (hours) or +Nm (months)" "$home/err" && ok "... saying the forms" || bad "no forms said: $(cat "$home/err")"
"$bin/bankterm" --server http://127.0.0.1:1/v1 --user alex demo reset --yes >/dev/null 2>"$home/err"
expect "demo without --demo is a usage error" 2 "$?"
out=$("$bin/bankterm" --demo demo reset --yes 2>&1)
expect "demo reset --yes" "The demo bank is as it was at the start." "$out"
out=$("$bin/bankterm" --demo notifications read --all 2>&1 >/dev/null)
case "$out" in *" alerts marked read."*) ok "notifications read --all marks every unread alert" ;; *) bad "read --all said '$out'" ;; esac
"$bin/bankterm" --demo notifications read 999999 >/dev/null 2>&1
expect "notifications read with an ID that is none is a usage error" 2 "$?"

# sandbox_of PID: the bankterm-sandbox that bankterm PID started (waits for it).
sandbox_of() {
	for _ in $(seq 1 100); do
		child=$(pgrep -P "$1" -f bankterm-sandbox | head -n 1)
		[ -n "$child" ] && { echo "$child"; return; }
		sleep 0.1
	done
}
gone() { for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done; return 1; }
for sig in TERM INT KILL; do
	"$bin/bankterm" --demo notifications --follow >/dev/null 2>&1 &
	bt=$!
	sb=$(sandbox_of $bt)
	if [ -z "$sb" ]; then
		bad "no sandbox started for the SIG$sig case"
		kill -9 $bt 2>/dev/null
		continue
	fi
	sleep 0.5
	kill -$sig $bt
	wait $bt 2>/dev/null
	gone "$sb" && ok "bankterm ended by SIG$sig: its sandbox is gone" || { bad "SIG$sig left sandbox $sb running"; kill "$sb"; }
done

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
