#!/bin/sh
# cli.sh: the program's global options and exit codes, as bankterm(1) documents them.
set -u
bin=${top_builddir:-.}/bankterm
fail=0

check() { # check NAME WANT_STATUS GOT_STATUS
	if [ "$2" -ne "$3" ]; then
		echo "FAIL: $1: exit status $3, want $2"
		fail=1
	else
		echo "ok: $1"
	fi
}

out=$("$bin" --version); st=$?
check "--version exits 0" 0 $st
case "$out" in "bankterm "[0-9]*) ;; *) echo "FAIL: --version printed '$out'"; fail=1 ;; esac

out=$("$bin" --help); st=$?
check "--help exits 0" 0 $st
case "$out" in *"Usage: bankterm"*) ;; *) echo "FAIL: --help has no usage line"; fail=1 ;; esac

err=$("$bin" frobnicate 2>&1 >/dev/null); st=$?
check "an unknown command is a usage error" 2 $st
case "$err" in *"unknown command 'frobnicate'"*) ;; *) echo "FAIL: no message naming the command: $err"; fail=1 ;; esac

"$bin" --no-such-option >/dev/null 2>&1; st=$?
check "an unknown option is a usage error" 2 $st

# --demo-date: a day that exists, and only with --demo (before any bank starts).
err=$("$bin" --demo --demo-date 2026-02-30 accounts 2>&1 >/dev/null); st=$?
check "--demo-date of a day that does not exist is a usage error" 2 $st
case "$err" in *"'2026-02-30'"*) ;; *) echo "FAIL: --demo-date: no message naming the day: $err"; fail=1 ;; esac
"$bin" --demo-date 2026-11-30 accounts >/dev/null 2>&1; st=$?
check "--demo-date without --demo is a usage error" 2 $st

# The demo bank on a fixed day: the same balances on every run.
a=$("$bin" --demo --demo-date 2026-11-30 accounts --csv 2>&1)
b=$("$bin" --demo --demo-date 2026-11-30 accounts --csv 2>&1)
[ -n "$a" ] && [ "$(echo "$a" | cut -d, -f1-4)" = "$(echo "$b" | cut -d, -f1-4)" ] && echo "ok: --demo-date: two runs show the same balances" ||
	{ echo "FAIL: --demo-date: two runs differ: '$a' / '$b'"; fail=1; }
# A month with nothing spent: one line with the month before, not a table of zeros.
out=$("$bin" --demo --demo-date 2026-11-30 insights --month 2026-12 2>&1); st=$?
check "insights of a month without spending" 0 $st
case "$out" in "Nothing spent (the month before: "*" USD).") echo "ok: ... is one line that says so" ;;
*) echo "FAIL: insights of a month without spending printed '$out'"; fail=1 ;; esac

exit $fail
