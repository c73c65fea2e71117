#!/bin/sh
# client.sh: the bankterm command line against a real bankterm-sandbox on a
# free loopback port, with a real gnome-keyring-daemon in its own D-Bus
# session and a throwaway HOME: sign-in, the keyring, commands, errors, TLS.
set -u
bin=${top_builddir:-.}
for tool in dbus-run-session dbus-monitor dbus-send gnome-keyring-daemon secret-tool keyctl strace jq openssl python3; do
	command -v $tool >/dev/null 2>&1 || { echo "SKIP: $tool is missing (./bootstrap installs it)"; exit 77; }
done

# The rest runs inside a private D-Bus session with a fresh HOME.
. "${top_srcdir:-.}/tests/keyring_session.sh"
keyring_session "$0" "$@"

tmp=$(mktemp -d)
pid=
pid2=
pid3=
cleanup() { for p in "$pid" "$pid2" "$pid3"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
fails=0
passes=0
ok() { passes=$((passes + 1)); echo "ok: $1"; }
bad() { fails=$((fails + 1)); echo "FAIL: $1"; }
expect() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$3', want '$2'"; fi; }
contains() { case "$3" in *"$2"*) ok "$1" ;; *) bad "$1: '$3' lacks '$2'" ;; esac; }

start() { # start OUTFILE ARGS...: a sandbox; sets $started_pid and prints its URL
	out=$1
	shift
	"$bin/bankterm-sandbox" "$@" >"$out" 2>"$out.err" &
	started_pid=$!
	for _ in $(seq 1 100); do [ -s "$out" ] && break; sleep 0.1; done
}
start "$tmp/url" --seed demo --faults --demo-controls
pid=$started_pid
server=$(head -n 1 "$tmp/url")/v1
bt() { "$bin/bankterm" --server "$server" "$@"; }

# --- sign in: the refresh token goes to the keyring, the password nowhere ----------------
out=$(echo demo | bt --user alex --password-stdin login 2>&1); st=$?
expect "login with --password-stdin" 0 "$st"
contains "... says who is signed in" "Signed in as alex" "$out"
# The address the sandbox prints (no path) is taken as it is: the API is at /v1.
expect "--server as bankterm-sandbox prints it, without /v1" 4 \
	"$("$bin/bankterm" --server "$(head -n 1 "$tmp/url")" --user alex accounts --json </dev/null | jq '.items | length')"
# --json for a script: login and logout say who, payees remove says which.
expect "login --json" "true alex" \
	"$(echo demo | bt --user alex login --password-stdin --json 2>/dev/null | jq -r '"\(.signed_in) \(.user)"')"
# As scripts write it (docker login --password-stdin, gh auth login --with-token): after the command.
out=$(echo demo | bt --user alex login --password-stdin 2>&1); st=$?
expect "login --password-stdin, the option after the command" "0" "$st"
contains "... signs in just the same" "Signed in as alex" "$out"
# The Secret Service holds the refresh token alone; the access token and its
# end are in the kernel's keyring (this login session's), in memory, and the
# kernel drops them when the token's life (15 minutes) ends.
entry=$(secret-tool lookup server "$server" username alex)
token=$(echo "$entry" | head -n 1)
[ -n "$token" ] && ok "the keyring holds alex's session" || bad "no keyring entry after login"
expect "... the refresh token alone" 1 "$(echo "$entry" | wc -l)"
kdesc="bankterm:access:${#server}:$server:alex"
kkey() { keyctl search @s user "$kdesc" 2>/dev/null; }
kid=$(kkey)
[ -n "$kid" ] && ok "the kernel's keyring holds the access token" || bad "no access token in the kernel's keyring"
access=$(keyctl pipe "$kid" 2>/dev/null | head -n 1)
expect "... the access token and its end (15 minutes on), nothing else" "2 yes" \
	"$(keyctl pipe "$kid" 2>/dev/null | awk -v now="$(date +%s)" 'END { print NR, ($0 - now > 840 && $0 - now <= 900) ? "yes" : $0 - now }')"
expect "... until the kernel drops it, with the token's life" 1 \
	"$(awk -v id="$(printf %08x "$kid")" '$1 == id && $4 ~ /^1[45]m$/' /proc/keys | wc -l)"
out=$(bt --user alex accounts --json </dev/null); st=$?
expect "a new process needs no password: accounts --json" "0 4" "$st $(echo "$out" | jq '.items | length')"
# While the kernel holds the access token, a start asks nothing of the Secret Service.
out=$(DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent bt --user alex accounts --json </dev/null 2>&1); st=$?
expect "... nor the Secret Service, while the kernel holds its access token" "0 4" \
	"$st $(echo "$out" | jq '.items | length' 2>/dev/null)"
# When the kernel drops it, a start trades the refresh token from the
# Secret Service for a new pair, and the kernel holds the new access token.
keyctl timeout "$kid" 1 >/dev/null
sleep 2
expect "... the kernel drops it at its timeout" "" "$(kkey)"
out=$(bt --user alex accounts --json </dev/null); st=$?
expect "after it expired: the start goes on through the Secret Service" "0 4" "$st $(echo "$out" | jq '.items | length')"
token2=$(secret-tool lookup server "$server" username alex)
[ -n "$token2" ] && [ "$token2" != "$token" ] && ok "... which traded the refresh token for a new one" ||
	bad "the refresh token did not rotate after the kernel's copy expired"
kid=$(kkey)
[ -n "$kid" ] && [ "$(keyctl pipe "$kid" | head -n 1)" != "$access" ] && ok "... and the kernel holds the new access token" ||
	bad "no new access token in the kernel's keyring"
# What is there that is not ours is passed over, and replaced.
printf 'junk' | keyctl padd user "$kdesc" @s >/dev/null
out=$(bt --user alex accounts --json </dev/null); st=$?
expect "a kernel key that is not an access token and its end: passed over" "0 4" \
	"$st $(echo "$out" | jq '.items | length')"
expect "... and replaced" 2 "$(keyctl pipe "$(kkey)" 2>/dev/null | awk 'END { print NR }')"
# Where the kernel keeps no keys (add_key and keyctl refused, as a
# container's filter does), the Secret Service holds all three, as before.
# (LeakSanitizer cannot run under ptrace.)
kt() {
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		strace -f -o /dev/null -e inject=add_key,keyctl:error=ENOSYS "$bin/bankterm" --server "$server" "$@"
}
echo demo | kt --user alex --password-stdin login >/dev/null 2>&1
entry=$(secret-tool lookup server "$server" username alex)
expect "without the kernel's keyring: the Secret Service holds the refresh token, the access token and its end" 3 \
	"$(echo "$entry" | wc -l)"
out=$(kt --user alex accounts --json </dev/null); st=$?
expect "... and a start uses them" "0 4" "$st $(echo "$out" | jq '.items | length')"
expect "... refreshing nothing (the entry is unchanged)" "$entry" "$(secret-tool lookup server "$server" username alex)"
# While its collection is unlocked the Secret Service is spoken to directly
# (secretsvc.c): a start in a new login session asks it what it needs, on
# one connection, and nothing else (libsecret asked eleven things).
echo demo | bt --user alex --password-stdin login >/dev/null 2>&1
token=$(secret-tool lookup server "$server" username alex | head -n 1)
dbus-monitor --session >"$tmp/monitor" 2>/dev/null &
mon=$!
sleep 0.5
keyctl session - "$bin/bankterm" --server "$server" --user alex accounts --json </dev/null >"$tmp/out" 2>/dev/null
st=$?
sleep 0.3
kill "$mon"
expect "a start in a new login session (no access token in its kernel keyring)" "0 4" \
	"$st $(grep -v '^Joined session keyring' "$tmp/out" | jq '.items | length')"
expect "... asks the keyring for the token and keeps its successor: five calls on the bus" \
	"Hello OpenSession SearchItems GetSecrets CreateItem" \
	"$(grep '^method call' "$tmp/monitor" | grep -v 'member=BecomeMonitor' | sed -n 's/.*member=\([A-Za-z]*\).*/\1/p' |
		tr '\n' ' ' | sed 's/ $//')"
expect "... in one connection" 1 "$(grep '^method call' "$tmp/monitor" | grep 'member=Hello' | wc -l)"
kept=$(secret-tool lookup server "$server" username alex | head -n 1)
[ -n "$kept" ] && [ "$kept" != "$token" ] && ok "... and libsecret reads the rotated token it kept" ||
	bad "the token kept directly is not one libsecret reads: '$kept'"
token=$kept
keyctl session - "$bin/bankterm" --server "$server" --user alex accounts --json </dev/null >"$tmp/out" 2>/dev/null
expect "... with which the next start in a new login session signs in" "0 4" \
	"$? $(grep -v '^Joined session keyring' "$tmp/out" | jq '.items | length')"
# libsecret is loaded only when the collection is locked (it asks the user
# to unlock it): one that cannot be loaded is said in words then, and the
# sign-in holds for this run only.
mkdir -p "$tmp/nolib" && : >"$tmp/nolib/libsecret-1.so.0"
err=$(echo demo | LD_LIBRARY_PATH="$tmp/nolib" bt --user alex --password-stdin login 2>&1 >/dev/null); st=$?
case "$st $err" in
"0 "*libsecret*) bad "without libsecret, an unlocked keyring: '$err'" ;;
"0 "*) ok "without libsecret, an unlocked keyring keeps the session all the same" ;;
*) bad "without libsecret, an unlocked keyring: status $st, '$err'" ;;
esac
[ -n "$(kkey)" ] && ok "... the access token in the kernel's keyring too" || bad "no access token after a login without libsecret"
lock() {
	dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
		org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null
}
lock
err=$(echo demo | LD_LIBRARY_PATH="$tmp/nolib" bt --user alex --password-stdin login 2>&1 >/dev/null); st=$?
expect "a locked keyring and a libsecret that cannot be loaded: signed in all the same" 0 "$st"
contains "... saying why nothing is kept" "libsecret could not be loaded" "$err"
expect "... and keeping nothing in the kernel either" "" "$(kkey)"
# With libsecret, a locked collection is asked to unlock (a prompt, which
# this session cannot show): said in the keyring's words.
err=$(echo demo | bt --user alex --password-stdin login 2>&1 >/dev/null); st=$?
expect "a locked keyring whose prompt cannot be shown: signed in all the same" 0 "$st"
contains "... saying the keyring failed" "the keyring failed" "$err"
# Unlocked again as at the start: the daemon replaced, the login keyring opened with its password.
printf 'keyring' | gnome-keyring-daemon --replace --unlock --components=secrets >/dev/null 2>&1
echo demo | bt --user alex --password-stdin login >/dev/null 2>&1
[ -n "$(secret-tool lookup server "$server" username alex)" ] && [ -n "$(kkey)" ] &&
	ok "unlocked again, a login keeps the session" || bad "after unlocking, the login kept nothing"
# A bus that answers badly (tests/fake_bus.py), with no libsecret to fall
# back on, so what is checked is secretsvc.c's own reading: each answer is
# refused before anything more is asked (no GetSecrets, no CreateItem), the
# sign-in holds, and the run does not wait.
for mode in garbage huge cut badkey badsig; do
	rm -f "$tmp/fake.sock" "$tmp/fake.out" "$tmp/fake.log"
	python3 "${top_srcdir:-.}/tests/fake_bus.py" "$tmp/fake.sock" "$mode" "$tmp/fake.log" >"$tmp/fake.out" 2>&1 &
	pid3=$!
	for _ in $(seq 1 50); do [ -s "$tmp/fake.out" ] && break; sleep 0.1; done
	t0=$(date +%s)
	err=$(echo demo | DBUS_SESSION_BUS_ADDRESS="unix:path=$tmp/fake.sock" LD_LIBRARY_PATH="$tmp/nolib" timeout 20 \
		keyctl session - "$bin/bankterm" --server "$server" --user alex --password-stdin login 2>&1 >/dev/null); st=$?
	kill "$pid3"
	wait "$pid3" 2>/dev/null
	pid3=
	expect "a bus that answers '$mode': signed in all the same, at once" "0 yes" "$st $([ $(($(date +%s) - t0)) -lt 10 ] && echo yes)"
	contains "... its answer refused (then libsecret is asked, here not loadable)" "libsecret could not be loaded" "$err"
	expect "... and nothing more asked of it" "" "$(grep -e GetSecrets -e CreateItem "$tmp/fake.log" 2>/dev/null)"
done
# Answers in another order than the calls (SearchItems' before OpenSession's):
# each is matched to its call; before, the first was dropped and the start
# waited 25 seconds, then said the keyring did not answer.
rm -f "$tmp/fake.sock" "$tmp/fake.out" "$tmp/fake.log"
python3 "${top_srcdir:-.}/tests/fake_bus.py" "$tmp/fake.sock" swapped "$tmp/fake.log" >"$tmp/fake.out" 2>&1 &
pid3=$!
for _ in $(seq 1 50); do [ -s "$tmp/fake.out" ] && break; sleep 0.1; done
t0=$(date +%s)
err=$(DBUS_SESSION_BUS_ADDRESS="unix:path=$tmp/fake.sock" LD_LIBRARY_PATH="$tmp/nolib" timeout 40 \
	keyctl session - "$bin/bankterm" --server "$server" --user alex accounts </dev/null 2>&1 >/dev/null); st=$?
kill "$pid3"
wait "$pid3" 2>/dev/null
pid3=
expect "answers out of order: the keyring's 'nothing found' is read, at once" "3 yes" \
	"$st $([ $(($(date +%s) - t0)) -lt 4 ] && echo yes)"
contains "... so the start asks for a login" "not signed in" "$err"
expect "... without calling the keyring failed" "" "$(echo "$err" | grep 'keyring failed')"
expect "... having asked the fake bus what a lookup asks" "Hello OpenSession SearchItems" "$(tr '\n' ' ' <"$tmp/fake.log" | sed 's/ $//')"
entry=$(secret-tool lookup server "$server" username alex)
token=$(echo "$entry" | head -n 1)
# Completion offers the names of accounts and payees from the session in the
# keyring, as bash quotes them; without one it offers none, and asks nothing.
tab() { # tab WORD...: what bash's TAB offers after "bankterm WORD..."
	PATH="$(cd "$bin" && pwd):$PATH" bash -c '. "$0"; COMP_WORDS=(bankterm "$@"); COMP_CWORD=$#; _bankterm
		printf "%s\n" "${COMPREPLY[@]}"' "${top_srcdir:-.}/src/completion/bankterm.bash" "$@" </dev/null |
		tr '\n' ' ' | sed 's/ $//'
}
expect "TAB after transactions offers alex's accounts" 'Everyday Savings Visa\ Credit Wallet' \
	"$(tab --server "$server" --user alex transactions '')"
expect "... matched in any case, an option's ACCOUNT too" 'Visa\ Credit' \
	"$(tab --server "$server" --user alex transfer 5 --from vi)"
expect "... and --payee offers the payees" 'Jamie\ Chen' "$(tab --server "$server" --user alex transfer 5 --payee J)"
expect "... payees remove too" 'Omar\ Haddad' "$(tab --server "$server" --user alex payees remove o)"
expect "... none for a user without a session in the keyring, and no password asked" "" \
	"$(tab --server "$server" --user grace transactions '')"
expect "... Everyday first, in USD" "Everyday USD" "$(echo "$out" | jq -r '.items[0] | .name + " " + .currency')"
expect "while the access token lasts, a start refreshes nothing (the entry is unchanged)" "$entry" \
	"$(secret-tool lookup server "$server" username alex)"
curl -s -o /dev/null -X POST "$server/sandbox/expire-access-tokens" -H 'Content-Type: application/json'
out=$(bt --user alex accounts --json </dev/null); st=$?
expect "an access token the bank let expire: the start refreshes on its 401 and goes on" "0 4" \
	"$st $(echo "$out" | jq '.items | length')"
[ "$(secret-tool lookup server "$server" username alex | head -n 1)" != "$token" ] &&
	ok "... and stores the rotated refresh token" || bad "the stored token did not rotate"
out=$(bt --user alex accounts </dev/null); st=$?
contains "accounts as a table" "Everyday" "$out"
contains "... with balances and their currency" " USD" "$out"

# --- transactions ---------------------------------------------------------------------------
out=$(bt --user alex transactions Everyday --limit 3 --json); st=$?
expect "transactions --limit 3" "0 3" "$st $(echo "$out" | jq '.items | length')"
out=$(bt --user alex transactions "visa credit" --all --json); st=$?
n=$(echo "$out" | jq '.items | length')
[ "$st" = 0 ] && [ "$n" -gt 200 ] && ok "--all pages through all $n" || bad "--all gave $st, $n rows"
expect "... newest first" true "$(echo "$out" | jq '[.items[].booked_at] | . == (sort | reverse)')"
out=$(bt --user alex transactions Everyday --search Salary --all --json)
expect "--search finds the salaries only" true \
	"$(echo "$out" | jq '(.items | length) > 10 and all(.items[]; .description | test("Salary"))')"
out=$(bt --user alex transactions Everyday --min 1000 --max 2000 --all --json)
expect "--min and --max bound the amount" true \
	"$(echo "$out" | jq '(.items | length) > 0 and all(.items[]; (.amount.minor | fabs) >= 100000 and (.amount.minor | fabs) <= 200000)')"
err=$(bt --user alex transactions Everyday --min 12,3 2>&1 >/dev/null); st=$?
expect "a typo in an amount is a usage error" 2 "$st"
contains "... that says what is wrong" "12,3" "$err"
err=$(bt --user alex transactions Nowhere 2>&1 >/dev/null); st=$?
expect "an unknown account" 1 "$st"
contains "... is named" "Nowhere" "$err"

# --- transfers: confirmation, step-up, conversion ---------------------------------------------
bal() { bt --user "$1" accounts --json </dev/null | jq -r ".items[] | select(.name == \"$2\") | .booked_balance.minor"; }
s0=$(bal alex Savings)
out=$(bt --user alex transfer 25.00 --from Everyday --to Savings --yes --json); st=$?
expect "a transfer between own accounts" "0 completed" "$st $(echo "$out" | jq -r .status)"
expect "... moves exactly the amount" $((s0 + 2500)) "$(bal alex Savings)"
err=$(bt --user alex transfer 5 --from Everyday --to Savings 2>&1 </dev/null); st=$?
expect "without a terminal it needs --yes" 2 "$st"
contains "... and says so" "--yes" "$err"
err=$(bt --user alex transfer 5 --from Everyday --to Savings --yes 2>&1 <&- ); st=$?
err=$(bt --user alex transfer 1.234 --from Everyday --to Savings --yes 2>&1); st=$?
expect "an amount with too many decimals is a usage error" 2 "$st"
err=$(bt --user alex transfer 5 EUR --from Everyday --to Savings --yes 2>&1); st=$?
expect "an amount in another currency than the account is refused" 2 "$st"
err=$(bt --user alex transfer 999999 --from Wallet --to Everyday --yes 2>&1); st=$?
expect "insufficient funds" 1 "$st"
contains "... in words" "not enough money" "$err"
alex_secret=$("$bin/bankterm-sandbox" --list-personas | awk '$1 == "alex" { print $3 }')
# fresh_code SECRET sets $code (not in a subshell, so the list of used codes
# persists): a code the bank accepts now and that was not used yet: each code works once,
# and those of the steps before and after are accepted too.
used_codes=
fresh_code() {
	while :; do
		while [ $(($(date +%s) % 30)) -gt 24 ]; do sleep 1; done
		for off in -30 0 30; do
			code=$("$bin/tests/totp_now" "$1" $off)
			case " $used_codes " in *" $code "*) continue ;; esac
			used_codes="$used_codes $code"
			return
		done
		# All three spent: the next step brings a new one.
		sleep 5
	done
}
fresh_code "$alex_secret"
out=$(printf 'demo\n%s\n' "$code" | bt --user alex --password-stdin transfer 2500.00 --from Everyday \
	--payee "omar haddad" --yes --json 2>"$tmp/err"); st=$?
expect "a large payment asks for a code and goes with it" "0 completed" "$st $(echo "$out" | jq -r .status)"
contains "... the question says why" "one-time code" "$(cat "$tmp/err")"
fresh_code "$alex_secret"
out=$(printf 'demo\n%s\n' "$code" | bt --user alex --password-stdin transfer 12.00 --from Everyday --new-payee "Sam Okafor" \
	--iban "GB82 WEST 1234 5698 7654 32" --yes --json 2>"$tmp/err"); st=$?
expect "a transfer to a new payee saves it (with a code) and pays it" "0 completed" "$st $(echo "$out" | jq -r .status)"
expect "... the payee is saved" 1 "$(bt --user alex payees --json </dev/null | jq '[.items[] | select(.name == "Sam Okafor")] | length')"
expect "payees remove --json says which" "Sam Okafor" \
	"$(bt --user alex payees remove "Sam Okafor" --json </dev/null 2>/dev/null | jq -r .name)"
bt --user alex transfer 1 --from Everyday --new-payee X --iban GB00WEST12345698765432 --yes </dev/null >/dev/null 2>&1
expect "... but not with a wrong IBAN" 2 "$?"
echo demo | bt --user omar --password-stdin login >/dev/null 2>&1
out=$(bt --user omar transfer 1000.00 --from "Haddad Trading USD" --to "Haddad Trading EUR" --yes --json); st=$?
expect "a transfer into another currency goes through a quote" "0 USD EUR" \
	"$st $(echo "$out" | jq -r '.amount.currency + " " + .credit_amount.currency')"
expect "... and names it" true "$(echo "$out" | jq '.quote_id | startswith("fxq_")')"
out=$(bt --user alex transfer 10 --from Everyday --to Savings --on 2099-01-01 --every monthly --yes); st=$?
expect "a monthly transfer is scheduled" 0 "$st"
contains "... and says when" "2099-01-01" "$out"
# The scheduled ones are listed (soonest first, where each goes, how often) and cancelled.
out=$(bt --user alex transfers </dev/null 2>&1)
contains "transfers lists the scheduled one: day, amount, destination, rule" "2099-01-01  10.00 USD  Savings  every month" "$out"
out=$(bt --user alex transfers --json </dev/null)
sid=$(echo "$out" | jq -r '[.items[] | select(.next_run | startswith("2099-01-01"))][0].id')
expect "transfers --json names the destination" "Savings monthly" \
	"$(echo "$out" | jq -r "[.items[] | select(.id == \"$sid\")][0] | .to + \" \" + .recurrence")"
expect "transfers --csv: a header and a row each" "$(($(echo "$out" | jq '.items | length') + 1))" \
	"$(bt --user alex transfers --csv </dev/null | wc -l)"
bt --user alex transfers cancel "$sid" </dev/null >/dev/null 2>"$tmp/err"
expect "transfers cancel without a terminal or --yes is a usage error" 2 "$?"
bt --user alex transfers cancel "$(echo "$sid" | cut -c1-10)" --yes </dev/null >/dev/null 2>"$tmp/err"
expect "transfers cancel ID --yes (a unique start of the ID)" 0 "$?"
contains "... says what was cancelled" "Cancel the transfer of 10.00 USD to Savings, next on 2099-01-01 (every month): done." "$(cat "$tmp/err")"
expect "... and it is gone" 0 "$(bt --user alex transfers --json </dev/null | jq "[.items[] | select(.id == \"$sid\")] | length")"
bt --user alex transfers --frob </dev/null >/dev/null 2>&1
expect "transfers rejects an option that is not its own" 2 "$?"

# --- no payment lost or doubled: the answer is lost, the next run settles it ----------------------
arm() { curl -s -o /dev/null -X POST "$server/sandbox/faults" -H 'Content-Type: application/json' --data-binary "$1"; }
s0=$(bal alex Savings)
# Every attempt dropped after the bank committed (libcurl may retry a reused
# connection once more than bankterm's three attempts); then disarmed.
arm '{"method":"POST","path":"/v1/transfers","fault":"drop-after","count":8}'
err=$(bt --user alex transfer 7.00 --from Everyday --to Savings --yes 2>&1); st=$?
arm '{"method":"POST","path":"/v1/transfers","fault":"drop-after","count":0}'
expect "when every answer is lost the outcome is unknown" 6 "$st"
contains "... and it says so" "outcome is unknown" "$err"
intents=$XDG_STATE_HOME/bankterm/intents
expect "the intent is written down, readable by its owner only" "1 600" \
	"$(ls "$intents" | wc -l) $(stat -c %a "$intents"/*.json 2>/dev/null)"
err=$(bt --user alex accounts 2>&1 >/dev/null </dev/null)
contains "the next run reports the outcome" "went through" "$err"
expect "... forgets the intent" 0 "$(ls "$intents" | wc -l)"
expect "... and the money moved exactly once" $((s0 + 700)) "$(bal alex Savings)"
s0=$(bal alex Savings)
arm '{"method":"POST","path":"/v1/transfers","fault":"delay=1500","count":1}'
"$bin/bankterm" --server "$server" --user alex transfer 3.00 --from Everyday --to Savings --yes >/dev/null 2>&1 &
victim=$!
# The intent is written just before the request leaves: kill once it is there.
for _ in $(seq 1 100); do [ -n "$(ls "$intents")" ] && break; sleep 0.05; done
sleep 0.3
kill -9 $victim 2>/dev/null
wait $victim 2>/dev/null
sleep 1.5
expect "killed while the bank works, the intent remains" 1 "$(ls "$intents" | wc -l)"
err=$(bt --user alex accounts 2>&1 >/dev/null </dev/null)
contains "... the next run reports it went through" "went through" "$err"
expect "... exactly once" $((s0 + 300)) "$(bal alex Savings)"

# Every attempt dropped before it reached the bank: the next runs ask the bank
# (GET /idempotency-keys/KEY), are told it never arrived, and never send it
# unasked; not even a --yes given to another command sends it.
s0=$(bal alex Savings)
arm '{"method":"POST","path":"/v1/transfers","fault":"drop-before","count":8}'
bt --user alex transfer 4.00 --from Everyday --to Savings --yes >/dev/null 2>&1 </dev/null; st=$?
arm '{"method":"POST","path":"/v1/transfers","fault":"drop-before","count":0}'
expect "every attempt dropped before it arrived: the outcome is unknown" "6 1" "$st $(ls "$intents" | wc -l)"
err=$(bt --user alex accounts 2>&1 >/dev/null </dev/null)
contains "the next command is told it never reached the bank" "never reached the bank" "$err"
contains "... with its age" "1 minute ago" "$err"
contains "... and, with nobody to ask, how to decide" "pending" "$err"
bt --user alex transfer 1.00 --from Everyday --to Savings --yes >/dev/null 2>&1 </dev/null
expect "a --yes to a new transfer does not send the old one" "$((s0 + 100)) 1" \
	"$(bal alex Savings) $(ls "$intents" | wc -l)"
out=$(bt --user alex pending --json </dev/null)
expect "pending lists it" "1 Send 4.00" "$(echo "$out" | jq -r '(.items | length | tostring) + " " + .items[0].summary[0:9]')"
id=$(echo "$out" | jq -r '.items[0].id' | cut -c1-8)
setsid -w "$bin/bankterm" --server "$server" --user alex pending send "$id" </dev/null >/dev/null 2>&1
expect "pending send with nobody to say yes sends nothing" "1 $((s0 + 100))" \
	"$(ls "$intents" | wc -l) $(bal alex Savings)"
bt --user alex pending send "${id}x" --yes </dev/null >/dev/null 2>&1
expect "pending send with an ID that names none is a usage error" 2 "$?"
err=$(bt --user alex pending send "$id" --yes 2>&1 </dev/null); st=$?
expect "pending send --yes sends it, once" "0 $((s0 + 500)) 0" "$st $(bal alex Savings) $(ls "$intents" | wc -l)"
contains "... and says so" "sent: Send 4.00" "$err"
# The same, dropped; then one older than the bank keeps keys: said, never sent.
arm '{"method":"POST","path":"/v1/transfers","fault":"drop-before","count":8}'
bt --user alex transfer 2.00 --from Everyday --to Savings --yes >/dev/null 2>&1 </dev/null
bt --user alex transfer 3.00 --from Everyday --to Savings --yes >/dev/null 2>&1 </dev/null
arm '{"method":"POST","path":"/v1/transfers","fault":"drop-before","count":0}'
s0=$(bal alex Savings)
id=$(bt --user alex pending --json </dev/null | jq -r '.items[] | select(.summary | startswith("Send 2.00")) | .id')
bt --user alex pending drop "$id" --yes </dev/null >/dev/null 2>&1
expect "pending drop forgets it, unsent" "0 1 $s0" "$? $(ls "$intents" | wc -l) $(bal alex Savings)"
old=$(ls "$intents"/*.json)
jq -c '.created_at -= 8 * 86400' "$old" >"$tmp/old" && cat "$tmp/old" >"$old"
err=$(bt --user alex accounts 2>&1 >/dev/null </dev/null)
contains "an intent older than the bank keeps keys is reported" "can no longer be checked" "$err"
expect "... forgotten and never sent" "0 $s0" "$(ls "$intents" | wc -l) $(bal alex Savings)"

# --- every other command, with --json, and their errors ----------------------------------------------
j() { bt --user alex "$@" --json </dev/null 2>"$tmp/err"; }
out=$(j payees); expect "payees --json" 2 "$(echo "$out" | jq '.items | length')"
fresh_code "$alex_secret"
out=$(printf 'demo\n%s\n' "$code" | bt --user alex --password-stdin payees add \
	"Brightwave Inc" "GB33 BUKB 2020 1555 5555 55" USD --json 2>/dev/null); st=$?
expect "payees add, confirmed with a code" "0 GB33BUKB20201555555555" "$st $(echo "$out" | jq -r .iban)"
bt --user alex payees add Mallory GB00BUKB20201555555555 USD </dev/null >/dev/null 2>"$tmp/err"
expect "payees add with a bad IBAN" 1 "$?"
contains "... says it is no IBAN, before asking the bank" "is not an IBAN" "$(cat "$tmp/err")"
bt --user alex payees remove "Brightwave Inc" </dev/null 2>/dev/null
expect "payees remove" "0 2" "$? $(j payees | jq '.items | length')"
out=$(bt --user alex quote "100 USD" --to EUR --json </dev/null); st=$?
expect "quote --json" "0 EUR USD" "$st $(echo "$out" | jq -r '.buy.currency + " " + .fee.currency')"
out=$(j bills); bill=$(echo "$out" | jq -r '[.items[] | select(.status == "overdue")][0].id')
expect "bills --json shows the overdue bill" bill_ "$(echo "$bill" | cut -c1-5)"
out=$(bt --user alex bills pay "$bill" --from Everyday --yes --json </dev/null); st=$?
expect "bills pay" "0 paid" "$st $(echo "$out" | jq -r .status)"
bt --user alex bills pay "$bill" --from Everyday --yes </dev/null >/dev/null 2>"$tmp/err"
expect "a paid bill cannot be paid twice" 1 "$?"
contains "... in words" "paid already" "$(cat "$tmp/err")"
out=$(bt --user alex bills autopay "$bill" on --from Everyday --json </dev/null)
expect "bills autopay on" true "$(echo "$out" | jq .autopay)"
# Names wherever ids are: the biller's name in any case, an offer's title, a
# catalogue item's name; what is typed never goes into a URL.
out=$(j bills); name=$(echo "$out" | jq -r '[.items[] | select(.status != "paid")][0].biller.name')
upper=$(echo "$name" | tr 'a-z' 'A-Z')
out=$(bt --user alex bills pay "$upper" --from Everyday --yes --json 2>"$tmp/err" </dev/null); st=$?
expect "bills pay by the biller's name, in any case" "0 paid $name" "$st $(echo "$out" | jq -r '.status + " " + .biller.name')"
expect "... and nothing is left pending" 0 "$(ls "$intents" | wc -l)"
out=$(bt --user alex bills autopay "$name" off --json </dev/null 2>"$tmp/err"); st=$?
expect "bills autopay by name" "0 false" "$st $(echo "$out" | jq .autopay)"
bt --user alex bills pay "Nobody/../../accounts?x=1 #" --from Everyday --yes </dev/null >/dev/null 2>"$tmp/err"
expect "a name that is no bill is an error, in words" "1" "$?"
contains "... naming what was typed" "no bill has the ID or biller 'Nobody/../../accounts?x=1 #'" "$(cat "$tmp/err")"
expect "... and nothing is pending" 0 "$(ls "$intents" | wc -l)"
title=$(j offers | jq -r '.items[0].title')
out=$(bt --user alex offers dismiss "$title" --json </dev/null 2>"$tmp/err"); st=$?
expect "offers dismiss by title" "0 dismissed" "$st $(echo "$out" | jq -r .status)"
e0=$(bal alex Everyday)
out=$(bt --user alex points redeem "statement credit worth 10 us dollars" --yes --json </dev/null 2>"$tmp/err"); st=$?
expect "points redeem by name, without --to: into the current account" "0 $((e0 + 1000))" "$st $(bal alex Everyday)"
bt --user alex points redeem "1,000 airline miles" --to Everyday --yes </dev/null >/dev/null 2>"$tmp/err"
expect "--to for an item that is no credit is a usage error" 2 "$?"
out=$(j wallet); w0=$(echo "$out" | jq .balance.minor)
out=$(bt --user alex wallet top-up 20 --card 4417 --yes --json </dev/null); st=$?
expect "wallet top-up" "0 $((w0 + 2000))" "$st $(echo "$out" | jq .wallet_balance.minor)"
bt --user alex wallet withdraw 9000 --to Everyday --yes </dev/null >/dev/null 2>"$tmp/err"
expect "a withdrawal above the balance" 1 "$?"
contains "... says there is not enough" "not enough money" "$(cat "$tmp/err")"
out=$(j points); pts=$(echo "$out" | jq .balance)
expect "points --json" gold "$(echo "$out" | jq -r .tier)"
expect "points history --json" 3 "$(bt --user alex points history --limit 3 --json </dev/null | jq '.items | length')"
expect "points catalog --json" true "$(bt --user alex points catalog --json </dev/null | jq '.items | length > 3')"
out=$(bt --user alex points redeem cat_credit_10 --to Everyday --yes --json </dev/null); st=$?
expect "points redeem" "0 1000 $((pts - 1000))" "$st $(echo "$out" | jq .credit.minor) $(echo "$out" | jq .balance_after)"
out=$(j offers); offer=$(echo "$out" | jq -r '.items[0].id')
expect "offers --json, with reasons" true "$(echo "$out" | jq '.items[0].reason | startswith("You spent")')"
out=$(bt --user alex offers dismiss "$offer" --json </dev/null)
expect "offers dismiss" dismissed "$(echo "$out" | jq -r .status)"
expect "... and it is gone" 0 "$(j offers | jq "[.items[] | select(.id == \"$offer\")] | length")"
month=$(date -u -d "$(date -u +%Y-%m-15) -1 month" +%Y-%m)
out=$(bt --user alex insights --month "$month" --json </dev/null)
expect "insights --json" "$month" "$(echo "$out" | jq -r .month)"
expect "insights --csv starts with its header, an amount a number and its currency" \
	"category,amount,amount_currency,share_percent,previous,previous_currency,change_percent" \
	"$(bt --user alex insights --month "$month" --csv </dev/null | head -n 1 | tr -d '\r')"
expect "bills --csv: the amount a plain number, the currency a column of its own" "yes" \
	"$(bt --user alex bills --csv </dev/null | tr -d '\r' | awk -F, 'NR > 1 && !($3 ~ /^-?[0-9]+(\.[0-9]+)?$/ && $4 ~ /^[A-Z][A-Z][A-Z]$/) { bad = 1 } END { print bad ? "no" : "yes" }')"
# wallet --csv: one table (a header once), the wallet's row and one a linked card.
out=$(bt --user alex wallet --csv </dev/null | tr -d '\r')
expect "wallet --csv is one table: one header, the wallet, its card" "1 kind,id,label,balance,balance_currency,currency wallet card" \
	"$(echo "$out" | grep -c '^kind,') $(echo "$out" | head -n 1) $(echo "$out" | sed -n 2p | cut -d, -f1) $(echo "$out" | sed -n 3p | cut -d, -f1)"
bt --user alex insights --month 2026-13 </dev/null >/dev/null 2>"$tmp/err"
expect "insights for a month that does not exist" 1 "$?"
expect "limits --json" USD "$(j limits | jq -r '.items[0].currency')"
out=$(bt --user alex limits set "3000 USD" --json </dev/null)
expect "limits set lower, at once" 300000 "$(echo "$out" | jq '.items[0].daily.minor')"
fresh_code "$alex_secret"
out=$(printf 'demo\n%s\n' "$code" | bt --user alex --password-stdin limits set "8000 USD" --json 2>/dev/null)
expect "limits set higher, with a code" 800000 "$(echo "$out" | jq '.items[0].daily.minor')"
out=$(bt --user alex feedback --rating 4 --flow transfer --comment "clear" --json </dev/null)
expect "feedback" 4 "$(echo "$out" | jq .rating)"
bt --user alex feedback --rating 9 </dev/null >/dev/null 2>&1
expect "a rating of 9 is a usage error" 2 "$?"
expect "notifications --json" true "$(j notifications | jq '.items | length > 0')"
# Its ids are the ones `notifications read ID` takes: a script marks one alert read.
nid=$(j notifications | jq '[.items[] | select(.read == false)][0].id')
bt --user alex notifications read "$nid" </dev/null >/dev/null 2>&1
expect "notifications --json gives the id that read takes" "0 true" \
	"$? $(j notifications | jq "[.items[] | select(.id == $nid)][0].read")"
timeout 8 "$bin/bankterm" --server "$server" --user alex notifications --follow >"$tmp/follow" 2>&1 &
follower=$!
sleep 1.5
bt --user alex transfer 1.50 --from Everyday --to Savings --yes >/dev/null 2>&1
for _ in $(seq 1 50); do grep -q "Transfer to Savings" "$tmp/follow" && break; sleep 0.1; done
kill $follower 2>/dev/null
wait $follower 2>/dev/null
contains "notifications --follow shows a new one as it arrives" "Transfer to Savings" "$(cat "$tmp/follow")"

# An access token that expires while bankterm runs is refreshed once, on the 401.
timeout 12 "$bin/bankterm" --server "$server" --user alex notifications --follow >"$tmp/follow" 2>&1 &
follower=$!
sleep 1.5
curl -s -o /dev/null -X POST "$server/sandbox/expire-access-tokens" -H 'Content-Type: application/json'
bt --user alex transfer 1.25 --from Everyday --to Savings --yes >/dev/null 2>&1
for _ in $(seq 1 50); do grep -q "1.25" "$tmp/follow" && break; sleep 0.1; done
curl -s -o /dev/null -X POST "$server/sandbox/expire-access-tokens" -H 'Content-Type: application/json'
sleep 0.5
bt --user alex transfer 1.75 --from Everyday --to Savings --yes >/dev/null 2>&1
for _ in $(seq 1 50); do grep -q "1.75" "$tmp/follow" && break; sleep 0.1; done
kill $follower 2>/dev/null
wait $follower 2>/dev/null
contains "an access token expired under a running command is refreshed, and it carries on" "-1.75 USD" \
	"$(cat "$tmp/follow")"

# --- export: a ledger journal hledger accepts, OFX that parses, CSV that reads back ----------------
tok=$(curl -s -X POST "$server/auth/token" -H 'Content-Type: application/json' --data-binary '{"username":"alex","password":"demo"}' | jq -r .access_token)
visa=$(j accounts | jq -r '.items[] | select(.kind == "credit") | .id')
curl -s -o /dev/null -X POST "$server/sandbox/card-payments" -H 'Content-Type: application/json' -H "Authorization: Bearer $tok" -H "Idempotency-Key: evil1" \
	--data-binary "{\"account_id\":\"$visa\",\"merchant\":\"=HYPERLINK(\\\"x\\\"); a,b  *c\",\"category\":\"shop;ping\",\"amount\":{\"minor\":1234,\"currency\":\"USD\"}}"
curl -s -o /dev/null -X POST "$server/sandbox/card-payments" -H 'Content-Type: application/json' -H "Authorization: Bearer $tok" -H "Idempotency-Key: evil2" \
	--data-binary "{\"account_id\":\"$visa\",\"merchant\":\"Café <Zoë> & 北京\",\"category\":\"dining\",\"amount\":{\"minor\":4321,\"currency\":\"USD\"}}"
booked=$(j accounts | jq -r '.items[] | select(.kind == "credit") | .booked_balance.minor')
count=$(bt --user alex transactions "Visa Credit" --all --json </dev/null | jq '.items | length')
bt --user alex export "Visa Credit" --format ledger --output "$tmp/visa.journal" </dev/null 2>/dev/null
expect "export --format ledger writes a file, readable by its owner only" 600 "$(stat -c %a "$tmp/visa.journal")"
# Journals, read by the programs they are for: every account and commodity
# declared (hledger --strict, ledger --pedantic, bean-check), each account's
# balance the bank's, a transfer between one's own accounts one transaction
# (in both currencies for omar's conversion), the opening balances from
# Equity; the names above (";", double spaces, a formula, "< & >", Chinese) in them.
echo demo | bt --user lin --password-stdin login >/dev/null 2>&1
for who in alex omar lin; do
	for f in ledger beancount; do
		bt --user $who export --all --format $f --output "$tmp/$who.$f" </dev/null 2>"$tmp/err" ||
			bad "export --all --format $f for $who: $(cat "$tmp/err")"
	done
	hledger -f "$tmp/$who.ledger" check --strict >"$tmp/hl" 2>&1
	expect "$who: hledger check --strict accepts the --all journal" "0" "$?$(head -n 3 "$tmp/hl")"
	ledger --pedantic -f "$tmp/$who.ledger" balance >"$tmp/led" 2>&1
	expect "$who: ledger --pedantic accepts it" "0" "$?$(grep -i -m3 error "$tmp/led")"
	bean-check "$tmp/$who.beancount" >"$tmp/bean" 2>&1
	expect "$who: bean-check accepts the beancount journal" "0" "$?$(head -n 3 "$tmp/bean")"
	# Each account's balance in the journal is the one the bank has.
	want=$(bt --user $who accounts --json </dev/null | jq -r '.items[] | "\(.name)|\(.booked_balance.minor)"' | sort)
	got=$(for name in $(bt --user $who accounts --json </dev/null | jq -r '.items[] | @base64'); do
		n=$(echo "$name" | base64 -d | jq -r .name)
		k=$(echo "$name" | base64 -d | jq -r 'if .kind == "credit" then "Liabilities:Credit" else "Assets:Bank" end')
		v=$(hledger -f "$tmp/$who.ledger" balance -N --flat "^$k:$(printf '%s' "$n" | sed 's/[][\\.*^$()+?{}|]/\\&/g')\$" |
			awk '{ gsub(/,/, "", $1); sub(/\./, "", $1); print $1 + 0; exit }')
		echo "$n|$v"
	done | sort)
	expect "$who: every account's balance in the journal is the bank's" "$want" "$got"
	expect "$who: each transfer between own accounts is there once" "" \
		"$(grep -o '; transfer:.*' "$tmp/$who.ledger" | sort | uniq -d)"
	expect "$who: the opening balances come from Equity, not Income" "yes no" \
		"$(hledger -f "$tmp/$who.ledger" accounts | grep -qx 'Equity:Opening Balances' && echo yes || echo no) $(hledger -f "$tmp/$who.ledger" register 'Income' desc:'Opening balance' | grep -q . && echo yes || echo no)"
done
# alex's monthly savings: from Everyday to Savings, not an expense and an income.
expect "a transfer between own accounts is one transaction between the two, not an expense and an income" "yes " \
	"$(hledger -f "$tmp/alex.ledger" register 'Assets:Bank:Savings' desc:'Monthly savings' | grep -q . && echo yes) $(hledger -f "$tmp/alex.ledger" register 'Expenses|Income' desc:'Monthly savings')"
expect "omar's conversion: one transaction, in both currencies" "1" \
	"$(grep -c 'Assets:Bank:Haddad Trading USD  -1000.00 USD @@ [0-9.]* EUR' "$tmp/omar.ledger")"
expect "lin's account named in Chinese has a beancount name of its own" "1" \
	"$(grep -c '^[0-9-]* open Assets:Bank:Account-' "$tmp/lin.beancount")"
# Exported again into the same file: only what is new is added.
cp "$tmp/alex.ledger" "$tmp/alex.before"
err=$(bt --user alex export --all --format ledger --output "$tmp/alex.ledger" </dev/null 2>&1)
expect "exported again into the same journal: nothing added" "same" "$(cmp -s "$tmp/alex.ledger" "$tmp/alex.before" && echo same)"
contains "... and it says so" "0 new transactions added" "$err"
bt --user alex transfer 1.23 --from Everyday --to Savings --yes </dev/null >/dev/null 2>&1
bt --user alex export Savings --format ledger --output "$tmp/alex.ledger" </dev/null >/dev/null 2>&1
expect "... a new transfer, once, even from the other account's side" "1" \
	"$(($(grep -c '; transfer:' "$tmp/alex.ledger") - $(grep -c '; transfer:' "$tmp/alex.before")))"
hledger -f "$tmp/alex.ledger" check --strict >/dev/null 2>&1
expect "... and the journal still passes hledger --strict" 0 "$?"
bt --user alex export --all --format beancount --output "$tmp/alex.beancount" </dev/null >/dev/null 2>&1
bean-check "$tmp/alex.beancount" >/dev/null 2>&1
expect "... and beancount's, added to, still passes bean-check" 0 "$?"
printf 'date,amount\n2026-01-01,1\n' >"$tmp/not.journal"
bt --user alex export --all --format ledger --output "$tmp/not.journal" </dev/null >/dev/null 2>"$tmp/err"
expect "a file that is not such a journal is refused, and left as it was" "2 date,amount" \
	"$? $(head -n 1 "$tmp/not.journal")"
bt --user alex export --all --format ledger --output "$tmp/alex.beancount" </dev/null >/dev/null 2>&1
expect "... a beancount journal too, for a ledger export" 2 "$?"
bt --user alex export --all --format csv </dev/null >/dev/null 2>&1
expect "--all writes journals only (a usage error for CSV)" 2 "$?"
bt --user alex export "Visa Credit" --format ofx --output "$tmp/visa.ofx" </dev/null 2>/dev/null
# The header (OFX 1.6, naming UTF-8), then the body, whose every element is closed.
expect "export --format ofx: its header names UTF-8" "ENCODING:UTF-8" "$(grep -a -m1 '^ENCODING:' "$tmp/visa.ofx" | tr -d '\r')"
sed -n '/^<OFX>/,$p' "$tmp/visa.ofx" >"$tmp/visa-body.xml"
xmllint --noout "$tmp/visa-body.xml" 2>"$tmp/xml"
expect "... and its body is well-formed" 0 "$?"
expect "... with every transaction" "$count" "$(xmllint --xpath 'count(//STMTTRN)' "$tmp/visa-body.xml")"
expect "... and the ledger balance" "$booked" "$(xmllint --xpath 'string(//LEDGERBAL/BALAMT)' "$tmp/visa-body.xml" | tr -d '.')"
# Debian's python3-ofxparse is for Debian's python3.
debpy=/usr/bin/python3
[ -x "$debpy" ] || debpy=python3
if $debpy -c 'import ofxparse' 2>/dev/null; then
	# python3-ofxparse, as GnuCash's and beancount's importers use it: non-ASCII and markup included.
	got=$($debpy -c '
import sys, ofxparse
s = ofxparse.OfxParser.parse(open(sys.argv[1], "rb")).account.statement
names = [t.payee for t in s.transactions]
print(len(s.transactions), str(s.balance).replace(".", ""), "Café <Zoë> & 北京" in names)' "$tmp/visa.ofx" 2>&1)
	expect "python3-ofxparse reads it: every transaction, the balance, a name in UTF-8 with < & >" "$count $booked True" "$got"
else
	bad "python3-ofxparse is missing (./bootstrap installs it)"
fi
if command -v ofxdump >/dev/null 2>&1; then
	# libofx checks it against the OFX DTD, as money programs that import it do.
	ofxdump "$tmp/visa.ofx" >"$tmp/ofxdump" 2>&1
	expect "libofx reads the statement without an error" 0 "$(grep -c 'LibOFX ERROR' "$tmp/ofxdump")"
	expect "... and finds every transaction" "$count" "$(grep -c 'ofx_proc_transaction' "$tmp/ofxdump")"
else
	bad "ofxdump is missing (./bootstrap installs it)"
fi
bt --user alex export "Visa Credit" >"$tmp/visa.csv" </dev/null 2>/dev/null
read_back=$(sqlite3 :memory: ".import --csv $tmp/visa.csv t" \
	"SELECT count(*), sum(CAST(replace(amount, '.', '') AS INTEGER)) FROM t" | tr '|' ' ')
expect "export --format csv reads back: every row, the same total" "$count $booked" "$read_back"
expect "... quotes, commas and a formula come back as text" "'=HYPERLINK(\"x\"); a,b  *c" \
	"$(sqlite3 :memory: ".import --csv $tmp/visa.csv t" "SELECT description FROM t WHERE amount = '-12.34' AND description LIKE '%HYPERLINK%'")"
out=$(bt --user alex export Everyday --format json --from 2026-01-01 --to 2026-01-31 </dev/null)
expect "export --format json honours the dates" true \
	"$(echo "$out" | jq '[.items[].booked_at | startswith("2026-01")] | all')"
expect "accounts --csv" "id,kind,name,currency,available,booked 5" \
	"$(bt --user alex accounts --csv </dev/null | head -n 1 | tr -d '\r') $(bt --user alex accounts --csv </dev/null | wc -l)"
expect "transactions --csv: a header and a row each" 6 "$(bt --user alex transactions Everyday --limit 5 --csv </dev/null | wc -l)"
bt --user alex export Everyday --format pdf </dev/null >/dev/null 2>&1
expect "an unknown format is a usage error" 2 "$?"
bt --user alex accounts </dev/null >/dev/full 2>"$tmp/err"
expect "accounts > /dev/full fails, saying why" "1 yes" "$? $(grep -q 'cannot write the output' "$tmp/err" && echo yes)"
# --output: "-" is standard output; a link is followed and stays a link; a pipe is written into.
expect "export --output - writes to standard output, no file named '-'" "yes no" \
	"$(absbin=$(cd "$bin" && pwd); cd "$tmp" && "$absbin/bankterm" --server "$server" --user alex export Everyday --output - </dev/null 2>/dev/null |
		head -n 1 | grep -q '^date,amount' && echo yes) $([ -e "$tmp/-" ] && echo yes || echo no)"
ln -s "$tmp/real.csv" "$tmp/link.csv"
bt --user alex export Everyday --output "$tmp/link.csv" </dev/null >/dev/null 2>&1
expect "--output through a symlink: the link stays, the file it names is written" "link yes" \
	"$([ -L "$tmp/link.csv" ] && echo link) $(head -n 1 "$tmp/real.csv" | grep -q '^date,amount' && echo yes)"
mkfifo "$tmp/fifo"
timeout 20 cat "$tmp/fifo" >"$tmp/from-fifo" &
bt --user alex export Everyday --output "$tmp/fifo" </dev/null >/dev/null 2>&1
wait $!
expect "--output into a FIFO: written into, still a FIFO" "fifo yes" \
	"$([ -p "$tmp/fifo" ] && echo fifo) $(head -n 1 "$tmp/from-fifo" | grep -q '^date,amount' && echo yes)"
mkdir "$tmp/adir"
bt --user alex export Everyday --output "$tmp/adir" </dev/null >/dev/null 2>"$tmp/err"
expect "--output naming a directory is refused, in words" "2 yes" "$? $(grep -q 'not a file' "$tmp/err" && echo yes)"

# --- a session revoked elsewhere: a clear error, and the stale token is dropped ------------------------
echo demo | bt --user lin --password-stdin login >/dev/null 2>&1
lin_token=$(secret-tool lookup server "$server" username lin | head -n 1)
curl -s -o /dev/null -X POST "$server/auth/logout" -H 'Content-Type: application/json' --data-binary "{\"refresh_token\":\"$lin_token\"}"
bt --user lin accounts </dev/null >/dev/null 2>"$tmp/err"
expect "a session ended at the bank is 'not signed in'" 3 "$?"
contains "... in words" "not signed in" "$(cat "$tmp/err")"
expect "... and its token leaves the keyring" "" "$(secret-tool lookup server "$server" username lin)"

# --- one-time codes at sign-in (grace) -----------------------------------------------------
secret=$("$bin/bankterm-sandbox" --list-personas | awk '$1 == "grace" { print $3 }')
code=$("$bin/tests/totp_now" "$secret")
out=$(printf 'demo\n%s\n' "$code" | bt --user grace --password-stdin login 2>&1); st=$?
expect "grace signs in with password and code" 0 "$st"
err=$(printf 'demo\n%s\n' "$code" | bt --user grace --password-stdin login 2>&1 >/dev/null); st=$?
expect "the same code again is an authentication failure" 3 "$st"
contains "... that says to wait for the next code" "wait for the next one" "$err"
err=$(printf 'nope\n' | bt --user omar --password-stdin login 2>&1 >/dev/null); st=$?
expect "a wrong password is an authentication failure" 3 "$st"
contains "... naming the cause, not a session that ended" "the username or the password is not right" "$err"
err=$(printf 'demo\n000000\n' | bt --user grace --password-stdin login 2>&1 >/dev/null); st=$?
expect "a wrong one-time code is an authentication failure" 3 "$st"
contains "... naming the code" "one-time code is not" "$err"

# --- errors of the network and of trust ---------------------------------------------------------
err=$(echo demo | "$bin/bankterm" --server http://127.0.0.1:1/v1 --user alex --password-stdin login 2>&1); st=$?
expect "a bank that is down" 4 "$st"
contains "... says it cannot be reached" "cannot reach" "$err"
err=$(echo demo | "$bin/bankterm" --server http://192.0.2.1:9/v1 --user alex --password-stdin login 2>&1); st=$?
expect "plain http to another host is refused" 4 "$st"
contains "... saying why" "refusing plain http to 192.0.2.1:" "$err"
# Loopback is the address connected to, not a name's spelling: in a mount
# namespace of its own, 127.0.0.1.evil.test is made to lead to this
# machine's other address, where a listener notes what arrives.
ip=$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9]+(\.[0-9]+){3}$' | grep -v '^127\.' | head -n 1)
if [ -z "$ip" ] || ! unshare -m true 2>/dev/null || ! command -v python3 >/dev/null; then
	bad "no second address, mount namespace or python3 here to test plain http by address"
else
	python3 -c '
import socket, sys
s = socket.socket(); s.bind(("0.0.0.0", 0)); s.listen(4)
print(s.getsockname()[1], flush=True)
s.settimeout(20)
with open(sys.argv[1], "ab") as got:
    while True:
        try: c, _ = s.accept()
        except Exception: break
        c.settimeout(2)
        try: got.write(c.recv(65536)); got.flush()
        except Exception: pass
        c.close()
' "$tmp/got" >"$tmp/port" &
	lpid=$!
	for _ in $(seq 1 50); do [ -s "$tmp/port" ] && break; sleep 0.1; done
	printf '%s 127.0.0.1.evil.test\n' "$ip" >"$tmp/hosts"
	err=$(echo demo | unshare -m sh -c 'mount --bind "$1" /etc/hosts && shift && exec "$@"' sh "$tmp/hosts" \
		"$bin/bankterm" --server "http://127.0.0.1.evil.test:$(cat "$tmp/port")/v1" --user alex --password-stdin login 2>&1); st=$?
	kill "$lpid" 2>/dev/null
	wait "$lpid" 2>/dev/null
	expect "plain http to a name spelled like loopback but leading elsewhere is refused" 4 "$st"
	contains "... naming where it leads" "refusing plain http to 127.0.0.1.evil.test ($ip)" "$err"
	expect "... and nothing reached that address, the password least of all" 0 "$(wc -c <"$tmp/got" 2>/dev/null || echo 0)"
fi
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/key.pem" -out "$tmp/cert.pem" -days 1 \
	-subj /CN=localhost -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1
start "$tmp/url2" --seed demo --tls-cert "$tmp/cert.pem" --tls-key "$tmp/key.pem"
pid2=$started_pid
tls=$(head -n 1 "$tmp/url2")/v1
err=$(echo demo | "$bin/bankterm" --server "$tls" --user alex --password-stdin login 2>&1); st=$?
expect "a certificate that is not trusted is refused" 4 "$st"
contains "... with a hint" "--cacert" "$err"
echo demo | "$bin/bankterm" --server "$tls" --cacert "$tmp/cert.pem" --user alex --password-stdin login >/dev/null 2>&1
expect "... and trusted through --cacert" 0 "$?"
kill "$pid2"
pid2=

# --- export streams: its memory does not grow with the history ---------------------------------
# alex's Archive Checking holds 20000 rows here; Everyday a few hundred.  An
# export writes each page as it comes, so both take about the same memory.
# (Under AddressSanitizer its quarantine of freed memory is switched off for
# the measure: it would count what was freed.)
start "$tmp/url3" --seed demo --seed-large 20000
pid3=$started_pid
big=$(head -n 1 "$tmp/url3")/v1
peak() { # peak ACCOUNT [OPTION...]: the export's peak RSS in KiB
	python3 -c '
import resource, subprocess, sys
subprocess.run(sys.argv[1:], input=b"demo\n", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
' env -u DBUS_SESSION_BUS_ADDRESS -u XDG_RUNTIME_DIR ASAN_OPTIONS=quarantine_size_mb=0:thread_local_quarantine_size_kb=0 \
		"$bin/bankterm" --server "$big" --user alex --password-stdin \
		export "$@" --format json --output "$tmp/big.json"
}
# Pages of up to 1,000 rows either way: what differs is the history's length.
small=$(peak "Archive Checking" --from "$(date -u -d '-60 days' +%F)")
rows=$(jq '.items | length' "$tmp/big.json")
large=$(peak "Archive Checking")
expect "export of 20000 rows is whole" 20000 "$(jq '.items | length' "$tmp/big.json")"
[ "$rows" -ge 2000 ] && [ "$large" -le $((small + 2048)) ] &&
	ok "export streams: 20000 rows peak at $large KiB, $rows rows at $small KiB" ||
	bad "export memory grows with the history: $large KiB for 20000 rows, $small KiB for $rows"
kill "$pid3"
pid3=

# --- no keyring: say so, ask each time, store nothing ------------------------------------------
out=$(echo demo | env -u DBUS_SESSION_BUS_ADDRESS -u XDG_RUNTIME_DIR "$bin/bankterm" --server "$server" \
	--user lin --password-stdin login 2>&1); st=$?
expect "without a keyring, login still works" 0 "$st"
contains "... and says the password will be asked each time" "no keyring is reachable" "$out"
env -u DBUS_SESSION_BUS_ADDRESS -u XDG_RUNTIME_DIR "$bin/bankterm" --server "$server" --user lin accounts \
	</dev/null >/dev/null 2>&1
expect "... so the next start is not signed in" 3 "$?"
# --password-stdin reads the same lines in the same order, keyring or not:
# the password, then a code when the bank asks (here for a new payee).
fresh_code "$alex_secret"
out=$(printf 'demo\n%s\n' "$code" | env -u DBUS_SESSION_BUS_ADDRESS -u XDG_RUNTIME_DIR "$bin/bankterm" \
	--server "$server" --user alex --password-stdin payees add "Emma Whitfield" "DE89 3704 0044 0532 0130 00" EUR --json 2>"$tmp/err")
expect "without a keyring, --password-stdin: the password, then the code, as with one" "DE89370400440532013000" \
	"$(echo "$out" | jq -r .iban)"
bt --user alex payees remove "Emma Whitfield" </dev/null >/dev/null 2>&1
# password_command (as msmtp's passwordeval): scripts sign in without a keyring and without a prompt.
printf '[profile p]\nserver = %s\nuser = lin\npassword_command = printf "demo\\n"\n' "$server" >"$tmp/pc.conf"
out=$(env -u DBUS_SESSION_BUS_ADDRESS -u XDG_RUNTIME_DIR "$bin/bankterm" --config "$tmp/pc.conf" accounts --json </dev/null 2>/dev/null)
expect "without a keyring, password_command signs in, no terminal needed" 4 "$(echo "$out" | jq '.items | length')"
# A password manager prints more than the password: the first line is it, the rest is read and wiped.
printf '[profile p]\nserver = %s\nuser = lin\npassword_command = printf "demo\\n"; sleep 0.2; seq 1 20000\n' "$server" >"$tmp/pc.conf"
env -u DBUS_SESSION_BUS_ADDRESS -u XDG_RUNTIME_DIR "$bin/bankterm" --config "$tmp/pc.conf" accounts </dev/null >/dev/null 2>&1
expect "... one that prints more lines after the password" 0 "$?"
printf '[profile p]\nserver = %s\nuser = lin\npassword_command = echo oops >&2; exit 3\n' "$server" >"$tmp/pc.conf"
env -u DBUS_SESSION_BUS_ADDRESS -u XDG_RUNTIME_DIR "$bin/bankterm" --config "$tmp/pc.conf" accounts </dev/null >/dev/null 2>"$tmp/err"
expect "... one that fails is an authentication failure, said with its status" "3 yes" \
	"$? $(grep -q 'password_command gave no password (exit status 3)' "$tmp/err" && echo yes)"

# A D-Bus session with no Secret Service on it (nothing can start one): the
# keyring is not asked ahead; the first store fails, is said, and is the last.
cat >"$tmp/bare-bus.conf" <<EOF
<busconfig>
  <type>session</type>
  <listen>unix:dir=$tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default"><allow send_destination="*"/><allow own="*"/></policy>
</busconfig>
EOF
out=$(echo demo | dbus-run-session --config-file="$tmp/bare-bus.conf" -- "$bin/bankterm" --server "$server" \
	--user lin --password-stdin login 2>&1); st=$?
expect "with a bus but no keyring on it, login still works" 0 "$st"
contains "... and says why nothing is kept" "the keyring failed" "$out"
contains "... and that each run signs in anew" "each run signs in anew" "$out"
dbus-run-session --config-file="$tmp/bare-bus.conf" -- "$bin/bankterm" --server "$server" --user lin accounts \
	</dev/null >/dev/null 2>&1
expect "... so the next start is not signed in" 3 "$?"

# --- the config file: profiles, overrides, and a broken line that does not stop the rest -----------
mkdir -p "$XDG_CONFIG_HOME/bankterm"
cat >"$XDG_CONFIG_HOME/bankterm/config" <<EOF
default_profile = demo
[profile demo]
server = $server
this line is broken
user = alex
[profile other]
server = $server
user = lin
EOF
out=$("$bin/bankterm" accounts --json 2>"$tmp/err" </dev/null); st=$?
expect "the default profile needs no --server or --user" "0 Everyday" "$st $(echo "$out" | jq -r '.items[0].name')"
contains "a broken config line is named by file and line" "config:4:" "$(cat "$tmp/err")"
"$bin/bankterm" --profile nope accounts >/dev/null 2>"$tmp/err" </dev/null
expect "an unknown profile is a usage error" 2 "$?"
contains "... naming it" "nope" "$(cat "$tmp/err")"
echo demo | "$bin/bankterm" --profile other --password-stdin login >/dev/null 2>&1
out=$("$bin/bankterm" --profile other accounts --json 2>/dev/null </dev/null)
expect "--profile picks another" "Everyday HKD" "$(echo "$out" | jq -r '.items[0].name')"
rm "$XDG_CONFIG_HOME/bankterm/config"

# --- sign out --------------------------------------------------------------------------------------
last=$(secret-tool lookup server "$server" username alex | head -n 1)
expect "logout --json" "true alex" "$(bt --user alex logout --json 2>/dev/null | jq -r '"\(.signed_out) \(.user)"')"
expect "... deletes the keyring entry" "" "$(secret-tool lookup server "$server" username alex)"
expect "... and the kernel's access token" "" "$(kkey)"
bt --user alex accounts </dev/null >/dev/null 2>&1
expect "... and the next start is not signed in" 3 "$?"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$server/auth/refresh" -H 'Content-Type: application/json' --data-binary "{\"refresh_token\":\"$last\"}")
expect "... and the bank revoked the session" 401 "$code"

# --- nothing secret is left in files ---------------------------------------------------------------
if grep -rqs -e "$token" -e "$last" -e demo "$HOME" --exclude-dir=keyrings; then
	bad "a token or password is in a file under HOME"
else
	ok "no file under HOME holds a token or the password"
fi

# A sandbox that died mid-run explains the failures after it: show why.
if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
	bad "the sandbox died during the test; its stderr:"
	tail -n 60 "$tmp/url.err"
fi
echo "$passes passed, $fails failed"
[ $fails -eq 0 ] && echo 0 >"$HOME/rc"
