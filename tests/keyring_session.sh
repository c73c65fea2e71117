# keyring_session.sh, sourced by a script that needs the OS keyring as a
# signed-in user has it: a private D-Bus session, a fresh HOME, a real
# gnome-keyring-daemon, unlocked, and a login session's own kernel keyring
# (keyctl session: the access tokens kept there are this run's alone, and
# go with it).  Used by tests/client.sh and bench/run.sh.
#
#   . "$top_srcdir/tests/keyring_session.sh"
#   keyring_session "$0" "$@"     # first: the rest of the script runs inside
#   ...
#   echo 0 >"$HOME/rc"            # at the end: the script's exit status
#
# Outside the session, keyring_session runs the script again inside one
# and exits with the status it left in $HOME/rc (1 when it left none).
keyring_session() {
	if [ -z "${BT_IN_SESSION-}" ]; then
		ks_home=$(mktemp -d)
		mkdir -m 700 "$ks_home/run"
		BT_IN_SESSION=1 HOME=$ks_home XDG_CONFIG_HOME=$ks_home/.config \
			XDG_STATE_HOME=$ks_home/.local/state XDG_DATA_HOME=$ks_home/.local/share \
			XDG_RUNTIME_DIR=$ks_home/run \
			dbus-run-session -- keyctl session - sh "$@" 2>&1 | grep -v 'Failed to set fd limit' |
			grep -v '^Joined session keyring: '
		ks_rc=$(cat "$ks_home/rc" 2>/dev/null || echo 1)
		rm -rf "$ks_home"
		exit "$ks_rc"
	fi
	echo 1 >"$HOME/rc"
	printf 'keyring' | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
}
