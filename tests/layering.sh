#!/bin/sh
# layering.sh: the arrows between layers point one way (doc/architecture.md):
# the core (src/) and the sandbox never include curses, and money code never
# touches floating point.
set -u
top=${top_srcdir:-.}
fail=0

hits=$(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](n?curses(w)?\.h|ncursesw/|panel\.h|form\.h|menu\.h|term\.h)' \
	"$top/src" "$top/sandbox" 2>/dev/null)
if [ -n "$hits" ]; then
	echo "FAIL: curses included below the ui/ layer:"
	echo "$hits"
	fail=1
fi

hits=$(grep -nwE 'float|double|long double|strtod|atof|strtof' "$top"/src/money*.c "$top"/src/money*.h "$top"/src/currency*.c 2>/dev/null)
if [ -n "$hits" ]; then
	echo "FAIL: floating point in money code:"
	echo "$hits"
	fail=1
fi

# The check itself must be able to fail: a planted include is caught.
tmp=$(mktemp -d)
mkdir "$tmp/src"
printf '#include <curses.h>\n' >"$tmp/src/x.c"
if ! grep -rqE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]n?curses' "$tmp/src"; then
	echo "FAIL: the curses pattern does not match a planted include"
	fail=1
fi
rm -rf "$tmp"

[ $fail -eq 0 ] && echo "ok: src/ and sandbox/ are free of curses; money code is integer-only"
exit $fail
