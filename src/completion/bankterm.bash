# bash completion for bankterm(1).  The candidates come from bankterm itself
# (`bankterm __complete WORD...`), drawn from the tables its command line
# runs on: commands, their forms and options, the global options, screens,
# personas and the config's profiles.  Where it offers nothing (a file, an
# address, an amount), bash offers file names.
_bankterm()
{
	local IFS=$'\n'
	COMPREPLY=($(command bankterm __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
	return 0
}
complete -o default -F _bankterm bankterm
