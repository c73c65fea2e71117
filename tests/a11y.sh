#!/bin/sh
# a11y.sh: what screen-reader and braille users, and people who turn colour
# off, depend on, driven in a real terminal (tmux) and a pseudo-terminal:
# on every screen, in normal and --screen-reader mode, the hardware cursor
# sits at the start of the focused item after each navigation key (at the
# insertion point in a field, on the question of a confirmation); in
# --screen-reader mode nothing at all is written while nobody types; with
# NO_COLOR no colour reaches the terminal and every state is still in words.
set -u
NAME=a11y
. "${top_srcdir:-.}/tests/tmux_lib.sh"

# The row marked '>' (the selection) is where the cursor is, at the marker.
# For a screen reader the cursor alone marks it (a moved '>' would change
# two rows, and both would be read): the cursor at a row's marker column,
# on a row with text, and no '>' anywhere.
marked_at_cursor() {
	if [ "${reader:-no}" = yes ]; then
		[ "$(screen | grep -c '^ *> ')" = 0 ] && [ "$(at_cursor | cut -c1)" = " " ] && [ -n "$(at_cursor | tr -d ' ')" ]
	else
		[ "$(at_cursor | cut -c1)" = ">" ] && [ "$(screen | grep -c '^ *> ')" = 1 ]
	fi
}
# focus_ok WHAT EXPECTED-START: the cursor's row, from the cursor, starts so.
focus_ok() {
	got=$(at_cursor)
	case "$got" in
	"$2"*) ok "$1" ;;
	*) bad "$1: the cursor is on '$got', want '$2…'"; screen | sed 's/^/    | /' ;;
	esac
}
# list_ok SCREEN MODE: the selection and the cursor agree, and follow Down and Up.
list_ok() {
	if marked_at_cursor; then ok "$2 screen $1: the cursor is on the selected row's marker"; else
		bad "$2 screen $1: cursor on '$(at_cursor)'"
		screen | sed 's/^/    | /'
		return
	fi
	first=$(at_cursor)
	keys Down
	sleep 0.2
	second=$(at_cursor)
	if marked_at_cursor && [ "$second" != "$first" ]; then ok "$2 screen $1: Down moves the selection and the cursor together"; else
		bad "$2 screen $1: after Down the cursor is on '$second'"
	fi
	keys Up
	sleep 0.2
	expect "$2 screen $1: Up brings both back" "$first" "$(at_cursor)"
}

for size in 80x24 60x16; do
for mode in normal --screen-reader; do
	opt=$mode reader=yes
	[ "$mode" = normal ] && opt="" reader=no
	mode="$size $mode"
	HOME_SHOWS=Everyday start ${size%x*} ${size#*x} $opt
	shows "$mode: Home" "Everyday"
	list_ok 1 "$mode"
	keys 2
	shows "$mode: Accounts" "Visa Credit"
	list_ok 2 "$mode"
	keys Enter
	wait_for "Brightwave" >/dev/null
	sleep 0.3
	list_ok "2 (history)" "$mode"
	keys Enter
	sleep 0.3
	focus_ok "$mode screen 2: Enter opens the detail, and the cursor is on it" "Amount: "
	keys Down
	sleep 0.2
	marked_at_cursor && ok "$mode screen 2: a move with the detail open takes the cursor back to the rows" ||
		bad "$mode screen 2: after Down the cursor is on '$(at_cursor)'"
	keys Escape
	keys /
	sleep 0.2
	keys abc
	sleep 0.2
	expect "$mode: in the search field the cursor is at the insertion point" "abc" \
		"$(screen | sed -n "$(($($T display -p -t tui '#{cursor_y}') + 1))p" | cut -c "1-$($T display -p -t tui '#{cursor_x}')" | sed 's/.* //')"
	keys Escape Escape
	keys 3
	shows "$mode: Transfers" "Scheduled transfers"
	focus_ok "$mode screen 3: an empty list: the cursor on what it says" "Nothing scheduled"
	keys n
	shows "$mode: the transfer form" "Step 1 of 5"
	list_ok "3 (form)" "$mode"
	keys Enter
	sleep 0.2
	keys Enter
	sleep 0.2
	keys x Enter
	sleep 0.3
	focus_ok "$mode: a field's refusal holds the cursor, whole" "this is not an amount"
	keys BSpace
	sleep 0.2
	screen | sed -n "$(($($T display -p -t tui '#{cursor_y}') + 1))p" | grep -q "Amount in USD:" &&
		ok "$mode: the next key takes the cursor back to the field" || bad "$mode: after a key the cursor is on '$(at_cursor)'"
	for _ in 1 2 3; do keys Escape; sleep 0.2; done
	keys 4
	shows "$mode: Bills" "Con Edison"
	list_ok 4 "$mode"
	keys 5
	shows "$mode: Points" "Catalogue"
	list_ok 5 "$mode"
	keys 6
	shows "$mode: Offers" "Why you see this:"
	list_ok 6 "$mode"
	keys d
	shows "$mode: a question" "y yes"
	focus_ok "$mode: when a confirmation opens, the cursor is on its question" "Dismiss"
	keys n
	keys 7
	shows "$mode: Insights" "Spending in 20"
	sleep 0.3
	focus_ok "$mode screen 7: the cursor on the chart's title" "Spending in"
	keys Down
	sleep 0.2
	at_cursor | grep -q "housing.*USD" && ok "$mode screen 7: Down takes the cursor to a category's row" ||
		bad "$mode screen 7: after Down the cursor is on '$(at_cursor)'"
	keys Up
	sleep 0.2
	focus_ok "$mode screen 7: Up back to the title" "Spending in"
	keys '?' Down
	sleep 0.2
	at_cursor | grep -q "Keys on" && bad "$mode help: scrolled, the cursor stays on the title" ||
		ok "$mode help: scrolled, the cursor is on the first line shown"
	keys Escape
	keys 8
	shows "$mode: Alerts" "New sign-in"
	list_ok 8 "$mode"
	row_y=$($T display -p -t tui '#{cursor_y}')
	keys Enter
	sleep 0.3
	if [ "$($T display -p -t tui '#{cursor_y}')" -gt "$((row_y + 1))" ] && at_cursor | grep -q '[a-z]'; then
		ok "$mode screen 8: Enter takes the cursor to the alert's body"
	else
		bad "$mode screen 8: after Enter the cursor is on '$(at_cursor)'"
	fi
	keys 9
	shows "$mode: Settings" "Daily limit"
	list_ok 9 "$mode"
	keys 1 q
	shows "$mode: the quit question" "Quit bankterm?"
	focus_ok "$mode: the cursor on the quit question" "Quit bankterm?"
	keys n
done
done

# --- --screen-reader: words, not pictures -----------------------------------------------
start 80 24 --screen-reader
keys 7
shows "--screen-reader: the chart is sentences" "percent, "
screen | grep -q "█\|─" && bad "--screen-reader: block or line glyphs drawn" || ok "--screen-reader: no block or line glyphs"
keys 2 p
shows "--screen-reader: privacy mode says hidden in words" "hidden USD"
screen | grep -q "•" && bad "--screen-reader: dots drawn" || ok "--screen-reader: no bullet masks"

# --- first run, in every shipped language: each number key's screen is named at 80x24 ----------
# The catalogs are the build's own (no BANKTERM_LOCALEDIR): a clone built as
# the README says speaks the user's language.  Only the locale is private.
supp="$(cd "${top_srcdir:-.}" && pwd)/tests/lsan-locpath.supp"
for pair in de_DE:de:Start es_ES:es:Inicio fr_FR:fr:Accueil ja_JP:ja:ホーム zh_CN:zh_CN:首页 zh_TW:zh_TW:首頁; do
	L=${pair%%:*} m=${pair#*:} home=${pair##*:}
	m=${m%%:*}
	mkdir -p "$tmp/locale/$m/LC_MESSAGES"
	if ! { [ -d "$tmp/locale/$L.UTF-8" ] || localedef -i "$L" -f UTF-8 "$tmp/locale/$L.UTF-8" 2>"$tmp/localedef.err"; } ||
		! msgfmt -o "$tmp/locale/$m/LC_MESSAGES/bankterm.mo" "${top_srcdir:-.}/locale/$m.po"; then
		bad "$m: no locale or catalog: $(cat "$tmp/localedef.err")"
		continue
	fi
	bar=$(env -u BANKTERM_LOCALEDIR LOCPATH="$tmp/locale" LANG="$L.UTF-8" LC_ALL="$L.UTF-8" LANGUAGE="$m" \
		LSAN_OPTIONS="suppressions=$supp:print_suppressions=0" "$bin/bankterm" $DEMO --snapshot home --cols 80 --rows 24 2>/dev/null |
		head -n 2)
	unnamed=""
	for k in 1 2 3 4 5 6 7 8 9 0 s; do
		# The key, a space, then a word: "3 Überweisungen", "[1 首页]".
		printf '%s\n' "$bar" | grep -qE "(^|[ [])$k [^ 0-9]" || unnamed="$unnamed $k"
	done
	expect "$m 80x24: the top bar names the screen of every number key" "" "$unnamed"
	printf '%s\n' "$bar" | grep -qF "[1 $home]" && ok "$m: the build's own catalog is used, with no install" ||
		bad "$m: not in $m from the build tree: $bar"
done

# --- on exit, the prompt comes back on a line of its own ----------------------------------
$T kill-server 2>/dev/null
for _ in $(seq 1 50); do $T ls >/dev/null 2>&1 || break; sleep 0.1; done
$T new-session -d -s tui -x 80 -y 24 "'$bin/bankterm' $DEMO 2>/dev/null; printf 'PROMPT'; sleep 30"
wait_for "Points:" >/dev/null
keys q y
shows "exit: the shell comes back" "PROMPT"
expect "exit: the prompt starts its own line" "PROMPT" "$(screen | grep PROMPT | sed 's/^ *//')"
expect "exit: the cursor after the prompt, at the line's start + 6" "6" "$($T display -p -t tui '#{cursor_x}')"

# --- NO_COLOR: no colour codes, every state in words ---------------------------------------
# An SGR that sets a colour (39 and 49, "the default colour", are not one).
sgr_colour() { grep -qE "$(printf '\033')\\[([0-9]*;)*(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9]*)*m"; }
start 80 24
$T capture-pane -p -e -t tui | sgr_colour && ok "the default theme uses colour (so the next check means something)" ||
	bad "the default theme drew no colour"
START_ENV="NO_COLOR=1" start 80 24
for s in 1 2 3 4 5 6 7 8 9 0 s; do
	keys "$s"
	sleep 0.6
	$T capture-pane -p -e -t tui | sgr_colour && bad "NO_COLOR: colour on screen $s" || ok "NO_COLOR: no colour codes on screen $s"
done
keys 4
shows "NO_COLOR: overdue in words" "OVERDUE"
shows "NO_COLOR: autopay in words" "[x] auto"
[ "$(screen | grep -c '^ *> ')" = 1 ] && ok "NO_COLOR: the selection is marked with '>'" || bad "NO_COLOR: no '>' marker"
keys 8
shows "NO_COLOR: unread alerts in words" "NEW"

# --- nothing is written while nobody types (--screen-reader, live alerts off) -----------------
mkdir -p "$tmp/config/bankterm"
printf 'default_profile = quiet\n[profile quiet]\nlive_alerts = no\n' >"$tmp/config/bankterm/config"
TERM=xterm "$bin/tests/pty_idle" 80 24 3000 1500 5000 1234567890s "$bin/bankterm" $DEMO --screen-reader >"$tmp/idle" 2>&1
for s in 1 2 3 4 5 6 7 8 9 0 s; do
	expect "--screen-reader: 5 s idle on screen $s writes nothing" "$s 0" "$(grep "^$s " "$tmp/idle")"
done
rm -f "$tmp/config/bankterm/config"

# --- zh_CN.UTF-8: translated on every screen, columns lined up by display width --------------
# The locale and the catalog are made here, in the test's own directory:
# nothing is assumed of the machine but the locale sources (the locales package).
loc="$tmp/locale"
mkdir -p "$loc/zh_CN/LC_MESSAGES"
if ! localedef -i zh_CN -f UTF-8 "$loc/zh_CN.UTF-8" 2>"$tmp/localedef.err"; then
	bad "zh_CN: localedef failed: $(cat "$tmp/localedef.err")"
elif ! msgfmt -o "$loc/zh_CN/LC_MESSAGES/bankterm.mo" "${top_srcdir:-.}/locale/zh_CN.po"; then
	bad "zh_CN: the catalog does not compile"
else
	# width_of: the display width of each line read (CJK counts two).
	widths() { while IFS= read -r line; do printf '%s' "$line" | wc -L; done | sort -u; }
	for size in 80x24 120x40; do
		supp="$(cd "${top_srcdir:-.}" && pwd)/tests/lsan-locpath.supp"
		HOME_SHOWS="积分：" START_ENV="LOCPATH=$loc BANKTERM_LOCALEDIR=$loc LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 LSAN_OPTIONS=suppressions=$supp:print_suppressions=0" \
			start "${size%x*}" "${size#*x}" --persona lin
		shows "zh_CN $size 1: Home in Chinese" "[1 首页]"
		shows "zh_CN $size 1: the totals" "合计"
		expect "zh_CN $size 1: account rows end in one column (a CJK name among them)" 1 \
			"$(screen | grep -E '^  [ >] [^ ].*(HKD|CNY|USD)$' | sed -n '1,4p' | widths | wc -l)"
		screen | grep -q "人民币储蓄" && ok "zh_CN $size: the CJK account name is whole" || bad "zh_CN $size: no CJK name"
		keys 2
		shows "zh_CN $size 2: Accounts" "[2 账户]"
		expect "zh_CN $size 2: balances line up" 1 "$(screen | grep -E '^  [ >] .*(HKD|CNY|USD)$' | widths | wc -l)"
		keys 3
		shows "zh_CN $size 3: Transfers" "预约转账"
		keys 4
		shows "zh_CN $size 4: Bills" "待付账单"
		expect "zh_CN $size 4: bill rows line up" 1 "$(screen | grep -E '^  [ >] 20.*自动$' | widths | wc -l)"
		keys 5
		shows "zh_CN $size 5: Points" "余额："
		keys 6
		shows "zh_CN $size 6: Offers" "为您推荐的优惠"
		keys 7
		shows "zh_CN $size 7: Insights" "的支出"
		keys 8
		shows "zh_CN $size 8: Alerts" "条未读"
		keys 9
		shows "zh_CN $size 9: Settings" "读屏模式"
		expect "zh_CN $size 9: the values start in one column after CJK labels" 1 \
			"$(screen | grep -E '^  [ >] (主题|读屏模式|空闲锁定|实时提醒|语言) ' | sed 's/^\(  [ >] [^ ]*  *\).*/\1/' | widths | wc -l)"
		keys 0
		shows "zh_CN $size 0: Wallet" "[0 钱包]"
		shows "zh_CN $size 0: lin has none, said in Chinese" "您在本行没有钱包。"
		keys '?'
		shows "zh_CN $size: help in Chinese" "上一行"
		keys Escape
	done
fi

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
