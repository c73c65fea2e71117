#!/bin/sh
# api-doc.sh: doc/api.yaml is a valid OpenAPI 3 document (checked by a
# third-party validator), and it describes exactly what the sandbox serves:
# every route in it, and nothing the sandbox does not serve.
set -u
top=${top_srcdir:-.}
bin=${top_builddir:-.}
doc=$top/doc/api.yaml
if ! command -v validate-api >/dev/null 2>&1; then
	echo "SKIP: validate-api is missing (./bootstrap installs it from npm)"
	exit 77
fi
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if validate-api "$doc" >"$tmp/v" 2>&1 && grep -q '"valid": true' "$tmp/v"; then
	echo "ok: doc/api.yaml is valid OpenAPI"
else
	echo "FAIL: doc/api.yaml is not valid OpenAPI:"
	cat "$tmp/v"
	fail=1
fi

# "METHOD /v1/path" for every operation the document describes.
awk '
	/^  \/[^ ]*:$/ { path = substr($1, 1, length($1) - 1); next }
	/^[^ ]/ { path = "" }
	path != "" && /^    (get|put|post|delete|patch):/ {
		m = toupper(substr($1, 1, length($1) - 1)); print m " /v1" path
	}' "$doc" | sort >"$tmp/doc"
"$bin/bankterm-sandbox" --routes | sort >"$tmp/served"
[ -s "$tmp/served" ] || { echo "FAIL: --routes printed nothing"; fail=1; }
missing=$(comm -23 "$tmp/served" "$tmp/doc")
extra=$(comm -13 "$tmp/served" "$tmp/doc")
if [ -n "$missing" ]; then
	echo "FAIL: served but not in doc/api.yaml:"
	echo "$missing"
	fail=1
fi
if [ -n "$extra" ]; then
	echo "FAIL: in doc/api.yaml but not served:"
	echo "$extra"
	fail=1
fi
[ -z "$missing$extra" ] && echo "ok: doc/api.yaml describes the $(wc -l <"$tmp/served") routes served, no more"
exit $fail
