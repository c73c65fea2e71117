#!/bin/sh
# completion.sh: the bash, zsh and fish completions offer what bankterm's
# tables hold.  Under make check it reads the scripts in the source tree and
# the bankterm just built; under make installcheck (distcheck runs it) the
# installed ones: COMPLETION_BASH, COMPLETION_ZSH, COMPLETION_FISH and
# BANKTERM_BINDIR name them.
set -u
top=${top_srcdir:-.}
bindir=${BANKTERM_BINDIR:-$(cd "${top_builddir:-.}" && pwd)}
bash_file=${COMPLETION_BASH:-$top/src/completion/bankterm.bash}
zsh_file=${COMPLETION_ZSH:-$top/src/completion/_bankterm}
fish_file=${COMPLETION_FISH:-$top/src/completion/bankterm.fish}
fails=0
passes=0
ok() { passes=$((passes + 1)); echo "ok: $1"; }
bad() { fails=$((fails + 1)); echo "FAIL: $1"; }
expect() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$3', want '$2'"; fi; }
for tool in bash zsh fish; do
	command -v $tool >/dev/null 2>&1 || { echo "SKIP: $tool is missing (./bootstrap installs it)"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PATH="$bindir:$PATH" HOME="$tmp" XDG_CONFIG_HOME="$tmp/config"

# bash: as a user's shell would, with the script sourced and a TAB asked for.
bashc() { # bashc WORD...: what TAB offers after "bankterm WORD..."
	bash -c '. "$0"; COMP_WORDS=(bankterm "$@"); COMP_CWORD=$#; _bankterm; printf "%s\n" "${COMPREPLY[@]}"' \
		"$bash_file" "$@" | tr '\n' ' ' | sed 's/ $//'
}
expect "bash: the script registers itself" "complete -o default -F _bankterm bankterm" \
	"$(bash -c '. "$0"; complete -p bankterm' "$bash_file")"
expect "bash: bankterm tr<TAB>" "transactions transfer transfers" "$(bashc tr)"
expect "bash: a command's forms" "list pay autopay" "$(bashc bills '')"
expect "bash: a command's options, then the global ones" "--card --cacert" "$(bashc wallet --ca)"
expect "bash: an option's values" "open paid all" "$(bashc bills --status '')"
expect "bash: a global option after a command" "--profile" "$(bashc accounts --prof)"
expect "bash: the personas" "alex grace omar lin" "$(bashc --demo --persona '')"
# The screens --snapshot takes are the full screen's own (it lists them when asked for one it lacks).
screens=$(bankterm --demo --snapshot nowhere 2>&1 | sed -n "s/.*the screens are: //p")
expect "bash: --snapshot offers the full screen's screens" "$screens" "$(bashc --snapshot '')"
printf '%s\n' '[profile work]' 'server = https://bank.example/v1' '[profile home]' 'server = https://b.example/v1' \
	>"$tmp/c"
mkdir -p "$tmp/config/bankterm" && cp "$tmp/c" "$tmp/config/bankterm/config"
expect "bash: the config's profiles" "work home" "$(bashc --profile '')"
expect "bash: nothing after an unknown command" "" "$(bashc frobnicate '')"

# fish: its own completion engine, asked with complete -C.
fishc() { fish -c "source '$fish_file'; complete -C'bankterm $1'" | cut -f1 | grep -v '/' | tr '\n' ' ' | sed 's/ $//'; }
expect "fish: bankterm tr<TAB>" "transactions transfer transfers" "$(fishc tr)"
expect "fish: an option's values" "beancount csv json ledger ofx" "$(fishc 'export --format ' | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')"

# zsh: the script is a function file that parses; its candidates are bankterm's, as above.
zsh -n "$zsh_file" && ok "zsh: _bankterm parses" || bad "zsh: _bankterm does not parse"
head -n 1 "$zsh_file" | grep -qx '#compdef bankterm' && ok "zsh: it is a #compdef bankterm file" ||
	bad "zsh: no #compdef line"

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
