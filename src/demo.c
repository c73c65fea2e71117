/* demo.c: the demo bank's life: find bankterm-sandbox, start it, read its
 * URL, and make sure it never outlives bankterm. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "demo.h"
#include "i18n.h"
#include "json.h"
#include "op.h"
#include "totp.h"

const struct view_column demo_clock_json_cols[DEMO_CLOCK_JSON_NCOLS] = {
	{ "now", V_TIME, NULL, false },
	{ "offset_seconds", V_INT, NULL, false },
	{ "transfers_run", V_INT, NULL, false },
	{ "bills_overdue", V_INT, NULL, false },
	{ "bills_issued", V_INT, NULL, false },
	{ "bills_paid", V_INT, NULL, false },
	{ "autopay_failed", V_INT, NULL, false },
};
const struct view_column demo_reset_json_cols[DEMO_RESET_JSON_NCOLS] = {
	{ "now", V_TIME, NULL, false },
	{ "offset_seconds", V_INT, NULL, false },
	{ "customers", V_INT, NULL, false },
};

#define SANDBOX "bankterm-sandbox"
#define START_TIMEOUT_MS 10000

/* Beside this program (the build tree, or an install's bindir), else PATH. */
static bool find_sandbox(char *out, size_t len)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	const char *path = getenv("PATH");

	if (n > 0) {
		self[n] = '\0';
		snprintf(out, len, "%s/" SANDBOX, dirname(self));
		if (access(out, X_OK) == 0)
			return true;
	}
	while (path && *path) {
		size_t l = strcspn(path, ":");
		snprintf(out, len, "%.*s/" SANDBOX, (int)l, path);
		if (l && access(out, X_OK) == 0)
			return true;
		path += l + (path[l] == ':');
	}
	return false;
}

/* Runs `sandbox args...` and reads the first line of its output (at most len bytes). */
static pid_t spawn(const char *sandbox, char *const argv[], char *line, size_t len, int timeout_ms)
{
	int fds[2];
	pid_t pid, parent = getpid();
	size_t got = 0;

	if (pipe2(fds, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDWR);
		/* When bankterm dies, however it dies, the kernel stops the sandbox. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(1);
		dup2(fds[1], STDOUT_FILENO);
		if (devnull >= 0) {
			dup2(devnull, STDIN_FILENO);
			dup2(devnull, STDERR_FILENO);
		}
		execv(sandbox, argv);
		_exit(127);
	}
	close(fds[1]);
	line[0] = '\0';
	while (got + 1 < len) {
		struct pollfd p = { fds[0], POLLIN, 0 };
		ssize_t n;
		if (poll(&p, 1, timeout_ms) <= 0)
			break;
		n = read(fds[0], line + got, len - 1 - got);
		if (n <= 0)
			break;
		got += (size_t)n;
		line[got] = '\0';
		if (strchr(line, '\n'))
			break;
	}
	close(fds[0]);
	line[strcspn(line, "\n")] = '\0';
	return pid;
}

static void reap(pid_t pid)
{
	for (int i = 0; i < 50; i++) {
		struct timespec ts = { 0, 20 * 1000000L };
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return;
		nanosleep(&ts, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

bool demo_start(struct demo *d, const char *persona, const char *date, char *msg, size_t msglen)
{
	char sandbox[4200], line[4096], day[16];
	/* --faults: a presenter can show what a dropped answer does (POST /sandbox/faults). */
	char *run[] = { sandbox, "--seed", "demo", "--listen", "127.0.0.1:0", "--db", ":memory:", "--faults", "--demo-controls",
			date ? "--date" : NULL, day, NULL };
	pid_t pid;

	memset(d, 0, sizeof *d);
	snprintf(d->persona, sizeof d->persona, "%s", persona);
	snprintf(day, sizeof day, "%s", date ? date : "");
	if (!find_sandbox(sandbox, sizeof sandbox)) {
		snprintf(msg, msglen, "%s", _("the demo needs bankterm-sandbox, beside bankterm or in PATH"));
		return false;
	}
	/* The persona's public demo secret, so the demo can answer its codes. */
	{
		FILE *f;
		char cmdline[4300];
		bool found = false;
		snprintf(cmdline, sizeof cmdline, "'%s' --list-personas", sandbox);
		if (strchr(sandbox, '\'') || !(f = popen(cmdline, "re"))) {
			snprintf(msg, msglen, "%s", _("cannot ask bankterm-sandbox for its personas"));
			return false;
		}
		while (fgets(line, sizeof line, f)) {
			char name[32], pw[32], secret[64];
			if (sscanf(line, "%31s %31s %63s", name, pw, secret) == 3 && !strcmp(name, persona)) {
				snprintf(d->totp_secret, sizeof d->totp_secret, "%s", secret);
				found = true;
			}
			/* The secrets of the personas: only the one kept, in one place. */
			explicit_bzero(secret, sizeof secret);
			explicit_bzero(line, sizeof line);
		}
		pclose(f);
		if (!found) {
			/* L10N: %s is the persona asked for. */
			snprintf(msg, msglen, _("the demo bank has no persona '%s' (alex, grace, omar or lin)"), persona);
			return false;
		}
	}
	pid = spawn(sandbox, run, line, sizeof line, START_TIMEOUT_MS);
	if (pid < 0 || strncmp(line, "http://127.0.0.1:", 17)) {
		if (pid > 0) {
			kill(pid, SIGTERM);
			reap(pid);
		}
		snprintf(msg, msglen, "%s", _("the demo bank did not start"));
		return false;
	}
	d->pid = pid;
	snprintf(d->url, sizeof d->url, "%.100s/v1", line);
	return true;
}

void demo_stop(struct demo *d)
{
	if (d->pid > 0) {
		kill(d->pid, SIGTERM);
		reap(d->pid);
		d->pid = 0;
	}
	explicit_bzero(d->totp_secret, sizeof d->totp_secret);
}

bool demo_code(struct demo *d, char out[8])
{
	unsigned char key[64];
	long n = base32_decode(d->totp_secret, key, sizeof key);
	/* The bank takes the code of the 30-second step before now, now's and
	 * the one after, each once.  Handed out: the latest of those not handed
	 * out before, the one that stays good longest (a code of the step before
	 * now is refused as soon as the next step begins, which a person reading
	 * and typing it may well reach).  Three fit in one step. */
	uint64_t now = (uint64_t)time(NULL) / 30, step = now + 1;
	bool ok;

	for (uint64_t s = now + 1; s + 1 >= now; s--) {
		bool handed = false;
		for (unsigned i = 0; i < sizeof d->handed / sizeof d->handed[0]; i++)
			handed |= d->handed[i] == s;
		if (!handed) {
			step = s;
			break;
		}
	}
	d->handed[d->nhanded++ % (sizeof d->handed / sizeof d->handed[0])] = step;
	ok = n > 0 && !totp_code(key, (size_t)n, TOTP_SHA1, step * 30, 0, 30, 6, out);

	explicit_bzero(key, sizeof key);
	return ok;
}

/* --- controls ---------------------------------------------------------------------------- */

#define DEMO_ADVANCE_MAX (5LL * 366 * 86400)

bool demo_clock_seconds(const char *spec, const char *bank_now, long long *seconds, char *msg, size_t msglen)
{
	char unit = 0, *end;
	long n;
	struct tm tm = { 0 };
	int yy, mm, dd, h, mi, se;

	errno = 0;
	if (spec[0] == '+' && spec[1] >= '0' && spec[1] <= '9') {
		n = strtol(spec + 1, &end, 10);
		unit = *end && !end[1] ? *end : 0;
	} else {
		n = 0;
	}
	if (errno || n < 1 || n > 5 * 366 * 24 || (unit != 'd' && unit != 'h' && unit != 'm')) {
		/* L10N: %s is what was typed; the forms are kept as they are. */
		snprintf(msg, msglen, _("'%s' is not a move of the clock: use +Nd (days), +Nh (hours) or +Nm (months)"),
			 spec);
		return false;
	}
	if (unit == 'h') {
		*seconds = n * 3600LL;
	} else if (unit == 'd') {
		*seconds = n * 86400LL;
	} else {
		/* A calendar month: the 31st of January moves to the last day of February. */
		time_t from, to;
		int dim;
		if (!bank_now || sscanf(bank_now, "%4d-%2d-%2dT%2d:%2d:%2d", &yy, &mm, &dd, &h, &mi, &se) != 6 ||
		    n > 60) {
			snprintf(msg, msglen, "%s", _("the bank's date could not be read"));
			return false;
		}
		tm.tm_year = yy - 1900, tm.tm_mon = mm - 1, tm.tm_mday = dd;
		tm.tm_hour = h, tm.tm_min = mi, tm.tm_sec = se;
		from = timegm(&tm);
		tm.tm_mon += (int)n;
		tm.tm_mday = 1;
		timegm(&tm); /* normalizes year and month */
		{
			struct tm last = tm;
			last.tm_mon += 1;
			last.tm_mday = 0;
			timegm(&last);
			dim = last.tm_mday;
		}
		tm.tm_mday = dd < dim ? dd : dim;
		tm.tm_hour = h, tm.tm_min = mi, tm.tm_sec = se;
		to = timegm(&tm);
		*seconds = (long long)(to - from);
	}
	if (*seconds > DEMO_ADVANCE_MAX) {
		snprintf(msg, msglen, "%s", _("the demo bank's clock moves at most five years at a time"));
		return false;
	}
	return true;
}

bool demo_clock_op(long long seconds, struct op *op)
{
	json_object *body = json_object_new_object();

	op_clear(op);
	op_set(op, "POST", "/sandbox/clock");
	json_object_object_add(body, "advance_seconds", json_object_new_int64(seconds));
	op_body(op, body);
	snprintf(op->summary, sizeof op->summary, "%s", _("Move the demo bank's clock"));
	return true;
}

bool demo_reset_op(struct op *op)
{
	op_clear(op);
	snprintf(op->summary, sizeof op->summary, "%s",
		 _("Reset the demo bank: every customer as at the start, all changes gone"));
	return op_set(op, "POST", "/sandbox/reset");
}

/* Part i of what a clock move did, for n of it (n > 0). */
static void clock_part(size_t i, long long n, char *out, size_t len)
{
	/* L10N: parts of the message after moving the demo bank's clock ("…: 1 scheduled transfer ran, 2 new bills arrived."). */
	switch (i) {
	case 0:
		snprintf(out, len, ngettext("%lld scheduled transfer ran", "%lld scheduled transfers ran", (unsigned long)n), n);
		break;
	case 1:
		snprintf(out, len, ngettext("%lld bill was paid by autopay", "%lld bills were paid by autopay", (unsigned long)n), n);
		break;
	case 2:
		snprintf(out, len, ngettext("%lld autopay failed", "%lld autopays failed", (unsigned long)n), n);
		break;
	case 3:
		snprintf(out, len, ngettext("%lld new bill arrived", "%lld new bills arrived", (unsigned long)n), n);
		break;
	default:
		snprintf(out, len, ngettext("%lld bill is now overdue", "%lld bills are now overdue", (unsigned long)n), n);
		break;
	}
}

bool demo_clock_said(json_object *doc, const char *day, char *out, size_t len)
{
	static const char *fields[] = { "transfers_run", "bills_paid", "autopay_failed", "bills_issued", "bills_overdue" };
	struct json_error jerr = { 0 };
	char list[600] = "";

	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		int64_t n = 0;
		char part[160];
		if (json_get_int64(doc, NULL, fields[i], JSON_OPTIONAL, 0, 1000000, &n, &jerr)) {
			json_error_message(&jerr, out, len);
			return false;
		}
		if (!n)
			continue;
		clock_part(i, (long long)n, part, sizeof part);
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", *list ? ", " : "", part);
	}
	if (*list)
		/* L10N: after moving the demo bank's clock: the new day, then what happened (parts above). */
		snprintf(out, len, _("The bank's date is now %s: %s."), day, list);
	else
		/* L10N: after moving the demo bank's clock, when nothing fell due. */
		snprintf(out, len, _("The bank's date is now %s: nothing fell due."), day);
	return true;
}
