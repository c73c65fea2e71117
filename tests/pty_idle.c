/* pty_idle.c: counts what a program writes to its terminal while nobody types.
 *
 *   pty_idle COLS ROWS START_MS SETTLE_MS QUIET_MS KEYS PROGRAM [ARG]...
 *
 * Runs PROGRAM on a new pseudo-terminal of COLS x ROWS and lets it start for
 * START_MS.  Then, for each character of KEYS: types it, lets the screen
 * settle for SETTLE_MS, and counts the bytes written in the next QUIET_MS,
 * printing "KEY BYTES" on a line.  Exits 0 once done (the program is sent
 * SIGTERM), 2 on a usage error, 1 when the program could not run or ended. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads what comes for ms milliseconds; returns the byte count, or -1 when the program ended. */
static long drain(int fd, long ms)
{
	long long end = now_ms() + ms;
	long total = 0;
	char buf[4096];

	for (;;) {
		long long left = end - now_ms();
		struct pollfd p = { fd, POLLIN, 0 };
		ssize_t n;
		if (left <= 0)
			return total;
		if (poll(&p, 1, (int)left) <= 0)
			continue;
		n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		total += n;
	}
}

int main(int argc, char **argv)
{
	struct winsize ws = { 0 };
	long start, settle, quiet;
	int fd;
	pid_t pid;

	if (argc < 8) {
		fprintf(stderr, "usage: pty_idle COLS ROWS START_MS SETTLE_MS QUIET_MS KEYS PROGRAM [ARG]...\n");
		return 2;
	}
	ws.ws_col = (unsigned short)atoi(argv[1]);
	ws.ws_row = (unsigned short)atoi(argv[2]);
	start = atol(argv[3]);
	settle = atol(argv[4]);
	quiet = atol(argv[5]);
	pid = forkpty(&fd, NULL, NULL, &ws);
	if (pid < 0) {
		perror("forkpty");
		return 1;
	}
	if (pid == 0) {
		execvp(argv[7], argv + 7);
		perror(argv[7]);
		_exit(127);
	}
	if (drain(fd, start) < 0) {
		fprintf(stderr, "pty_idle: %s ended while starting\n", argv[7]);
		return 1;
	}
	for (const char *k = argv[6]; *k; k++) {
		long n;
		if (write(fd, k, 1) != 1 || drain(fd, settle) < 0 || (n = drain(fd, quiet)) < 0) {
			fprintf(stderr, "pty_idle: %s ended at key %c\n", argv[7], *k);
			return 1;
		}
		printf("%c %ld\n", *k, n);
		fflush(stdout);
	}
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	close(fd);
	return 0;
}
