#!/bin/sh
# vop.sh: Verification of Payee as a customer meets it, in both faces,
# against the demo's bank: before a payee is saved and before the first
# payment to one never checked, the bank says whether the name matches the
# IBAN's holder.  Each of the four outcomes on the command line and in the
# full screen (tmux): a match goes on and says so; a close match offers the
# bank's name ("Jamie Chan" for Jamie Chen's IBAN); no match warns of a scam
# and is never paid with a plain yes (the name typed again, or
# --accept-name-mismatch on top of --yes), and the payment records the
# warning; not possible warns and goes on.  Hostile names and IBANs, and the
# bank's limit on checks, are said in words.
set -u
NAME=vop
. "${top_srcdir:-.}/tests/tmux_lib.sh"

start 80 24 --persona omar
url=$(bank_url)
# The command line is alex's, the full screen omar's: each has one-time
# codes of their own (the demo's full screen picks its own).
# bt ARGS...: the command line as alex, stderr in $tmp/err; CODE, when set, is the one-time code the bank asks for.
bt() { printf 'demo\n%s\n' "${CODE:-}" | "$bin/bankterm" --server "$url" --user "${WHO:-alex}" --password-stdin "$@" 2>"$tmp/err"; }
quiet() { printf 'demo\n' | "$bin/bankterm" --server "$url" --user "${WHO:-alex}" --password-stdin "$@" 2>/dev/null; }
fresh() { CODE=$(code_of alex); used_codes="$used_codes alex:$CODE"; }
err_has() { if grep -qF -- "$2" "$tmp/err"; then ok "$1"; else bad "$1: stderr '$(cat "$tmp/err")'"; fi; }
# The bank's own record of a transfer (the command line prints what people need).
token_of() { curl -s -X POST "$url/auth/token" -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"demo\"}" | jq -r .access_token; }
alex_token=$(token_of alex)
omar_token=$(token_of omar)
bank() { curl -s "$url$1" -H "Authorization: Bearer ${2:-$alex_token}"; }
payees_n() { quiet payees --json | jq '.items | length'; }
balance() { quiet accounts --json | jq ".items[] | select(.name == \"$1\") | .balance.minor"; }

# --- the command line: a close match (issue 23's done-when) -----------------------------------------
n0=$(payees_n)
bt payees add "Jamie Chan" "GB69 BARC 2000 5512 3456 78" EUR </dev/null >/dev/null
err_has "CLI close match: the bank's name is said" "a close match. The bank holds this account as Jamie Chen, not Jamie Chan."
err_has "... and offered" "--use-bank-name saves the bank's"
expect "... without a code nothing is saved" "$n0" "$(payees_n)"
fresh
out=$(bt payees add "Jamie Chan" "GB69 BARC 2000 5512 3456 78" EUR --use-bank-name --json)
expect "CLI close match: --use-bank-name saves the payee as the bank holds it, a match" "Jamie Chen match" \
	"$(echo "$out" | jq -r '"\(.name) \(.vop_outcome)"')"

# --- no match: a warning, and going on only deliberately ------------------------------------------------
bt payees add "John Smith" "DE89 3704 0044 0532 0130 00" USD </dev/null >/dev/null
expect "CLI no match: not saved" "1 $((n0 + 1))" "$? $(payees_n)"
err_has "... the warning names the name typed" "John Smith does not match the name of this account's holder"
err_has "... and says what a scam looks like" "that is how payment scams work"
err_has "... and how to go on anyway" "add --accept-name-mismatch to save it anyway"
fresh
out=$(bt payees add "John Smith" "DE89 3704 0044 0532 0130 00" USD --accept-name-mismatch --json)
expect "CLI no match: --accept-name-mismatch saves it, with its outcome and the warning" "John Smith no_match" \
	"$(echo "$out" | jq -r '"\(.name) \(.vop_outcome)"')"
bt payees </dev/null >"$tmp/list"
grep "John Smith" "$tmp/list" | grep -q "name does not match" && ok "the payee list says the state in words" ||
	bad "the payee list: $(cat "$tmp/list")"
grep "Jamie Chen" "$tmp/list" | grep -q "name matches" && ok "... a match too" || bad "the payee list: $(cat "$tmp/list")"
grep "Omar Haddad" "$tmp/list" | grep -q "not checked yet" && ok "... and a payee never checked" ||
	bad "the payee list: $(cat "$tmp/list")"
before=$(balance Everyday)
bt transfer 5.00 --from Everyday --payee "John Smith" --yes </dev/null >/dev/null
expect "CLI no match: --yes alone pays nothing" "1 $before" "$? $(balance Everyday)"
err_has "... the warning is said again at the payment" "John Smith does not match"
err_has "... and what would pay it" "add --accept-name-mismatch (with --yes) to pay anyway"
out=$(bt transfer 5.00 --from Everyday --payee "John Smith" --yes --accept-name-mismatch --json </dev/null)
id=$(echo "$out" | jq -r .id)
expect "CLI no match: --accept-name-mismatch on top of --yes pays" completed "$(echo "$out" | jq -r .status)"
expect "... and the bank's record of the payment says the customer was warned" "no_match true" \
	"$(bank "/transfers/$id" | jq -r '"\(.vop_outcome) \(.vop_warned)"')"

# --- a match at the first payment, and a check not possible ---------------------------------------------
out=$(bt transfer 3.00 --from Everyday --payee "Omar Haddad" --yes --json </dev/null)
expect "CLI match: the first payment to a payee never checked goes on" completed "$(echo "$out" | jq -r .status)"
err_has "... and says the name matches" "Omar Haddad matches the name the bank holds"
expect "... the payment cites the check, and the payee keeps it" "match match" \
	"$(bank "/transfers/$(echo "$out" | jq -r .id)" | jq -r .vop_outcome) $(quiet payees --json | jq -r '.items[] | select(.name == "Omar Haddad") | .vop_outcome')"
bt transfer 2.00 --from Everyday --payee "Omar Haddad" --yes </dev/null >/dev/null
if grep -q "Name check" "$tmp/err"; then bad "a payee checked once is not checked again: $(cat "$tmp/err")"; else ok "a payee checked once is not checked again"; fi
fresh
out=$(bt transfer 4.00 --from Everyday --new-payee "Lucía Fernández" --iban "ES98 2038 1234 5612 3456 7890" --yes --json </dev/null)
expect "CLI not possible: the payment goes on" completed "$(echo "$out" | jq -r .status)"
err_has "... after a warning" "the name Lucía Fernández could not be checked"
expect "... which the payment records" "not_possible true" \
	"$(bank "/transfers/$(echo "$out" | jq -r .id)" | jq -r '"\(.vop_outcome) \(.vop_warned)"')"

# --- a close match at a saved payee's first payment: renamed to the bank's name ------------------------
out=$(WHO=omar bt transfer 3.00 --from "Haddad Trading EUR" --payee "Lucas Gruber" --yes --use-bank-name --json </dev/null)
expect "CLI close match at a first payment: paid" completed "$(echo "$out" | jq -r .status)"
err_has "... the bank's name said" "The bank holds this account as Lukas Gruber, not Lucas Gruber."
err_has "... and, with --use-bank-name, taken" "The payee is now called Lukas Gruber."
expect "... the payee renamed, a match" "match" \
	"$(WHO=omar quiet payees --json | jq -r '.items[] | select(.name == "Lukas Gruber") | .vop_outcome')"

# --- the command line at a terminal: the offer asked, the name typed again -----------------------------------
# cli_run ARGS...: bankterm as alex in a terminal of its own (tmux session "cli"), then its exit status.
cli_run() {
	$T kill-session -t cli 2>/dev/null
	$T new-session -d -s cli -x 120 -y 40 "env -u DBUS_SESSION_BUS_ADDRESS '$bin/bankterm' --server '$url' --user alex $*; echo EXIT=\$?; sleep 60"
}
cshows() {
	for _ in $(seq 1 100); do $T capture-pane -p -t cli | grep -qF -- "$2" && { ok "$1"; return 0; }; sleep 0.1; done
	bad "$1: '$2' not in the terminal: $($T capture-pane -p -t cli)"
}
ctype() { $T send-keys -t cli "$@"; }
cli_run payees add "'Jamie Chan'" "'GB69 BARC 2000 5512 3456 78'" GBP
cshows "CLI at a terminal: the password asked" "assword"
ctype demo Enter
cshows "CLI at a terminal: a close match asks whether to use the bank's name" "Save the payee as Jamie Chen, as the bank holds it? [y/N]:"
ctype y Enter
cshows "... then the bank's code" "one-time code"
fresh
ctype "$CODE" Enter
cshows "... and the payee is saved under the bank's name" "EXIT=0"
expect "... as a match" "match" "$(quiet payees --json | jq -r '.items[] | select(.name == "Jamie Chen" and .currency == "GBP") | .vop_outcome')"
cli_run transfer 1.00 --from Everyday --payee "'John Smith'"
cshows "CLI at a terminal: the password asked" "assword"
ctype demo Enter
cshows "CLI at a terminal, no match: the name asked again" "To go on anyway, type the payee's name again (anything else stops):"
ctype y Enter
cshows "... y is not the name: nothing sent" "Nothing was sent."
cshows "... and it fails" "EXIT=1"
cli_run transfer 1.00 --from Everyday --payee "'John Smith'"
cshows "CLI at a terminal: the password asked again" "assword"
ctype demo Enter
cshows "CLI at a terminal, no match again" "To go on anyway, type the payee's name again"
ctype "john smith" Enter
cshows "... the name typed again: then the review says it" "although the name does not match the account's holder?"
ctype y Enter
cshows "... and it is paid" "EXIT=0"
$T kill-session -t cli 2>/dev/null

# --- a payee saved already is said so before any name check -----------------------------------------------
bt payees add "Jamie Chen" "GB69 BARC 2000 5512 3456 78" USD </dev/null >/dev/null
expect "CLI: a payee saved already is refused" 1 "$?"
err_has "... in words, naming it" "this account is a payee already, in USD: Jamie Chen"
if grep -q "Name check" "$tmp/err"; then bad "... after a name check: $(cat "$tmp/err")"; else ok "... before any name check"; fi

# --- hostile input: said in words, nothing saved ----------------------------------------------------------
n1=$(payees_n)
bt payees add "$(head -c 10000 /dev/zero | tr '\0' a)" "DE89 3704 0044 0532 0130 00" EUR </dev/null >/dev/null
st=$?
[ "$st" -ne 0 ] && grep -q "1 to 140 characters\|name" "$tmp/err" && ok "a name of 10,000 characters is refused in words ($st)" ||
	bad "a name of 10,000 characters: $st $(head -c 300 "$tmp/err")"
bt payees add "$(printf 'Eve\033]52;c;aGk=\007 Evil')" "DE89 3704 0044 0532 0130 00" EUR </dev/null >/dev/null
st=$?
[ "$st" -ne 0 ] && ok "a name with escapes is refused" || bad "a name with escapes was taken"
if grep -q "$(printf '\033')" "$tmp/err"; then bad "... and its escape reached the terminal"; else ok "... and no escape reaches the terminal"; fi
bt payees add "$(printf 'Bad\377\376Name')" "DE89 3704 0044 0532 0130 00" EUR </dev/null >/dev/null
st=$?
[ "$st" -ne 0 ] && [ -s "$tmp/err" ] && ok "a name of invalid UTF-8 is refused in words" || bad "invalid UTF-8: $st $(cat "$tmp/err")"
bt payees add "John Smith" "DE89 3704 0044 0532 0130 01" EUR </dev/null >/dev/null
expect "an IBAN whose check digits fail is refused before the bank is asked" 1 "$?"
err_has "... in words" "is not an IBAN"
expect "nothing hostile was saved" "$n1" "$(payees_n)"

# --- the full screen (omar): a close match (issue 23's done-when) ------------------------------------------
# code: the demo's one-time code on the screen, typed in.
code() {
	shows "$1" "demo code:"
	c=$(screen | sed -n 's/.*(demo code: \([0-9]*\)).*/\1/p')
	keys "$c" Enter
}
new_payee() { # new_payee NAME IBAN: the transfer form as far as the new payee's Enter
	keys Escape Escape Escape Escape 3 n
	shows "TUI: step 1" "Step 1 of 5"
	select_row "Haddad Trading GBP" && keys Enter
	shows "TUI: step 2" "Step 2 of 5: to whom?"
	keys End Enter
	shows "TUI: the new payee form" "Step 2 of 5: a new payee"
	expect "TUI: the new payee form starts empty" "" "$(at_cursor | tr -d ' ')"
	keys "$1" Tab "$2" Enter
}
new_payee "Jamie Chan" "GB69 BARC 2000 5512 3456 78"
shows "TUI close match: the bank's name" "The bank holds this account as Jamie Chen"
shows "... and the offer to use it" "Use Jamie Chen, as the bank holds it"
shows "... or to keep the name typed" "Keep Jamie Chan, as typed"
keys Home
at_cursor | grep -q "Use Jamie Chen" && ok "... the cursor on the offer" || bad "... the cursor is on '$(at_cursor)'"
keys Enter
code "TUI close match: the bank asks for a code"
shows "TUI close match: saved under the bank's name" "Jamie Chen is now a payee."
expect "... which the bank records as a match" "match" \
	"$(bank /payees "$omar_token" | jq -r '.items[] | select(.name == "Jamie Chen" and .currency == "GBP") | .vop_outcome')"

new_payee "Jamie Chen" "GB69 BARC 2000 5512 3456 78"
shows "TUI: a payee saved already is said so, before any name check" "this account is a payee already, in GBP: Jamie Chen"

# --- no match: saved, then paid, each only after the name is typed again ------------------------------------
# y and Enter typed while the bank checks the name (held 1.5 s) answer nothing
# the person has not read: they are dropped, and that is said.
fault POST /v1/payees/verify delay=1500 1
new_payee "John Smith" "DE89 3704 0044 0532 0130 00"
keys y Enter
shows "TUI no match: the warning, before anything is saved" "Warning: John Smith does not match the name of this"
shows "... with what a scam looks like" "payment scams work"
shows "... and the deliberate act" "To go on anyway, type the payee's name again:"
shows "... the keys typed during the check were not used, and that is said" "The 2 keys typed before the bank answered were not used"
expect "... the cursor in its field, under the warning, which they did not reach" "" "$(at_cursor | tr -d ' ')"
keys y Enter
shows "TUI no match: a plain y is not the name: nothing goes on" "That is not the payee's name: nothing goes on"
screen | grep -q "demo code:" && bad "... but the bank was asked to save it" || ok "... and nothing is saved"
keys BSpace "john smith" Enter
code "TUI no match: the name typed again goes on to the code"
shows "TUI no match: saved" "John Smith is now a payee."
keys Escape Escape Escape Escape 3 n
select_row "Haddad Trading GBP" && keys Enter
shows "TUI: step 2 again" "Step 2 of 5: to whom?"
screen | grep -q "Jamie Chen .*name matches" && ok "TUI: the payees added in this run are in the list, with their state" ||
	bad "TUI: the list lacks the payee added: $(screen)"
screen | grep "John Smith" | grep -q "name does not match" && ok "TUI: the payee list says each payee's state" ||
	bad "TUI payee list: $(screen)"
select_row "John Smith" && keys Enter
shows "TUI no match: the warning again, before each payment" "John Smith does not match the name of this"
keys y Enter
shows "TUI no match: y alone pays nothing" "That is not the payee's name: nothing goes on"
keys BSpace "John Smith" Enter
shows "TUI no match: the name typed again goes on" "Amount in GBP"
keys 6 Enter Enter Enter
shows "TUI no match: the review says it" "although the name"
keys y
shows "TUI no match: sent after the deliberate act" "Sent."
expect "... and the bank's record says the customer was warned" "no_match true" \
	"$(bank /transfers "$omar_token" | jq -r '.items[0] | "\(.vop_outcome) \(.vop_warned)"')"
# The ":" line runs the command line's transfer, which asks for the name
# again in the full screen's own question (it could only refuse, naming
# --accept-name-mismatch).  A plain y there sends nothing.
keys Escape Escape Escape Escape 1
keys : 'transfer 2 --from "Haddad Trading GBP" --payee "John Smith" --reference "vop colon"' Enter
shows "TUI ':' no match: the name asked again, in a question" "type the payee's name again"
shows "... in a field of its own" "Name:"
expect "... the cursor in it" "" "$(at_cursor | tr -d ' ')"
keys y Enter
shows "TUI ':' no match: y is not the name: nothing sent" "Nothing was sent."
shows "... and the command fails" "Exit status 1."
keys Enter
keys : 'transfer 2 --from "Haddad Trading GBP" --payee "John Smith" --reference "vop colon"' Enter
shows "TUI ':' no match: asked again" "type the payee's name again"
keys "John Smith"
expect "... the name shown as typed, the cursor after it" "John Smith" "$(screen | grep -o 'Name: John Smith' | sed 's/Name: //')"
keys Enter
shows "TUI ':' no match: the name typed again: the review says it" "although the name does not match"
keys y
shows "TUI ':' no match: sent" "Exit status 0."
expect "... once, with the warning recorded" "1 no_match true" \
	"$(bank /transfers "$omar_token" | jq -r '[.items[] | select(.reference == "vop colon")] | "\(length) \(.[0].vop_outcome) \(.[0].vop_warned)"')"
keys Enter

# --- a check not possible, and a match at a first payment ----------------------------------------------------
new_payee "Marco Esposito" "IT53 Z030 6909 6061 0000 0063 849"
shows "TUI not possible: a warning" "Marco Esposito could not be checked"
shows "... and the way on" "Enter goes on anyway, Esc goes back."
keys Home
at_cursor | grep -q "Enter goes on anyway" && ok "... the cursor on it" || bad "... the cursor is on '$(at_cursor)'"
keys Enter
code "TUI not possible: the bank asks for a code"
shows "TUI not possible: saved" "Marco Esposito is now a payee."
expect "... with its outcome, the warning heeded" "not_possible true" \
	"$(bank /payees "$omar_token" | jq -r '.items[] | select(.name == "Marco Esposito") | "\(.vop_outcome) \(.vop_warned)"')"
keys Escape Escape Escape Escape 3 n
select_row "Haddad Trading GBP" && keys Enter
select_row "Port Freight Co" && keys Enter
shows "TUI match: the first payment to a payee goes on to the amount" "Amount in GBP"
screen | tail -n 1 | grep -q "Name check: Port Freight Co matches" && ok "... and says the name matches" ||
	bad "TUI match: status '$(screen | tail -n 1)'"

# --- a close match at a saved payee's first payment: the bank's name offered, the payee renamed ------------
keys Escape Escape Escape Escape 3 n
select_row "Haddad Trading GBP" && keys Enter
select_row "Thomas Wrigt" && keys Enter
shows "TUI close match at a first payment: the bank's name" "The bank holds this account as Thomas Wright"
shows "... offered, saying the payee is renamed" "Rename the payee to Thomas Wright, as the bank holds it"
shows "... or the name kept" "Keep Thomas Wrigt, as saved"
keys Home Enter
shows "TUI: the payee renamed, on to the amount" "Amount in GBP"
keys Escape
shows "TUI: back at whom, the list names the payee anew" "Thomas Wright"
screen | grep -q "Thomas Wrigt" && bad "... the old name is still listed: $(screen)" || ok "... and not the old one"
keys Enter
shows "TUI: the renamed payee is paid without another check" "Amount in GBP"
# (Said on the status line, until a key or a live alert replaces it.)
expect "... as the bank records it" "match" \
	"$(bank /payees "$omar_token" | jq -r '.items[] | select(.name == "Thomas Wright") | .vop_outcome')"

# --- 60x16: the whole warning fits, and the cursor is in its field ------------------------------------------
$T resize-window -t tui -x 60 -y 16
keys Escape Escape Escape Escape 3 n
select_row "Haddad Trading GBP" && keys Enter
select_row "John Smith" && keys Enter
shows "60x16: the warning's first words" "Warning: John Smith does not match"
shows "60x16: ... and its last" "may not come back."
expect "60x16: the cursor in the name field" "" "$(at_cursor | tr -d ' ')"
keys Escape Escape Escape Escape

# --- the bank's limit on checks (no oracle for names): said in words, nothing saved ---------------------------
n2=$(payees_n)
i=0
while [ $i -lt 12 ]; do
	i=$((i + 1))
	bt payees add "Nobody $i" "DE89 3704 0044 0532 0130 00" EUR </dev/null >/dev/null
	grep -q "too many attempts" "$tmp/err" && break
done
[ $i -le 11 ] && ok "the bank's limit on name checks is said in words (after $i)" || bad "no limit said: $(cat "$tmp/err")"
err_has "... and nothing was saved" "Nothing was saved."
expect "... nothing indeed" "$n2" "$(payees_n)"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
