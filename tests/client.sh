#!/bin/sh
# client.sh: the bankterm command line against a real bankterm-sandbox on a
# free loopback port, with a real gnome-keyring-daemon in its own D-Bus
# session and a throwaway HOME: sign-in, the keyring, commands, errors, TLS.
set -u
bin=${top_builddir:-.}
for tool in dbus-run-session gnome-keyring-daemon secret-tool jq openssl; do
	command -v $tool >/dev/null 2>&1 || { echo "SKIP: $tool is missing (./bootstrap installs it)"; exit 77; }
done

# Run the rest inside a private D-Bus session with a fresh HOME.
if [ -z "${BT_IN_SESSION-}" ]; then
	home=$(mktemp -d)
	mkdir -m 700 "$home/run"
	BT_IN_SESSION=1 HOME=$home XDG_CONFIG_HOME=$home/.config XDG_STATE_HOME=$home/.local/state \
		XDG_DATA_HOME=$home/.local/share XDG_RUNTIME_DIR=$home/run \
		dbus-run-session -- sh "$0" "$@" 2>&1 | grep -v 'Failed to set fd limit'
	rc=$(cat "$home/rc" 2>/dev/null || echo 1)
	rm -rf "$home"
	exit "$rc"
fi
echo 1 >"$HOME/rc"
echo -n "keyring-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1

tmp=$(mktemp -d)
pid=
pid2=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "$pid2" ] && kill "$pid2" 2>/dev/null; rm -rf "$tmp"; }
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
start "$tmp/url" --seed demo --faults
pid=$started_pid
server=$(head -n 1 "$tmp/url")/v1
bt() { "$bin/bankterm" --server "$server" "$@"; }

# --- sign in: the refresh token goes to the keyring, the password nowhere ----------------
out=$(echo demo | bt --user alex --password-stdin login 2>&1); st=$?
expect "login with --password-stdin" 0 "$st"
contains "... says who is signed in" "Signed in as alex" "$out"
token=$(secret-tool lookup server "$server" username alex)
[ -n "$token" ] && ok "the keyring holds alex's session" || bad "no keyring entry after login"
out=$(bt --user alex accounts --json </dev/null); st=$?
expect "a new process needs no password: accounts --json" "0 4" "$st $(echo "$out" | jq '.items | length')"
expect "... Everyday first, in USD" "Everyday USD" "$(echo "$out" | jq -r '.items[0] | .name + " " + .currency')"
[ "$(secret-tool lookup server "$server" username alex)" != "$token" ] &&
	ok "each start stores the rotated refresh token" || bad "the stored token did not rotate"
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
out=$("$bin/tests/totp_now" "$alex_secret" | bt --user alex --password-stdin transfer 2500.00 --from Everyday \
	--payee "omar haddad" --yes --json 2>"$tmp/err"); st=$?
expect "a large payment asks for a code and goes with it" "0 completed" "$st $(echo "$out" | jq -r .status)"
contains "... the question says why" "one-time code" "$(cat "$tmp/err")"
echo demo | bt --user omar --password-stdin login >/dev/null 2>&1
out=$(bt --user omar transfer 1000.00 --from "Haddad Trading USD" --to "Haddad Trading EUR" --yes --json); st=$?
expect "a transfer into another currency goes through a quote" "0 USD EUR" \
	"$st $(echo "$out" | jq -r '.amount.currency + " " + .credit_amount.currency')"
expect "... and names it" true "$(echo "$out" | jq '.quote_id | startswith("fxq_")')"
out=$(bt --user alex transfer 10 --from Everyday --to Savings --on 2099-01-01 --every monthly --yes); st=$?
expect "a monthly transfer is scheduled" 0 "$st"
contains "... and says when" "2099-01-01" "$out"

# --- no payment lost or doubled: the answer is lost, the next run settles it ----------------------
arm() { curl -s -o /dev/null -X POST "$server/sandbox/faults" --data-binary "$1"; }
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

# --- one-time codes at sign-in (grace) -----------------------------------------------------
secret=$("$bin/bankterm-sandbox" --list-personas | awk '$1 == "grace" { print $3 }')
out=$(printf 'demo\n%s\n' "$("$bin/tests/totp_now" "$secret")" | bt --user grace --password-stdin login 2>&1); st=$?
expect "grace signs in with password and code" 0 "$st"
err=$(printf 'nope\n' | bt --user omar --password-stdin login 2>&1 >/dev/null); st=$?
expect "a wrong password is an authentication failure" 3 "$st"
contains "... in words" "not signed in" "$err"

# --- errors of the network and of trust ---------------------------------------------------------
err=$(echo demo | "$bin/bankterm" --server http://127.0.0.1:1/v1 --user alex --password-stdin login 2>&1); st=$?
expect "a bank that is down" 4 "$st"
contains "... says it cannot be reached" "cannot reach" "$err"
err=$("$bin/bankterm" --server http://bank.example/v1 --user alex accounts 2>&1 </dev/null); st=$?
expect "plain http to another host is refused" 4 "$st"
contains "... saying why" "plain http" "$err"
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

# --- no keyring: say so, ask each time, store nothing ------------------------------------------
out=$(echo demo | env -u DBUS_SESSION_BUS_ADDRESS -u XDG_RUNTIME_DIR "$bin/bankterm" --server "$server" \
	--user lin --password-stdin login 2>&1); st=$?
expect "without a keyring, login still works" 0 "$st"
contains "... and says the password will be asked each time" "no keyring is reachable" "$out"
env -u DBUS_SESSION_BUS_ADDRESS -u XDG_RUNTIME_DIR "$bin/bankterm" --server "$server" --user lin accounts \
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
last=$(secret-tool lookup server "$server" username alex)
bt --user alex logout >/dev/null 2>&1
expect "logout" 0 "$?"
expect "... deletes the keyring entry" "" "$(secret-tool lookup server "$server" username alex)"
bt --user alex accounts </dev/null >/dev/null 2>&1
expect "... and the next start is not signed in" 3 "$?"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$server/auth/refresh" --data-binary "{\"refresh_token\":\"$last\"}")
expect "... and the bank revoked the session" 401 "$code"

# --- nothing secret is left in files ---------------------------------------------------------------
if grep -rqs -e "$token" -e "$last" -e demo "$HOME" --exclude-dir=keyrings; then
	bad "a token or password is in a file under HOME"
else
	ok "no file under HOME holds a token or the password"
fi

echo "$passes passed, $fails failed"
[ $fails -eq 0 ] && echo 0 >"$HOME/rc"
