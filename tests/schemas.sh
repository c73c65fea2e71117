#!/bin/sh
# schemas.sh: the JSON each command prints (--json) against the JSON Schema
# that documents it under doc/json/, one per command and form, with real
# output from a real bankterm-sandbox and a signed-in keyring session.  Every
# form that bankterm --help lists has a schema, every schema is met by at
# least one real output, and a schema that says nothing (no required field)
# is refused: a field renamed or dropped fails here.
set -u
bin=${top_builddir:-.}
schemas=${top_srcdir:-.}/doc/json
for tool in dbus-run-session gnome-keyring-daemon jq curl; do
	command -v $tool >/dev/null 2>&1 || { echo "SKIP: $tool is missing (./bootstrap installs it)"; exit 77; }
done
/usr/bin/python3 -c 'import jsonschema' 2>/dev/null ||
	{ echo "SKIP: python3-jsonschema is missing (./bootstrap installs it)"; exit 77; }

. "${top_srcdir:-.}/tests/keyring_session.sh"
keyring_session "$0" "$@"

tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
fails=0
ok() { echo "ok: $1"; }
bad() { fails=$((fails + 1)); echo "FAIL: $1"; }

"$bin/bankterm-sandbox" --seed demo --faults --demo-controls --date 2026-11-30 >"$tmp/url" 2>"$tmp/sandbox.err" &
pid=$!
for _ in $(seq 1 100); do [ -s "$tmp/url" ] && break; sleep 0.1; done
server=$(head -n 1 "$tmp/url")
bt() { "$bin/bankterm" --server "$server" --user alex "$@"; }
mkdir "$tmp/out"

# form NAME ARGS...: runs bankterm ARGS --json (no terminal) and keeps what it
# printed as an instance of doc/json/NAME.schema.json.
n=0
form() {
	name=$1
	shift
	n=$((n + 1))
	if bt "$@" --json </dev/null >"$tmp/out/$name.$n.json" 2>"$tmp/err"; then
		:
	else
		bad "bankterm $* --json exited $?: $(cat "$tmp/err")"
	fi
}
# with_code NAME ARGS...: the same, with the password and a fresh one-time code on standard input.
alex_secret=$("$bin/bankterm-sandbox" --list-personas | awk '$1 == "alex" { print $3 }')
with_code() {
	name=$1
	shift
	while [ $(($(date +%s) % 30)) -gt 25 ]; do sleep 1; done
	n=$((n + 1))
	printf 'demo\n%s\n' "$("$bin/tests/totp_now" "$alex_secret" 0)" |
		bt --password-stdin "$@" --json >"$tmp/out/$name.$n.json" 2>"$tmp/err" ||
		bad "bankterm $* --json (with a code) exited $?: $(cat "$tmp/err")"
}
arm() { curl -s -o /dev/null -X POST "$server/v1/sandbox/faults" -H 'Content-Type: application/json' --data-binary "$1"; }
first() { jq -r "$2" "$(ls "$tmp/out"/"$1".*.json | tail -n 1)"; }

n=$((n + 1))
echo demo | bt login --password-stdin --json >"$tmp/out/login.$n.json" 2>"$tmp/err" || bad "login: $(cat "$tmp/err")"
form accounts accounts
form transactions transactions Everyday --limit 5
form transactions transactions "Visa Credit" --search Café --all
form export export Everyday --json --from 2026-11-01
form export export Savings --format json --from 2026-11-01
form transfer transfer 5.00 --from Everyday --to Savings --reference "rent share" --yes
form transfer transfer 12.00 --from Everyday --payee "Jamie Chen" --yes
form transfer transfer 20.00 --from Everyday --to Savings --on 2026-12-15 --every monthly --yes
form quote quote "100 USD" --to EUR
form payees payees
with_code payees-add payees add "Brightwave Inc" "GB33 BUKB 2020 1555 5555 55" USD
form payees-remove payees remove "Brightwave Inc"
form bills bills
form bills bills --status all
bill=$(first bills '[.items[] | select(.status != "paid")][0].id')
form bills-pay bills pay "$bill" --from Everyday --yes
form bills-autopay bills autopay "$bill" on --from Everyday
form wallet wallet
form wallet-top-up wallet top-up 20 --card 4417 --yes
form wallet-withdraw wallet withdraw 5 --to Everyday --yes
form points points
form points-history points history --limit 5
form points-catalog points catalog
form points-redeem points redeem cat_credit_10 --yes
form points-redeem points redeem "1,000 airline miles" --yes
form offers offers
form offers-activate offers activate "$(first offers '.items[0].id')"
form offers-dismiss offers dismiss "$(first offers '.items[1].id')"
form insights insights
form insights insights --month 2026-12
form limits limits
form limits-set limits set "3000 USD"
form feedback feedback --rating 4 --flow transfer --comment "clear"
form support-help support help how do I pay a bill
form support-help support help
form support-article support article bills-pay
form support-new support new --subject "A payment" --about "$(bt transactions Everyday --limit 1 --json </dev/null | jq -r '.items[0].id')" "I do not recognise this payment."
thread=$(first support-new '.id')
form support-list support list
form support-show support show "$thread"
form support-reply support reply "$thread" "Any news?"
# The bank's side, as its staff member sam (password on standard input).
staff() {
	name=$1
	shift
	n=$((n + 1))
	echo demo | "$bin/bankterm" --server "$server" --user sam --password-stdin staff "$@" --json >"$tmp/out/$name.$n.json" 2>"$tmp/err" ||
		bad "bankterm --user sam staff $* --json exited $?: $(cat "$tmp/err")"
}
staff staff-list list
staff staff-list list --status all
staff staff-show show "$thread"
staff staff-reply reply "$thread" "It is your card's yearly fee."
staff staff-close close "$thread"
form support-new support new --subject "Another question" "Can I change my statement date?"
form support-close support close "$(first support-new '.id')"
form notifications notifications --limit 5
form notifications-read notifications read "$(first notifications '.items[0].id')"
form notifications-read notifications read --all
form transfers transfers
form transfers-cancel transfers cancel "$(first transfers '.items[0].id')" --yes
# Two payments whose every attempt is dropped before the bank: one sent from
# the list of pending ones, one dropped.
arm '{"method":"POST","path":"/v1/transfers","fault":"drop-before","count":16}'
bt transfer 2.00 --from Everyday --to Savings --yes </dev/null >/dev/null 2>&1
bt transfer 3.00 --from Everyday --to Savings --yes </dev/null >/dev/null 2>&1
arm '{"method":"POST","path":"/v1/transfers","fault":"drop-before","count":0}'
form pending pending
form pending-send pending send "$(first pending '.items[0].id' | cut -c1-8)" --yes
form pending-drop pending drop "$(first pending '.items[1].id' | cut -c1-8)" --yes
# The demo bank's controls work under --demo only.
for f in "demo-clock clock +1d" "demo-clock clock +1m" "demo-reset reset --yes" "demo-url url"; do
	set -- $f
	name=$1
	shift
	n=$((n + 1))
	"$bin/bankterm" --demo --demo-date 2026-11-30 demo "$@" --json </dev/null >"$tmp/out/$name.$n.json" 2>"$tmp/err" ||
		bad "bankterm --demo demo $* --json exited $?: $(cat "$tmp/err")"
done
# notifications --follow --json: one object a line, each a notification.
timeout 5 "$bin/bankterm" --server "$server" --user alex notifications --follow --json \
	>"$tmp/follow" 2>/dev/null </dev/null &
follower=$!
sleep 1.5
bt transfer 1.00 --from Everyday --to Savings --yes </dev/null >/dev/null 2>&1
for _ in $(seq 1 30); do [ -s "$tmp/follow" ] && break; sleep 0.1; done
kill $follower 2>/dev/null
wait $follower
form logout logout

# Every form bankterm --help lists, as doc/json names it: "payees add" is
# payees-add, a command's first form (in brackets, or none) its own name.
for cmd in $("$bin/bankterm" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z]*\) .*/\1/p'); do
	"$bin/bankterm" "$cmd" --help | sed -n -E "s/^(Usage:)? +bankterm $cmd( |\$)/ /p" | awk -v c="$cmd" '
		$1 ~ /^[a-z][a-z-]*$/ { print c "-" $1; next }
		{ print c }'
done | sort -u >"$tmp/forms"
ls "$schemas" | sed -n 's/\.schema\.json$//p' | grep -v '^defs$' | sort >"$tmp/documented"
missing=$(comm -23 "$tmp/forms" "$tmp/documented" | tr '\n' ' ')
extra=$(comm -13 "$tmp/forms" "$tmp/documented" | tr '\n' ' ')
[ -z "$missing" ] && ok "every form bankterm --help lists has a schema ($(wc -l <"$tmp/forms") forms)" ||
	bad "no schema under doc/json for: $missing"
[ -z "$extra" ] && ok "every schema is of a form bankterm has" || bad "schemas of no form: $extra"

/usr/bin/python3 - "$schemas" "$tmp/out" "$tmp/forms" "$tmp/follow" <<'EOF' || fails=$((fails + 1))
import json, os, sys, pathlib
import jsonschema

schemas, outdir, forms, follow = sys.argv[1:5]
base = pathlib.Path(schemas).resolve()
failed = False

def validator(name):
    path = base / (name + ".schema.json")
    schema = json.load(open(path))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, resolver=jsonschema.RefResolver(path.as_uri(), schema))

def fail(msg):
    global failed
    failed = True
    print("FAIL: " + msg)

# A schema that requires nothing would pass any output.
for path in sorted(base.glob("*.schema.json")):
    s = json.load(open(path))
    if path.name != "defs.schema.json" and not s.get("required") and "$ref" not in s:
        fail(f"{path.name} requires no field")

seen = {}
for f in sorted(os.listdir(outdir), key=lambda f: int(f.split(".")[1])):
    name = f.split(".")[0]
    text = open(os.path.join(outdir, f)).read()
    try:
        doc = json.loads(text)
    except ValueError as e:
        fail(f"{name}: not JSON ({e}): {text[:200]!r}")
        continue
    errors = sorted(validator(name).iter_errors(doc), key=lambda e: list(e.path))
    for e in errors[:3]:
        fail(f"{name}: at {'/'.join(map(str, e.path)) or 'top'}: {e.message}")
    seen[name] = seen.get(name, 0) + 1

for name in open(forms).read().split():
    if not seen.get(name):
        fail(f"no real output of {name} was checked")
print(f"ok: {sum(seen.values())} outputs of {len(seen)} forms meet their schemas" if not failed else
      "FAIL: some outputs do not meet their schemas")

# --follow --json: each line one notification, as in the list.
lines = [l for l in open(follow).read().splitlines() if l.strip()]
v = validator("notifications")
item = {"$ref": "notifications.schema.json#/$defs/notification"}
ivalid = jsonschema.validators.validator_for(v.schema)(item, resolver=v.resolver)
if not lines:
    fail("notifications --follow --json printed nothing for a new sign-in")
for l in lines:
    for e in ivalid.iter_errors(json.loads(l)):
        fail(f"notifications --follow --json: {e.message}")
if lines and not failed:
    print(f"ok: notifications --follow --json: {len(lines)} lines, each a notification")
sys.exit(1 if failed else 0)
EOF

echo "$fails failed"
[ "$fails" -eq 0 ] && echo 0 >"$HOME/rc"
exit 0
