#!/bin/sh
# support_tui.sh: talking to the bank on the full screen, in a real terminal
# (tmux) against the demo's bank, with the bank's staff (sam) answering from
# another process through the command line: alex asks about a transaction
# from its detail, gets the automatic reply with three articles, starts a
# reply; sam's answer appears without a key while the cursor stays where
# alex was typing and nothing typed is lost; sam closes the conversation
# and alex is asked for a rating.  Then "find an answer" follows the
# typing, an article opens in a pager read line by line, a bill and a
# transfer are asked about, hostile text from the bank is shown harmless,
# privacy mode hides the amounts of a message, and each view fits 60x16.
set -u
NAME=support
. "${top_srcdir:-.}/tests/tmux_lib.sh"

# staff ARGS...: the command line as sam, against the demo's bank (the
# message, if any, on the line after the password).
staff() {
	printf 'demo\n%s\n' "${MSG:-}" | "$bin/bankterm" --server "$url" --user sam --password-stdin staff "$@" 2>>"$tmp/cli.err"
}
cursor_now() { $T display -p -t tui '#{cursor_x},#{cursor_y}'; }

HOME_SHOWS=Everyday start 80 24
url=$(bank_url)

# --- ask about a transaction, from its detail ------------------------------------------------
keys 2
shows "Accounts" "Savings"
keys Enter
wait_for "Brightwave" || bad "no history"
keys Enter
shows "Enter opens the transaction's detail" "Reference: txn_"
txn=$(screen | sed -n 's/.*Reference: \(txn_[0-9]*\).*/\1/p' | head -n 1)
shows "the detail offers to ask the bank about it" "ask the bank about this"
keys A
shows "A starts a conversation with the bank" "New conversation with the bank"
shows "... about that transaction, in words" "About: the transaction of "
shows "... with a subject written for it" "Subject:  Question about a payment:"
y0=$(cursor_now)
keys -l "I do not recognise this payment."
keys Enter
keys -l "Was it me?"
sleep 0.3
expect "the message takes several lines, typed where the cursor is" "Was it me?" \
	"$(screen | grep -o 'Was it me?' | head -n 1)"
[ "${y0#*,}" -lt "$(cursor_now | cut -d, -f2)" ] && ok "... and the cursor moved down a line with Enter" ||
	bad "the cursor stayed at $(cursor_now) from $y0"
keys Tab
sleep 0.2
expect "Tab goes to Send, where the cursor is" "[ Send ]" "$(at_cursor | cut -c1-8)"
keys Enter
shows "Sent: the conversation opens" "(open)"
shows "the bank answers at once, labelled automatic" "The bank (automatic reply), "
sleep 0.3
expect "... suggesting three articles, each to be read with Enter" 3 "$(screen | grep -c '(Enter to read)$')"
thread=$(staff list --json | jq -r --arg t "$txn" '[.items[] | select(.subject | startswith("Question about a payment"))][0].id')
[ -n "$thread" ] && [ "$thread" != null ] && ok "sam sees alex's conversation ($thread)" || bad "sam does not see it: $(staff list)"
staff show "$thread" | grep -q "^About: a transaction, $txn" && ok "... about the transaction alex asked from" ||
	bad "staff show: $(staff show "$thread" | head -n 6)"

# --- a reply arrives while alex types ---------------------------------------------------------
keys Tab
sleep 0.2
keys -l "Thanks, I "
sleep 2.5 # quiet: the live alerts' long-poll is out
before=$(cursor_now)
MSG="That is your credit card bill, 2669.56 USD, paid from Everyday." staff reply "$thread" >/dev/null
expect "sam replies from another process" 0 $?
wait_for "That is your credit card bill" && ok "the reply appears without a key" ||
	{ bad "the reply did not appear"; screen | sed 's/^/    | /'; }
shows "... headed by who and when" "Sam Okafor (the bank), "
expect "... and the cursor stays where alex was typing" "$before" "$(cursor_now)"
keys -l "will check."
sleep 0.3
screen | grep -q "^  Thanks, I will check\.$" && ok "... and no character typed is lost" ||
	bad "the reply field: $(screen | grep 'Thanks')"
# Privacy mode covers what the bank wrote too.
keys BTab
sleep 0.2
keys p
sleep 0.3
screen | grep -q "credit card bill, 2669.56 USD" && bad "privacy mode shows an amount in a message" ||
	ok "privacy mode hides an amount in a message"
keys p
keys Tab Tab
sleep 0.2
keys Enter
shows "the reply is sent" "Your message is sent."
staff show "$thread" | grep -q "^  Thanks, I will check\.$" && ok "... and sam reads it" || bad "sam does not read the reply"

# --- sam closes: alex is asked for a rating ----------------------------------------------------
sleep 2.5
staff close "$thread" >/dev/null
shows "the close appears without a key" "This conversation is closed."
shows "... and alex is asked to rate the help" "Press 1 (poor) to 5 (great)"
keys 5
sleep 0.2
keys Enter
shows "the rating is sent" "Thank you for your feedback."
shows "the heading says it is closed" "(closed)"

# --- hostile text from the bank ------------------------------------------------------------------
keys Escape
shows "Esc: the conversations" "Support: your conversations with the bank"
keys w
shows "w: a new conversation" "New conversation with the bank"
keys -l "Bidi"
keys Tab
keys -l "A question."
keys Tab Enter
shows "sent" "(open)"
t2=$(staff list --json | jq -r '[.items[] | select(.subject == "Bidi")][0].id')
# Straight to the bank as staff: a right-to-left override and a long line.
tok=$(curl -s -X POST "$url/auth/token" -H 'Content-Type: application/json' --data-binary '{"username":"sam","password":"demo"}' | jq -r .access_token)
long=$(printf 'word %.0s' $(seq 1 400))
curl -s -o /dev/null -X POST "$url/support/threads/$t2/messages" -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
	-H 'Idempotency-Key: hostile-1' --data-binary "{\"message\":\"evil \\u202egnp.exe here. $long\"}"
wait_for "evil" && ok "a hostile reply arrives" || bad "no hostile reply"
screen | grep -q "$(printf '\342\200\256')" && bad "a right-to-left override reached the terminal" ||
	ok "... its right-to-left override never reaches the terminal"
[ "$(screen | awk '{ if (length($0) > 80) n++ } END { print n + 0 }')" = 0 ] && ok "... and its long text wraps inside 80 columns" ||
	bad "a line past 80 columns"

# --- 60x16: every view fits ---------------------------------------------------------------------
$T resize-window -t tui -x 60 -y 16
sleep 0.5
shows "60x16: the reply field" "Your reply (Tab: Send):"
shows "60x16: and Send" "[ Send ]"
keys Escape
shows "60x16: the conversations" "Support: your conversations"
screen | grep -q "closed" && ok "60x16: a conversation's state in words" || bad "60x16: no state"

# --- find an answer: results follow the typing; an article read line by line ---------------------
keys f
shows "f: find an answer" "Find an answer in the bank's help"
keys -l "expi"
shows "results follow the typing" "When points expire"
keys Down
sleep 0.2
expect "Down: the cursor on the first result" "When points expire" "$(at_cursor | sed 's/^[> ]*//' | cut -c1-18)"
keys Enter
shows "Enter: the article opens" "Points expire one year"
y1=$(cursor_now | cut -d, -f2)
keys Down
sleep 0.2
y2=$(cursor_now | cut -d, -f2)
expect "the pager moves the cursor line by line" $((y1 + 1)) "$y2"
shows "... and says what is below" "more below"
[ "$(screen | awk '{ if (length($0) > 60) n++ } END { print n + 0 }')" = 0 ] && ok "the article wraps at 60 columns" ||
	bad "a line past 60 columns: $(screen)"
keys Escape Escape

# --- ask about a bill and a transfer ------------------------------------------------------------
$T resize-window -t tui -x 80 -y 24
keys 4
shows "Bills" "Bills due"
keys A
shows "A on a bill: a conversation about it" "About: the bill from "
keys Escape
# A transfer scheduled at the bank (the command line, as alex): the list shows it when opened.
printf 'demo\n' | "$bin/bankterm" --server "$url" --user alex --password-stdin transfer 25 --from Everyday --to Savings \
	--on 2026-12-15 --yes >/dev/null 2>>"$tmp/cli.err" || bad "no transfer scheduled: $(tail -n 2 "$tmp/cli.err")"
keys 3
shows "Transfers" "Scheduled transfers"
wait_for "25.00 USD" || true
if select_row "25.00 USD"; then
	keys A
	shows "A on a scheduled transfer: a conversation about it" "About: the transfer of "
	keys Escape
else
	bad "no scheduled transfer to ask about: $(screen)"
fi

grep -q "runtime error\|Sanitizer" "$tmp/stderr" "$tmp/cli.err" 2>/dev/null && bad "a memory error: $(grep -h -m1 'runtime error\|Sanitizer' "$tmp/stderr" "$tmp/cli.err")" ||
	ok "no memory error reported"
keys q y
echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
