#!/bin/sh
# catalogs.sh: the six languages the bank's customers read are shipped, and
# every catalog named in locale/LINGUAS translates every
# message of the sources as they are now (none missing, untranslated or
# fuzzy; msgfmt --check clean), and every source file that has messages is
# listed in locale/POTFILES.in, so none escapes the translators.
set -u
top=${top_srcdir:-.}
fails=0
passes=0
ok() { passes=$((passes + 1)); echo "ok: $1"; }
bad() { fails=$((fails + 1)); echo "FAIL: $1"; }
for tool in xgettext msgfmt msgcmp; do
	command -v $tool >/dev/null 2>&1 || { echo "SKIP: $tool is missing (./bootstrap installs gettext)"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Headers too (the CLI's shared options are marked in one); a mark inside a comment is none.
for f in $(cd "$top" && ls src/*.c ui/*.c src/*.h ui/*.h); do
	sed 's|/\*.*\*/||' "$top/$f" | grep -qE '(^|[^A-Za-z0-9_])(_|N_|ngettext)\("' || continue
	grep -qx "$f" "$top/locale/POTFILES.in" && ok "$f is in POTFILES.in" || bad "$f has messages but is not in locale/POTFILES.in"
done
(cd "$top" && xgettext --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --add-comments=L10N --from-code=UTF-8 -o "$tmp/fresh.pot" \
	$(grep -v '^#' locale/POTFILES.in)) || bad "xgettext failed"
total=$(msgfmt --statistics -o /dev/null "$tmp/fresh.pot" 2>&1 | sed -n 's/.*, \([0-9]*\) untranslated.*/\1/p')

for l in $(grep -v '^#' "$top/locale/LINGUAS"); do
	po="$top/locale/$l.po"
	if stats=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1); then ok "$l: msgfmt --check is clean"; else
		bad "$l: msgfmt --check: $stats"
	fi
	case "$stats" in
	*untranslated* | *fuzzy*) bad "$l: $stats" ;;
	*) ok "$l: $stats" ;;
	esac
	# In a help text, each option starts its own line in the translation too
	# (fr once ran --screen-reader and --trace together on one line).
	lines=$(msgexec -i "$po" sh -c '[ "$(printf "%s\n" "$MSGEXEC_MSGID" | grep -c "^ *-")" -ge 3 ] || exit 0
		opts() { sed -n "s/^ *\(-[-A-Za-z0-9]*\).*/\1/p" | sort; }
		a=$(printf "%s\n" "$MSGEXEC_MSGID" | opts); b=$(opts)
		[ "$a" = "$b" ] || echo "$MSGEXEC_LOCATION"' 2>&1)
	if [ -z "$lines" ]; then ok "$l: every option of a help text starts a line of its own"; else
		bad "$l: options run together in: $lines"
	fi
	if msgcmp "$po" "$tmp/fresh.pot" >"$tmp/cmp" 2>&1; then ok "$l: has every message of the sources ($total)"; else
		bad "$l: lacks messages of the sources (run make update-po, then translate):"
		head -5 "$tmp/cmp"
	fi
done
for l in zh_CN zh_TW ja es fr de; do
	grep -qx "$l" "$top/locale/LINGUAS" && ok "$l is shipped" || bad "no $l catalog in locale/LINGUAS"
done
echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
