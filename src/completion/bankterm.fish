# fish completion for bankterm(1).  The candidates come from bankterm itself
# (`bankterm __complete WORD...`), drawn from the tables its command line
# runs on; where it offers nothing (a file, an address), file names.
function __bankterm_complete
	set -l words (commandline -opc)
	set -l cands (command bankterm __complete $words[2..-1] (commandline -ct) 2>/dev/null)
	if test (count $cands) -gt 0
		printf '%s\n' $cands
	else
		__fish_complete_path (commandline -ct)
	end
end
complete -c bankterm -f -a '(__bankterm_complete)'
