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

exit $fail
