#!/bin/sh
# sandbox.sh: the real bankterm-sandbox on a free loopback port, driven over
# real HTTP with curl: logins, tokens, accounts, transactions, transfers,
# idempotency, injected faults, rate limits, concurrency and the ledger check.
set -u
bin=${top_builddir:-.}
sandbox=$bin/bankterm-sandbox
for tool in curl jq sqlite3; do
	command -v $tool >/dev/null 2>&1 || { echo "SKIP: $tool is missing (./bootstrap installs it)"; exit 77; }
done

tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
fails=0
passes=0
ok() { passes=$((passes + 1)); echo "ok: $1"; }
bad() { fails=$((fails + 1)); echo "FAIL: $1"; }
expect() { # expect NAME WANT GOT
	if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$3', want '$2'"; fi
}

# --- start: URL on the first line of stdout --------------------------------------
start_ms=$(date +%s%3N)
"$sandbox" --seed demo --db "$tmp/bank.db" --faults --log "$tmp/requests.log" >"$tmp/url" 2>"$tmp/err" &
pid=$!
for _ in $(seq 1 100); do [ -s "$tmp/url" ] && break; sleep 0.1; done
url=$(head -n 1 "$tmp/url")
case "$url" in
http://127.0.0.1:[0-9]*) ok "prints its URL first ($url)" ;;
*) bad "no URL on stdout: '$url' $(cat "$tmp/err")"; exit 1 ;;
esac

# req METHOD PATH [BODY] [HEADER...]: body to $tmp/body, status to $status
req() {
	m=$1 p=$2
	shift 2
	body=${1-}
	[ $# -gt 0 ] && shift
	set -- -s -o "$tmp/body" -w '%{http_code}' -X "$m" "$url$p" "$@"
	[ -n "$body" ] && set -- "$@" -H 'Content-Type: application/json' --data-binary "$body"
	status=$(curl "$@")
}
field() { jq -r "$1" "$tmp/body"; }
login() { # login USER: sets $token (and $status)
	req POST /v1/auth/token "{\"username\":\"$1\",\"password\":\"demo\"}"
	token=$(field .access_token)
}

login alex
alex=$token
expect "alex signs in" 200 "$status"
echo "seeded and answering: $(($(date +%s%3N) - start_ms)) ms after start"
A="Authorization: Bearer $alex"

# --- auth errors ---------------------------------------------------------------------
req POST /v1/auth/token '{"username":"alex","password":"nope"}'
expect "a wrong password is 401" 401 "$status"
expect "... with the code unauthorized" unauthorized "$(field .code)"
expect "... as problem+json" "application/problem+json" \
	"$(curl -s -o /dev/null -w '%{content_type}' -X POST "$url/v1/auth/token" --data-binary '{"username":"x","password":"y"}')"
req GET /v1/me
expect "no token is 401" 401 "$status"
req GET /v1/me "" -H "Authorization: Bearer forged-token"
expect "a forged token is 401" 401 "$status"
req POST /v1/auth/token '{"username":"alex"}'
expect "a missing field is 400" 400 "$status"
expect "... naming the field" password "$(field .field)"
req POST /v1/auth/token '{"username":"alex","password":"demo"'
expect "truncated JSON is 400" 400 "$status"
req POST /v1/auth/token '{"username":5,"password":"demo"}'
expect "a mistyped field is 400" "400 username" "$status $(field .field)"

# --- profile and accounts --------------------------------------------------------------
req GET /v1/me "" -H "$A"
expect "/me is alex" "200 alex" "$status $(field .username)"
req GET /v1/accounts "" -H "$A"
expect "alex has four accounts" 4 "$(field '.items | length')"
expect "... Everyday first, in USD" "Everyday USD" "$(field '.items[0] | .name + " " + .currency')"
everyday=$(field '.items[0].id')
savings=$(field '.items[1].id')
balance() { req GET "/v1/accounts/$1" "" -H "$A"; field .booked_balance.minor; }
b0=$(balance "$everyday")
s0=$(balance "$savings")

login omar
omar=$token
req GET /v1/accounts "" -H "Authorization: Bearer $omar"
omar_acc=$(field '.items[0].id')
req GET "/v1/accounts/$omar_acc" "" -H "$A"
expect "another customer's account is 404" 404 "$status"
req GET "/v1/accounts/$omar_acc/transactions" "" -H "$A"
expect "... and so are its transactions" 404 "$status"

# --- transactions: pages, filters, ETag ------------------------------------------------
req GET "/v1/accounts/$everyday/transactions?limit=5" "" -H "$A"
expect "a page of five" "200 5" "$status $(field '.items | length')"
first_ids=$(field '[.items[].id] | join(",")')
cursor=$(field .next_cursor)
req GET "/v1/accounts/$everyday/transactions?limit=5&cursor=$cursor" "" -H "$A"
second_ids=$(field '[.items[].id] | join(",")')
[ "$status" = 200 ] && [ -n "$second_ids" ] && [ "$first_ids" != "$second_ids" ] &&
	ok "the cursor gives the next page" || bad "the cursor gave '$second_ids' after '$first_ids'"
req GET "/v1/accounts/$everyday/transactions?cursor=garbage" "" -H "$A"
expect "a forged cursor is 400" 400 "$status"
req GET "/v1/accounts/$everyday/transactions?from=2026-02-30" "" -H "$A"
expect "an impossible date is 400" 400 "$status"
req GET "/v1/accounts/$everyday/transactions?limit=0" "" -H "$A"
expect "limit 0 is 400" 400 "$status"
req GET "/v1/accounts/$everyday/transactions?q=salary&limit=200" "" -H "$A"
expect "search finds only salaries" true "$(field '[.items[].description | test("Salary")] | all and length > 10')"
req GET "/v1/accounts/$everyday/transactions?min_amount=100000&limit=200" "" -H "$A"
expect "an amount range filters" true "$(field '[.items[].amount.minor | fabs >= 100000] | all and length > 0')"
req GET "/v1/accounts/$everyday/transactions?category=housing&limit=200" "" -H "$A"
expect "a category filters" true "$(field '[.items[].category == "housing"] | all and length > 0')"
etag=$(curl -s -D - -o /dev/null "$url/v1/accounts/$everyday/transactions?limit=5" -H "$A" | tr -d '\r' | sed -n 's/^ETag: //Ip')
expect "an unchanged page is 304" 304 \
	"$(curl -s -o /dev/null -w '%{http_code}' "$url/v1/accounts/$everyday/transactions?limit=5" -H "$A" -H "If-None-Match: $etag")"

# --- transfers and idempotency ------------------------------------------------------------
t25="{\"from_account\":\"$everyday\",\"to_account\":\"$savings\",\"amount\":{\"minor\":2500,\"currency\":\"USD\"},\"reference\":\"test\"}"
req POST /v1/transfers "$t25" -H "$A"
expect "a transfer needs an Idempotency-Key" "400 idempotency_key_required" "$status $(field .code)"
req POST /v1/transfers "$t25" -H "$A" -H "Idempotency-Key: k-1"
expect "a transfer is made" "201 completed" "$status $(field .status)"
cp "$tmp/body" "$tmp/first"
req POST /v1/transfers "$t25" -H "$A" -H "Idempotency-Key: k-1"
expect "the same key replays" 201 "$status"
cmp -s "$tmp/body" "$tmp/first" && ok "... byte for byte" || bad "the replay differs"
expect "money moved once" "$((b0 - 2500)) $((s0 + 2500))" "$(balance "$everyday") $(balance "$savings")"
req POST /v1/transfers "$(echo "$t25" | sed 's/2500/2600/')" -H "$A" -H "Idempotency-Key: k-1"
expect "the same key with another body is 409" "409 idempotency_conflict" "$status $(field .code)"
req POST /v1/transfers "$(echo "$t25" | sed 's/2500/999999999999/')" -H "$A" -H "Idempotency-Key: k-2"
expect "too little money is 422" "422 insufficient_funds" "$status $(field .code)"
req POST /v1/transfers "$(echo "$t25" | sed 's/"USD"/"EUR"/')" -H "$A" -H "Idempotency-Key: k-3"
expect "a currency mismatch is 422" "422 currency_mismatch" "$status $(field .code)"
req POST /v1/transfers "$(echo "$t25" | sed 's/2500/-5/')" -H "$A" -H "Idempotency-Key: k-4"
expect "a negative amount is 400" 400 "$status"
req POST /v1/transfers "$(echo "$t25" | sed "s/$everyday/$omar_acc/")" -H "$A" -H "Idempotency-Key: k-5"
expect "sending from another's account is 404" 404 "$status"
expect "refused transfers moved nothing" "$((b0 - 2500)) $((s0 + 2500))" "$(balance "$everyday") $(balance "$savings")"

# A fault drops the connection after the commit; the retry with the same key settles it.
curl -s -o /dev/null -X POST "$url/v1/transfers" -H "$A" -H 'Idempotency-Key: k-drop' \
	-H 'X-Sandbox-Fault: drop-after' --data-binary "$t25"
expect "drop-after-commit: the client sees no answer" 52 $?
req POST /v1/transfers "$t25" -H "$A" -H "Idempotency-Key: k-drop"
expect "... the retry gets the settled answer" "201 completed" "$status $(field .status)"
curl -s -o /dev/null -X POST "$url/v1/transfers" -H "$A" -H 'Idempotency-Key: k-drop2' \
	-H 'X-Sandbox-Fault: drop-before' --data-binary "$t25"
req POST /v1/transfers "$t25" -H "$A" -H "Idempotency-Key: k-drop2"
expect "drop-before-commit: the retry makes it" 201 "$status"
expect "each dropped transfer moved exactly once" "$((b0 - 7500)) $((s0 + 7500))" \
	"$(balance "$everyday") $(balance "$savings")"
req GET /v1/accounts "" -H "$A" -H "X-Sandbox-Fault: status=503"
expect "an injected 503" 503 "$status"
req GET /v1/transfers "" -H "$A"
expect "the transfer list holds the three" 3 "$(field '[.items[] | select(.reference == "test")] | length')"

# --- the sandbox clock runs scheduled and recurring transfers, each once ----------------
b1=$(balance "$everyday")
s1=$(balance "$savings")
in2=$(date -u -d "@$(($(date -u +%s) + 2 * 86400))" +%F)
sched() { # sched KEY EXTRA-JSON
	req POST /v1/transfers "{\"from_account\":\"$everyday\",\"to_account\":\"$savings\",\"amount\":{\"minor\":$2,\"currency\":\"USD\"},\"reference\":\"$1\",\"execute_on\":\"$in2\"$3}" \
		-H "$A" -H "Idempotency-Key: $1"
}
sched once 1000 ""
expect "a dated transfer is scheduled" "201 scheduled" "$status $(field .status)"
sched monthly 300 ',"recurrence":"monthly"'
expect "a monthly one too" "201 scheduled monthly" "$status $(field .status) $(field .recurrence)"
monthly_id=$(field .id)
sched cancelme 7 ""
cancel_id=$(field .id)
req DELETE "/v1/transfers/$cancel_id" "" -H "$A"
expect "a scheduled transfer can be cancelled" "200 cancelled" "$status $(field .status)"
req DELETE "/v1/transfers/$cancel_id" "" -H "$A"
expect "... but not twice" "409 not_cancellable" "$status $(field .code)"
expect "scheduling moves nothing yet" "$b1 $s1" "$(balance "$everyday") $(balance "$savings")"
req POST /v1/transfers "{\"from_account\":\"$everyday\",\"to_account\":\"$savings\",\"amount\":{\"minor\":1,\"currency\":\"USD\"},\"execute_on\":\"2020-01-01\"}" -H "$A" -H "Idempotency-Key: past"
expect "a date in the past is refused" "400 execute_on" "$status $(field .field)"
req POST /v1/sandbox/clock '{"advance_seconds":-60}'
expect "the clock never goes back" "400 advance_seconds" "$status $(field .field)"
req POST /v1/sandbox/clock "{\"advance_seconds\":$((29 * 86400))}"
expect "a month forward runs the one-off and the monthly one" "200 2" "$status $(field .transfers_run)"
req POST /v1/sandbox/clock '{"advance_seconds":0}'
expect "... and running again finds nothing due" 0 "$(field .transfers_run)"
expect "each moved money exactly once" "$((b1 - 1300)) $((s1 + 1300))" "$(balance "$everyday") $(balance "$savings")"
req GET "/v1/transfers/$monthly_id" "" -H "$A"
expect "the monthly one ran once and waits for its next date" "scheduled 1 completed" \
	"$(field '.status + " " + (.runs | tostring) + " " + .last_outcome')"
req GET /v1/sandbox/clock
expect "the clock reads 29 days ahead" $((29 * 86400)) "$(field .offset_seconds)"

# --- HTTP edges ---------------------------------------------------------------------
req GET /v1/nowhere "" -H "$A"
expect "an unknown path is 404" 404 "$status"
req DELETE /v1/accounts "" -H "$A"
expect "a wrong method is 405" 405 "$status"
head -c 70000 /dev/zero | tr '\0' 'a' >"$tmp/big"
expect "a huge body is 413" 413 \
	"$(curl -s -o /dev/null -w '%{http_code}' -X POST "$url/v1/auth/token" --data-binary @"$tmp/big")"

# --- refresh rotation, reuse detection, logout --------------------------------------
req POST /v1/auth/token '{"username":"alex","password":"demo"}'
r1=$(field .refresh_token)
req POST /v1/auth/refresh "{\"refresh_token\":\"$r1\"}"
expect "a refresh gives a new pair" 200 "$status"
r2=$(field .refresh_token)
a2=$(field .access_token)
req POST /v1/auth/refresh "{\"refresh_token\":\"$r1\"}"
expect "a spent refresh token is refused" 401 "$status"
req POST /v1/auth/refresh "{\"refresh_token\":\"$r2\"}"
expect "... and its reuse ends the whole login" 401 "$status"
req GET /v1/me "" -H "Authorization: Bearer $a2"
expect "... access tokens included" 401 "$status"
req POST /v1/auth/token '{"username":"alex","password":"demo"}'
r3=$(field .refresh_token)
a3=$(field .access_token)
req POST /v1/auth/logout "{\"refresh_token\":\"$r3\"}"
expect "logout" 200 "$status"
req GET /v1/me "" -H "Authorization: Bearer $a3"
expect "after logout the access token is dead" 401 "$status"

# --- one-time codes (grace) ------------------------------------------------------------
secret=$("$sandbox" --list-personas | awk '$1 == "grace" { print $3 }')
req POST /v1/auth/token '{"username":"grace","password":"demo"}'
expect "grace is asked for a code" "401 mfa_required" "$status $(field .code)"
challenge=$(field .challenge)
req POST /v1/auth/mfa "{\"challenge\":\"$challenge\",\"code\":\"000000\"}"
[ "$status" = 401 ] && ok "a wrong code is refused" || bad "a wrong code gave $status"
code=$("$bin/tests/totp_now" "$secret")
req POST /v1/auth/mfa "{\"challenge\":\"$challenge\",\"code\":\"$code\"}"
expect "the right code signs grace in" 200 "$status"
req POST /v1/auth/token '{"username":"grace","password":"demo"}'
challenge=$(field .challenge)
req POST /v1/auth/mfa "{\"challenge\":\"$challenge\",\"code\":\"$code\"}"
expect "a used code cannot be used again" 401 "$status"
# A right password with the code still to come must not reset the failure
# count, or it would buy unlimited guesses at the code: the reused code above
# and two wrong ones, a fresh challenge, then two more reach the lockout.
for i in 1 2; do req POST /v1/auth/mfa "{\"challenge\":\"$challenge\",\"code\":\"00000$i\"}"; done
req POST /v1/auth/token '{"username":"grace","password":"demo"}'
challenge=$(field .challenge)
for i in 3 4; do req POST /v1/auth/mfa "{\"challenge\":\"$challenge\",\"code\":\"00000$i\"}"; done
req POST /v1/auth/token '{"username":"grace","password":"demo"}'
expect "a right password does not reset the count of wrong codes" 429 "$status"

# --- rate limit: the 6th wrong password within a minute is 429 ---------------------------
for i in 1 2 3 4 5; do
	req POST /v1/auth/token '{"username":"lin","password":"wrong"}'
	[ "$status" = 401 ] || bad "wrong password $i gave $status"
done
req POST /v1/auth/token '{"username":"lin","password":"wrong"}'
expect "the 6th wrong password is 429" "429 rate_limited" "$status $(field .code)"
req POST /v1/auth/token '{"username":"lin","password":"demo"}'
expect "... and the lockout holds for the right one too" 429 "$status"

# --- concurrency: 20 clients x 100 random transfers among shared accounts --------------
req GET /v1/accounts "" -H "Authorization: Bearer $omar"
o1=$(field '.items[0].id')
o4=$(field '.items[3].id')
login omar
tok=$token
sum_before=$(($(curl -s "$url/v1/accounts/$o1" -H "Authorization: Bearer $tok" | jq .booked_balance.minor) +
	$(curl -s "$url/v1/accounts/$o4" -H "Authorization: Bearer $tok" | jq .booked_balance.minor)))
clients=
for c in $(seq 1 20); do
	cfg=$tmp/client$c.cfg
	: >"$cfg"
	for i in $(seq 1 100); do
		[ "$i" -gt 1 ] && echo next >>"$cfg"
		if [ $(((c * 7 + i * 13) % 2)) -eq 0 ]; then f=$o1 t=$o4; else f=$o4 t=$o1; fi
		amt=$(((c * 131 + i * 977) % 50000 + 1))
		cat >>"$cfg" <<EOF
url = "$url/v1/transfers"
request = "POST"
header = "Authorization: Bearer $tok"
header = "Idempotency-Key: c$c-$i"
header = "Content-Type: application/json"
data = "{\"from_account\":\"$f\",\"to_account\":\"$t\",\"amount\":{\"minor\":$amt,\"currency\":\"USD\"}}"
write-out = "%{http_code}\n"
output = "/dev/null"
EOF
	done
	curl -s -K "$cfg" >"$tmp/client$c.out" &
	clients="$clients $!"
done
# shellcheck disable=SC2086 # a list of pids
wait $clients
made=$(cat "$tmp"/client*.out | grep -c '^201$')
expect "2000 concurrent requests, 2000 answers" 2000 "$(cat "$tmp"/client*.out | wc -l)"
other=$(cat "$tmp"/client*.out | grep -vc '^201$\|^422$')
expect "2000 concurrent transfers all answered (201 or 422)" 0 "$other"
sum_after=$(($(curl -s "$url/v1/accounts/$o1" -H "Authorization: Bearer $tok" | jq .booked_balance.minor) +
	$(curl -s "$url/v1/accounts/$o4" -H "Authorization: Bearer $tok" | jq .booked_balance.minor)))
expect "money between own accounts is conserved" "$sum_before" "$sum_after"
req GET /v1/transfers "" -H "Authorization: Bearer $tok"
echo "concurrent transfers made: $made"
check=$("$sandbox" --check "$tmp/bank.db")
expect "--check passes after the load" 0 $?
echo "$check"

# --- the log never holds secrets or bodies -------------------------------------------
if grep -q -e demo -e "$alex" -e '"password"' "$tmp/requests.log"; then
	bad "the request log holds a secret"
else
	ok "the request log holds no password, token or body"
fi

# --- --check finds a planted breach --------------------------------------------------
kill "$pid"
wait "$pid"
expect "SIGTERM stops it cleanly" 0 $?
pid=
cp "$tmp/bank.db" "$tmp/broken.db"
# The sandbox is stopped, so the WAL was checkpointed; break one balance behind the ledger's back.
sqlite3 "$tmp/broken.db" "UPDATE accounts SET balance = balance + 1 WHERE id = '$everyday'"
"$sandbox" --check "$tmp/broken.db" >/dev/null
expect "--check catches a balance that differs from its postings" 1 $?
"$sandbox" --check "$tmp/nonexistent.db" >/dev/null 2>&1
[ $? -ne 0 ] && ok "--check on a missing database fails" || bad "--check accepted a missing database"

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
