#!/bin/sh
# layering.sh: the arrows between layers point one way (doc/architecture.md):
# - the core (src/) and the sandbox never include curses, and money code
#   never touches floating point;
# - src/ never includes a header of ui/ (the composition root, ui/main.c, is
#   the one file that sees both);
# - ui/ includes no private header of src/ (*_private.h), does not reach into
#   the HTTP transport (no http_* call, no session's connection), and builds
#   no JSON request body: every request is an operation of the core (op.h).
# Each rule is also run on a planted violation, so that it can fail.
set -u
top=${top_srcdir:-.}
fail=0

curses='^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](n?curses(w)?\.h|ncursesw/|panel\.h|form\.h|menu\.h|term\.h)'
ui_header='^[[:space:]]*#[[:space:]]*include[[:space:]]*"(\.\./ui/)?(tui|ui)\.h"'
private='^[[:space:]]*#[[:space:]]*include[[:space:]]*"[a-z_]*_private\.h"'
transport='(^|[^a-z_])http_[a-z_]+[[:space:]]*\(|(->|\.)http([^a-z_]|$)'
body='json_object_new_object[[:space:]]*\(|json_object_object_add[[:space:]]*\('
server_dep='^[[:space:]]*#[[:space:]]*include[[:space:]]*"(server|routes)\.h"'

# check NAME PATTERN DIR...: fails when PATTERN is in a .c or .h file of the DIRs.
check() {
	name=$1 pattern=$2
	shift 2
	hits=$(grep -rnE --include='*.c' --include='*.h' "$pattern" "$@" 2>/dev/null)
	if [ -n "$hits" ]; then
		echo "FAIL: $name:"
		echo "$hits"
		fail=1
	fi
}

check "curses included below the ui/ layer" "$curses" "$top/src" "$top/sandbox"
check "src/ includes a header of ui/" "$ui_header" "$top/src"
check "ui/ includes a private header of src/" "$private" "$top/ui"
check "ui/ reaches into the HTTP transport" "$transport" "$top/ui"
check "ui/ builds a JSON request body (use an operation of the core, op.h)" "$body" "$top/ui"
# The sandbox: handlers depend on the reply toolkit, not on the server or the
# route table (only main.c, server.c and routes.c see those).
hits=$(grep -lE "$server_dep" "$top"/sandbox/*.c "$top"/sandbox/*.h 2>/dev/null | grep -vE '/(main|server|routes)\.c$')
if [ -n "$hits" ]; then
	echo "FAIL: a sandbox file other than main.c, server.c and routes.c includes the server or the route table:"
	echo "$hits"
	fail=1
fi
# ... and no header of the sandbox includes one that includes it back.
for h in "$top"/sandbox/*.h; do
	for inc in $(sed -n 's/^#include "\([a-z_]*\.h\)"$/\1/p' "$h"); do
		[ -f "$top/sandbox/$inc" ] || continue
		if grep -q "^#include \"$(basename "$h")\"" "$top/sandbox/$inc"; then
			echo "FAIL: an include circle: $(basename "$h") and $inc include each other"
			fail=1
		fi
	done
done

hits=$(grep -nwE 'float|double|long double|strtod|atof|strtof' "$top"/src/money*.c "$top"/src/money*.h "$top"/src/currency*.c 2>/dev/null)
if [ -n "$hits" ]; then
	echo "FAIL: floating point in money code:"
	echo "$hits"
	fail=1
fi

# Each check must be able to fail: planted violations are caught, and the
# code that is allowed is not.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
planted() { # planted NAME PATTERN LINE [must|mustnot]
	printf '%s\n' "$3" >"$tmp/x.c"
	if grep -qE "$2" "$tmp/x.c"; then found=yes; else found=no; fi
	case "${4:-must}:$found" in
	must:no) echo "FAIL: the $1 check misses a planted '$3'"; fail=1 ;;
	mustnot:yes) echo "FAIL: the $1 check takes '$3' for a violation"; fail=1 ;;
	esac
}
planted curses "$curses" '#include <curses.h>'
planted curses "$curses" '#include <ncursesw/curses.h>'
planted ui-header "$ui_header" '#include "tui.h"'
planted ui-header "$ui_header" '#include "../ui/ui.h"'
planted private "$private" '#include "cli_private.h"'
planted private "$private" '#include "money_private.h"'
planted private "$private" '#include "cli.h"' mustnot
planted transport "$transport" '	http_cancel_clear(a->c->s.http);'
planted transport "$transport" 'x = c->s.http;'
planted transport "$transport" 'struct http_request rq = { 0 };' mustnot
planted transport "$transport" '	session_cancel_clear(&c->s);' mustnot
planted body "$body" '	json_object *b = json_object_new_object();'
planted body "$body" '	json_object_object_add(b, "amount", m);'
planted body "$body" '	json_object *o = jarr(doc, "items");' mustnot
planted server-dep "$server_dep" '#include "server.h"'
planted server-dep "$server_dep" '#include "reply.h"' mustnot

[ $fail -eq 0 ] && echo "ok: the layers point one way: src/ and sandbox/ free of curses, src/ free of ui/," \
	"ui/ free of src/'s private headers, the transport and request bodies; money code is integer-only"
exit $fail
