#!/bin/sh
# speech.sh: what a blind user hears.  Debian's Fenrir screen reader runs in
# its PTY mode around `bankterm --demo --screen-reader` in tmux, with a
# speech driver that writes each utterance to a file instead of a sound
# card; the test presses keys and checks what was said: a list move says
# the row moved to, a change of screen says the new screen from its name
# down and not the bar of numbers, a question is heard alone, signs and
# percentages are words, a long error is heard whole, and nothing is said
# while nobody types.
set -u
NAME=speech
. "${top_srcdir:-.}/tests/tmux_lib.sh"
command -v fenrir >/dev/null 2>&1 || { echo "SKIP: fenrir is missing (./bootstrap installs it)"; exit 77; }
conf=/etc/fenrirscreenreader/settings/settings.conf
[ -r "$conf" ] || { bad "no Fenrir settings at $conf"; exit 1; }

# Fenrir's own settings, changed only where a test needs it: no sound, each
# utterance appended to a file, the PTY's screen and keys (no key of the
# program is taken as Fenrir's: an empty key layout), no spell checker, no
# remote socket.  "%%" is how the settings file writes "%".
speech="$tmp/speech.txt"
: >"$speech"
echo "# no Fenrir keys: every key goes to the program" >"$tmp/keys.conf"
sed -e '/^\[sound\]/,/^\[/ s/^enabled=.*/enabled=False/' \
	-e '/^\[sound\]/,/^\[/ s/^driver=.*/driver=dummyDriver/' \
	-e '/^\[speech\]/,/^\[/ s/^driver=.*/driver=genericDriver/' \
	-e "s|^genericSpeechCommand=.*|genericSpeechCommand=env --ignore-signal=TERM /bin/sh -c 'printf \"%%s\\\\n\" \"\$1\" >> \"$speech\"' say fenrirText|" \
	-e '/^\[screen\]/,/^\[/ s/^driver=.*/driver=ptyDriver/' \
	-e '/^\[keyboard\]/,/^\[/ s/^driver=.*/driver=ptyDriver/' \
	-e "s|^keyboardLayout=.*|keyboardLayout=$tmp/keys.conf|" \
	-e "s|^debugFile=.*|debugFile=$tmp/fenrir.log|" \
	-e 's/^autoSpellCheck=.*/autoSpellCheck=False/' \
	-e '/^\[remote\]/,/^\[/ s/^driver=.*/driver=dummyDriver/' "$conf" >"$tmp/fenrir.conf"

lines() { wc -l <"$speech"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# settle: until nothing new has been said for 400 ms (8 s at most).
settle() {
	t0=$(now_ms) last=-1 since=$t0
	while :; do
		n=$(lines)
		[ "$n" != "$last" ] && last=$n since=$(now_ms)
		[ $(($(now_ms) - since)) -ge 400 ] && return 0
		[ $(($(now_ms) - t0)) -ge 8000 ] && return 1
		sleep 0.05
	done
}
# Fenrir joins a screen's lines with " , ": one line of words per utterance.
said_since() { tail -n +$(($1 + 1)) "$speech" | tr '\n' ' ' | sed -E 's/ +/ /g; s/ ?, ?/, /g; s/^ //; s/ $//'; }
# press KEYS...: what was said for them.
press() {
	mark=$(lines)
	keys "$@"
	settle
	heard=$(said_since "$mark")
}
has() { if printf '%s' "$heard" | grep -qF -- "$2"; then ok "$1"; else bad "$1: heard '$heard'"; fi; }
lacks() { if printf '%s' "$heard" | grep -qF -- "$2"; then bad "$1: heard '$heard'"; else ok "$1"; fi; }

$T kill-server 2>/dev/null
$T new-session -d -s tui -x 80 -y 24 \
	"exec fenrir -s '$tmp/fenrir.conf' -o 'general#shell=/usr/bin/env TERM=xterm-256color ESCDELAY=25 $bin/bankterm $DEMO --screen-reader'"
for _ in $(seq 1 100); do grep -q "Everyday" "$speech" && break; sleep 0.1; done
settle
heard=$(said_since 0)
has "start: Home is read, from its name" "Home: total"
has "start: the focused account is among it" "Everyday current"
has "a debit's sign is said" "Visa Credit credit minus "
lacks "... not as a dash" "dash 318"
has "a day is said in words" "Nov 2026"

press Down
has "Down on Home: the row moved to is said" "Savings savings 16400.00 USD"
lacks "... and not the row left" "Everyday"
press Up
has "Up: the row moved back to" "Everyday current 11287.49 USD"
lacks "... alone" "Savings"

press 2
has "a change of screen says its name first" "Accounts,"
case "$heard" in Accounts*) ok "... as the first thing said" ;; *) bad "... it began '$(printf '%.40s' "$heard")'" ;; esac
has "... then its rows, the focused one among them" "Everyday ending 7919"
lacks "... and not the bar of numbers" "DEMO alex"

press 6
has "offers: a percentage keeps its percent" "5 percent back"
lacks "... no box read for a state" "[ ]"

# What Enter opens is heard: a transaction's detail, an alert's body.
press 2 Enter
press Enter
has "Enter on a transaction: its detail is heard" "Amount: minus"
press Escape Escape 8
press Enter
has "Enter on an alert: its body is heard" "Your account was signed in to"

press 1
press q
has "the quit question is heard" "Quit bankterm?"
has "... with its answers" "y yes n no"
rest=$(printf '%s' "$heard" | sed 's/Quit bankterm?//; s/y yes n no//; s/[ ,]//g')
expect "... and nothing from the screen behind it" "" "$rest"
press n

# A long error, wrapped rather than cut: heard whole.
press 3 n
press Enter
press Enter
press 1 , 2 , 3 Enter
flat=$(printf '%s' "$heard" | sed 's/, / /g')
case "$flat" in
*"the digit groups are not valid: check the thousands and decimal separators"*) ok "a long error is heard whole" ;;
*) bad "a long error is heard whole: heard '$heard'" ;;
esac
press Escape Escape Escape Escape 1

# Support: a conversation read line by line, a message as one unit (who,
# when, then its text); an article of the help read in order.
press s
has "s: the Support screen, from its name" "Support: your conversations with the bank"
has "... its conversation, with its state in words" "Setting up autopay for my phone bill"
press Enter
has "Enter: the conversation, its messages each who and when first" "Sam Okafor the bank, 10 Nov 2026 11:00, Hello Alex"
press Down
has "Down: the message's text follows" "Hello Alex, thank you for asking."
lacks "... that line alone" "Sam Okafor"
press Up
has "Up: back on the message's heading" "Sam Okafor the bank, 10 Nov 2026 11:00"
press Up
expect "Up again: the blank line between messages, said so" "blank" "$heard"
press Escape f
has "f: find an answer, its question field" "Question:"
press e x p i r
has "the results follow the typing, heard" "When points expire"
press Down Enter
has "Enter: the article, from its title" "When points expire"
case "$heard" in "When points expire"*) ok "... its title the first thing said" ;; *) bad "... it began '$(printf '%.60s' "$heard")'" ;; esac
press Down Down
has "Down: its text, line by line in order" "Points expire one year after the day you earned them."
press Escape Escape Escape 1

# Verification of Payee: a new payee whose name does not match its IBAN's
# holder: the warning is heard whole, from the step's name, then the field.
press Escape Escape Escape Escape 1
press 3 n
has "transfers: a new transfer" "Step 1 of 5"
press Enter
# (Down, not End: through Fenrir's PTY, End reached the program as Esc and "[4~", whose 4 opened Bills.)
press Down Down Down Down Down Enter
has "a new payee: its form" "Name:"
press J o h n space S m i t h Tab
for ch in D E 8 9 3 7 0 4 0 0 4 4 0 5 3 2 0 1 3 0 0 0; do keys "$ch"; done
settle
press Enter
flat=$(printf '%s' "$heard" | sed 's/, / /g')
case "$flat" in
*"the payee's name"*"John Smith does not match the name of this account's holder."*"that is how payment scams work."*"may not come back."*"type the payee's name again"*)
	ok "no match: the warning is heard whole, then how to go on" ;;
*) bad "no match: the warning heard was '$heard'" ;;
esac
press Escape Escape Escape Escape Escape 1

mark=$(lines)
sleep 3
expect "nothing is said while nobody types" "" "$(said_since "$mark")"

keys q y
echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
