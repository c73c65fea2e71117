/* spawn.c: how long one run of a program takes and how much memory it
 * peaks at, measured from just before it is started to just after it has
 * ended, with nothing of the harness's own in between (a shell's
 * $(date) and /usr/bin/time each add a process start of their own).
 * The program's output goes to /dev/null.
 *
 *   spawn PROGRAM [ARG...]  ->  "wall_us=N maxrss_kb=N status=N" */
#include "config.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

int main(int argc, char **argv)
{
	posix_spawn_file_actions_t fa;
	struct rusage ru;
	long long t0, t1;
	pid_t pid;
	int status, rc;

	if (argc < 2) {
		fprintf(stderr, "usage: spawn PROGRAM [ARG...]\n");
		return 2;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
	t0 = now_us();
	rc = posix_spawn(&pid, argv[1], &fa, NULL, argv + 1, environ);
	if (rc) {
		fprintf(stderr, "spawn: cannot start %s\n", argv[1]);
		return 1;
	}
	if (wait4(pid, &status, 0, &ru) != pid)
		return 1;
	t1 = now_us();
	posix_spawn_file_actions_destroy(&fa);
	printf("wall_us=%lld maxrss_kb=%ld status=%d\n", t1 - t0, ru.ru_maxrss,
	       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return 0;
}
