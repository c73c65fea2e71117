# tmux_lib.sh: what the terminal tests share (sourced by tui.sh and a11y.sh):
# a private tmux server, a home of their own, and helpers that drive
# `bankterm --demo` by keystrokes and read the screen and the cursor.
# The caller sets NAME (for the server's socket) before sourcing.
bin=${top_builddir:-.}
bin=$(cd "$bin" && pwd)
fails=0
passes=0
ok() { passes=$((passes + 1)); echo "ok: $1"; }
bad() { fails=$((fails + 1)); echo "FAIL: $1"; }
expect() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$3', want '$2'"; fi; }
for tool in tmux jq ss; do
	command -v $tool >/dev/null 2>&1 || { echo "SKIP: $tool is missing (./bootstrap installs it)"; exit 77; }
done
tmp=$(mktemp -d)
mkdir "$tmp/tmp"
export HOME="$tmp" XDG_CONFIG_HOME="$tmp/config" XDG_STATE_HOME="$tmp/state" TMPDIR="$tmp/tmp" LANG=C.UTF-8 LC_ALL=C.UTF-8
unset DBUS_SESSION_BUS_ADDRESS NO_COLOR
T="tmux -L bankterm-$NAME-$$ -f /dev/null"
# The demo bank's day, fixed: the amounts, due days and months these tests
# expect are the same on every day they run (the 1st of a month has no
# spending yet; a bill's place in the list follows the day).
DEMO="--demo --demo-date 2026-11-30"
trap '$T kill-server 2>/dev/null; rm -rf "$tmp"' EXIT

screen() { $T capture-pane -p -t tui; }
cursor() { $T display -p -t tui '#{cursor_x},#{cursor_y}'; }
# The text of the row the hardware cursor is on, from the cursor's column.
at_cursor() {
	x=$($T display -p -t tui '#{cursor_x}')
	y=$($T display -p -t tui '#{cursor_y}')
	screen | sed -n "$((y + 1))p" | cut -c "$((x + 1))-"
}
# wait_for TEXT: until the screen shows it (10 s at most).
wait_for() {
	for _ in $(seq 1 100); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	return 1
}
# eventually CHECK...: until CHECK holds (5 s at most).  Under make -j the
# sandbox's load tests run beside these: a key's effect may take longer to
# show than any fixed sleep allows.
eventually() {
	for _ in $(seq 1 50); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}
# cursor_on PATTERN: the text at the hardware cursor matches PATTERN (grep).
cursor_on() { at_cursor | grep -q -- "$1"; }
# gone TEXT: the screen no longer shows TEXT.
gone() { ! screen | grep -qF -- "$1"; }
shows() { if wait_for "$2"; then ok "$1"; else bad "$1: '$2' not on screen"; screen | sed 's/^/    | /'; fi; }
keys() { $T send-keys -t tui "$@"; }
# select_row TEXT: from the first row, Down until the cursor's row holds TEXT.
# (Home first: a message just shown, such as a live alert, holds the cursor
# until the next key.)
select_row() {
	keys Home
	sleep 0.05
	for _ in $(seq 1 30); do
		at_cursor | grep -qF -- "$1" && return 0
		keys Down
		sleep 0.05
	done
	return 1
}
# fault METHOD PATH FAULT COUNT: the demo bank does FAULT to the next COUNT such requests.
fault() {
	curl -s -o /dev/null -X POST "$(bank_url)/sandbox/faults" -H 'Content-Type: application/json' \
		-d "{\"method\":\"$1\",\"path\":\"$2\",\"fault\":\"$3\",\"count\":$4}"
}
start() { # start COLS ROWS [bankterm options]
	cols=$1 rows=$2
	shift 2
	# The server ends with its last session: a new one must not reach the old one as it goes.
	$T kill-server 2>/dev/null
	for _ in $(seq 1 50); do $T ls >/dev/null 2>&1 || break; sleep 0.1; done
	$T new-session -d -s tui -x "$cols" -y "$rows" "exec env ${START_ENV:-} '$bin/bankterm' $DEMO $* 2>'$tmp/stderr'"
	wait_for "${HOME_SHOWS:-Points:}" || { bad "bankterm --demo $* did not draw Home"; screen; cat "$tmp/stderr"; }
}
# The demo's bank: the sandbox bankterm started, and the port it listens on.
bank_url() {
	bt=$($T display -p -t tui '#{pane_pid}')
	sb=$(pgrep -P "$bt" -f bankterm-sandbox | head -n 1)
	port=$(ss -ltnpH 2>/dev/null | grep "pid=$sb," | awk '{print $4}' | sed 's/.*://' | head -n 1)
	echo "http://127.0.0.1:$port/v1"
}
# secret_of USER: the persona's one-time-code secret.
secret_of() { "$bin/bankterm-sandbox" --list-personas | awk -v u="$1" '$1 == u { print $3 }'; }
# code_of USER: a one-time code not used before in this test (the bank takes each once).
used_codes=""
code_of() {
	while :; do
		while [ $(($(date +%s) % 30)) -gt 24 ]; do sleep 1; done
		for off in -30 0 30; do
			c=$("$bin/tests/totp_now" "$(secret_of "$1")" $off)
			case " $used_codes " in *" $1:$c "*) continue ;; esac
			used_codes="$used_codes $1:$c"
			echo "$c"
			return
		done
		sleep 5
	done
}
