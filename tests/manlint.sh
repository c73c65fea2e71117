#!/bin/sh
# manlint.sh: every man page passes `mandoc -Tlint` with nothing to say.
set -u
top=${top_srcdir:-.}
if ! command -v mandoc >/dev/null 2>&1; then
	echo "SKIP: mandoc is not installed (./bootstrap installs it)"
	exit 77
fi
fail=0
for page in "$top"/man/*.[0-9]; do
	out=$(mandoc -Tlint "$page" 2>&1)
	if [ -n "$out" ]; then
		echo "FAIL: $page:"
		echo "$out"
		fail=1
	else
		echo "ok: $page"
	fi
done
exit $fail
