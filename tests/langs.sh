#!/bin/sh
# langs.sh: every screen in each of the six shipped languages, at 80x24, as a
# new user reaches it with the catalogs of the build (no install): the same
# walk of keys is made in English, then in de, es, fr, ja, zh_CN and zh_TW,
# and on each translated screen
#   - no word of the English walk is left (the program's or the bank's),
#     except names and codes (tests/langs.allow);
#   - no word is cut by an ellipsis, except names longer than their column.
# The locales are made here, in a private LOCPATH; the machine's are untouched.
# LANGS_KEEP=DIR keeps each screen of the walks in DIR, to look at;
# LANGS_ONLY="fr ja" walks only those.
set -u
NAME=langs
. "${top_srcdir:-.}/tests/tmux_lib.sh"
allow="${top_srcdir:-.}/tests/langs.allow"
supp="$(cd "${top_srcdir:-.}" && pwd)/tests/lsan-locpath.supp"
shots="${LANGS_KEEP:-$tmp/shots}"

# settle: until two looks at the screen agree (3 s at most).
settle() {
	sleep 0.3
	last=$(screen)
	for _ in $(seq 1 20); do
		sleep 0.15
		now=$(screen)
		[ "$now" = "$last" ] && return 0
		last=$now
	done
}
# shot NAME KEYS...: the keys, then the screen as it settles, kept as NAME.
shot() {
	what=$1
	shift
	[ $# -gt 0 ] && keys "$@"
	settle
	n=$((n + 1))
	screen >"$dir/$(printf %02d $n)-$what"
}
# walk LANG DIR: every screen, its lists opened, its forms and questions asked.
walk() {
	dir=$2 n=0
	rm -rf "$dir"
	mkdir -p "$dir"
	shot home
	shot day-on '>'
	shot accounts 2
	shot history Enter
	shot detail Enter
	shot filter Escape f
	shot search Escape /
	shot transfers Escape Escape Escape 3
	shot from n
	shot to Enter
	# The bank's name check of a new payee: no match (a warning), and a close match (an offer).
	shot nomatch End Enter "John Smith" Tab "DE89 3704 0044 0532 0130 00" Enter
	shot nomatch-field y
	shot closematch Escape C-u "GB86 LOYD 3096 3812 3456 78" Tab C-u "Priya Natrajan" Enter
	shot amount Escape Escape Home Enter
	shot amount-refused x Enter
	shot reference BSpace 1 Enter
	shot when Enter
	shot review Enter
	shot transfers-back n Escape Escape Escape Escape Escape
	shot bills 4
	shot bill-pay Enter
	shot points Escape 5
	shot redeem Enter
	shot points-history n Tab
	shot offers 6
	shot offer-dismiss d
	shot insights n 7
	shot insights-before Left
	shot alerts 8
	shot alert-body Enter
	shot settings 9
	shot settings-edit Enter
	shot wallet Escape 0
	shot wallet-move Enter
	# Support: the conversations (their subjects are what people wrote, not
	# translated), a new one, and the bank's help in the language.
	shot support Escape Escape s
	shot support-new w
	shot support-find Escape f
	shot support-article Down Enter
	shot help Escape Escape Escape '?'
	shot command Escape :
	shot quit Escape q q
	shot lock n L
}

# narrow LANG: at 60x16, the bank's no-match warning is read whole (no
# ellipsis on the screen), with the cursor in the field under it.
narrow() {
	$T resize-window -t tui -x 60 -y 16
	keys 3 n
	settle
	keys Enter
	settle
	keys End Enter
	settle
	keys "John Smith" Tab "DE89 3704 0044 0532 0130 00" Enter
	settle
	sleep 0.5
	if screen | grep -q "…"; then bad "$1 60x16: the no-match warning is cut: $(screen)"; else ok "$1 60x16: the no-match warning is whole"; fi
	expect "$1 60x16: the cursor in the field under it" "" "$(at_cursor | tr -d ' ')"
	keys Escape Escape Escape Escape Escape 1
	settle
	# A ":" command's question (the same no-match, from the command line's
	# payees add), read whole too: its box grows to hold it.  The question is
	# the rows above the cursor's field, up to the box's rule.
	keys : 'payees add "John Smith" "DE89 3704 0044 0532 0130 00" USD' Enter
	settle
	y=$($T display -p -t tui '#{cursor_y}')
	q=$(screen | head -n "$y" | tac | awk '/────/ { exit } { print }')
	if [ -z "$q" ] || printf '%s\n' "$q" | grep -q "…"; then bad "$1 60x16: a ':' command's question is cut: $(screen)"; else
		ok "$1 60x16: a ':' command's question is whole ($(printf '%s\n' "$q" | grep -c .) rows)"; fi
	keys Escape
	settle
	keys Enter
	$T resize-window -t tui -x 80 -y 24
	# Home again once the program has drawn it at 80 columns (its tabs whole).
	for _ in $(seq 1 30); do [ "$($T display -p -t tui '#{window_width}')" = 80 ] && break; sleep 0.1; done
	sleep 0.3
	keys 1
	settle
}

# The English walk: the words a translated screen must not show.
HOME_SHOWS="Points:" start 80 24
narrow en
walk en "$shots/en"
cat "$shots"/en/* | grep -oE '[[:alpha:]]+' | grep -E '^[A-Za-z]{2,}$' | sort -u >"$tmp/english"
[ "$(wc -l <"$tmp/english")" -gt 300 ] && ok "the English walk saw $(wc -l <"$tmp/english") words" ||
	bad "the English walk saw only $(wc -l <"$tmp/english") words"
# Allowed: names and codes, for every language and for one ("ja: ..." lines).
allowed() { sed -n -e 's/#.*//' -e "s/^\\*: *//p" -e "s/^$1: *//p" -e 's/^name: *//p' "$allow" | tr ' ' '\n' | grep . | sort -u; }
names() { sed -n -e 's/#.*//' -e 's/^name: *//p' "$allow"; }

for pair in de_DE:de:Punkte es_ES:es:Puntos fr_FR:fr:Points ja_JP:ja:ポイント zh_CN:zh_CN:积分 zh_TW:zh_TW:點數; do
	L=${pair%%:*} m=${pair#*:} points=${pair##*:}
	m=${m%%:*}
	# LANGS_ONLY=fr: one language, while working on it.
	case " ${LANGS_ONLY:-$m} " in *" $m "*) ;; *) continue ;; esac
	mkdir -p "$tmp/locale"
	if ! { [ -d "$tmp/locale/$L.UTF-8" ] || localedef -i "$L" -f UTF-8 "$tmp/locale/$L.UTF-8" 2>"$tmp/localedef.err"; }; then
		bad "$m: no locale: $(cat "$tmp/localedef.err")"
		continue
	fi
	# The build's own catalogs: BANKTERM_LOCALEDIR is not set.
	HOME_SHOWS="$points" START_ENV="LOCPATH=$tmp/locale LANG=$L.UTF-8 LC_ALL=$L.UTF-8 LANGUAGE=$m LSAN_OPTIONS=suppressions=$supp:print_suppressions=0" \
		start 80 24
	narrow "$m"
	walk "$m" "$shots/$m"
	allowed "$m" >"$tmp/allowed"
	english=""
	cut=""
	for f in "$shots/$m"/*; do
		left=$(grep -oE '[[:alpha:]]+' "$f" | grep -E '^[A-Za-z]{2,}$' | sort -u | comm -12 - "$tmp/english" | comm -23 - "$tmp/allowed" | tr '\n' ' ')
		[ -n "$left" ] && english="$english
    ${f##*/}: $left"
		# A word cut by '…' is allowed only inside a name (names are the customer's and the bank's own).
		for w in $(grep -oE '[^ ]*[[:alpha:]]…|…[[:alpha:]][^ ]*' "$f" | tr ' ' '\n'); do
			frag=$(printf '%s' "$w" | sed 's/…//')
			# "Send feedback…": an ellipsis the translation itself ends with is no cut.
			grep -qF -- "$w\"" "${top_srcdir:-.}/locale/$m.po" && continue
			names | grep -qF -- "$frag" || cut="$cut
    ${f##*/}: $w"
		done
	done
	expect "$m 80x24: no English word on any screen" "" "$english"
	expect "$m 80x24: no word cut short on any screen" "" "$cut"
	grep -q "$points" "$shots/$m/01-home" && ok "$m: Home is in $m from the build's catalogs" ||
		bad "$m: Home is not in $m: $(head -n 3 "$shots/$m/01-home")"
done

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
