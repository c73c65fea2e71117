# bash completion for bankterm(1).  The candidates come from bankterm itself
# (`bankterm __complete WORD...`), drawn from the tables its command line
# runs on: commands, their forms and options, the global options, screens,
# personas and the config's profiles, and the names of accounts and payees
# when a session in the keyring makes them cheap.  Where it offers nothing
# (a file, an address, an amount), bash offers file names.
_bankterm_quote() # a name as one word: each character a shell reads apart, after a backslash
{
	local s=$1 out= ch i
	for ((i = 0; i < ${#s}; i++)); do
		ch=${s:i:1}
		case $ch in
		[[:space:]\'\"\\\$\`\&\;\|\<\>\(\)\*\?\[\]\#\~\!\{\}]) out+="\\$ch" ;;
		*) out+=$ch ;;
		esac
	done
	printf '%s' "$out"
}
_bankterm()
{
	local IFS=$'\n' cand
	COMPREPLY=()
	for cand in $(command bankterm __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null); do
		COMPREPLY+=("$(_bankterm_quote "$cand")")
	done
	return 0
}
complete -o default -F _bankterm bankterm
