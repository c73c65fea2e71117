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

# --- the config file: --config, BANKTERM_CONFIG, every problem with its file:line ----------------
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" --config "$tmp/none" accounts >/dev/null 2>"$tmp/err"; st=$?
check "--config naming no file is a usage error" 2 $st
grep -q "$tmp/none" "$tmp/err" || { echo "FAIL: --config: the missing file is not named: $(cat "$tmp/err")"; fail=1; }
BANKTERM_CONFIG="$tmp/none" "$bin" accounts >/dev/null 2>&1; st=$?
check "BANKTERM_CONFIG naming no file is a usage error" 2 $st
printf '%s\n' '[profile work' 'server = https://bank.example/v1' 'user = omar' 'idle_lock = soon' \
	'[profile home]' 'colour = blue' 'theme = purple' >"$tmp/config"
# After the command too, as scripts write global options.
"$bin" accounts --config "$tmp/config" >/dev/null 2>"$tmp/err"
want="$tmp/config:1: a section header must end with ']' and nothing after it
$tmp/config:1: so the 3 settings under it were not read
$tmp/config:6: unknown setting 'colour'
$tmp/config:7: theme is one of default|high-contrast|monochrome"
got=$(grep "$tmp/config:" "$tmp/err" | sed 's/^bankterm: //')
[ "$got" = "$want" ] && echo "ok: every config problem is said, with its file:line, and what a bad header cost" ||
	{ echo "FAIL: config problems: got '$got', want '$want'"; fail=1; }
BANKTERM_CONFIG="$tmp/config" "$bin" accounts >/dev/null 2>"$tmp/err2"
[ "$(grep -c "$tmp/config:" "$tmp/err2")" = 4 ] && echo "ok: ... and BANKTERM_CONFIG is read the same" ||
	{ echo "FAIL: BANKTERM_CONFIG: $(cat "$tmp/err2")"; fail=1; }
err=$("$bin" accounts --server http://127.0.0.1:1 --user nobody 2>&1 </dev/null)
case "$err" in *"is not an option"*) echo "FAIL: a global option after the command is refused: $err"; fail=1 ;;
*) echo "ok: global options are taken after the command too" ;; esac
"$bin" accounts --profile </dev/null >/dev/null 2>&1; st=$?
check "a global option after the command without its value is a usage error, not moved" 2 $st
# The example config that make install puts under the doc directory loads clean.
"$bin" --config "${top_srcdir:-.}/doc/config.example" accounts >/dev/null 2>"$tmp/err" </dev/null
grep -q "config.example:" "$tmp/err" && { echo "FAIL: doc/config.example has problems: $(cat "$tmp/err")"; fail=1; } ||
	echo "ok: doc/config.example loads without a problem"

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
