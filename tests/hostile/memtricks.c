/* memtricks.c - ways around a memory limit, or around its verdict (SANDBOX-MEM).
 * Usage: memtricks touch [MIB]   touch MIB MiB of fresh memory (MIB from
 *                                stdin when absent); prints touched=MIB
 *        memtricks child MIB     a child touches MIB MiB; the parent reports
 *                                how it ended and exits 3 (a program that
 *                                fails "for another reason" at its limit; on
 *                                cgroup v2 memory.oom.group takes the parent
 *                                down with the child)
 *        memtricks oomadj PATH   try to set its own oom_score_adj back to 0
 *                                (allowed where the box's set-up ran without
 *                                CAP_SYS_RESOURCE, as in some containers),
 *                                then write PATH until an error; prints adj=
 *                                (0 or the errno) and errno= */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int m_touch(long mib)
{
	size_t n = (size_t)mib << 20;
	unsigned char *p = malloc(n);
	if (!p) {
		printf("malloc failed\n");
		return 1;
	}
	for (size_t i = 0; i < n; i += 4096)
		p[i] = (unsigned char)i | 1;
	printf("touched=%ld\n", mib);
	return 0;
}

static int m_child(long mib)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0)
		_exit(m_touch(mib));
	int st = 0;
	waitpid(pid, &st, 0);
	printf("child %s %d\n", WIFSIGNALED(st) ? "signal" : "exit", WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
	return 3;
}

static int m_oomadj(const char *path)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
	int ok = fd >= 0 && write(fd, "0", 1) == 1;
	printf("adj=%s\n", ok ? "0" : strerrorname_np(errno));
	fflush(stdout);
	if (fd >= 0)
		close(fd);
	static char block[65536];
	memset(block, 'F', sizeof(block));
	signal(SIGXFSZ, SIG_IGN);
	int out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0) {
		printf("open: errno=%s\n", strerrorname_np(errno));
		return 1;
	}
	unsigned long long total = 0;
	for (;;) {
		ssize_t k = write(out, block, sizeof(block));
		if (k < 0) {
			printf("errno=%s bytes=%llu\n", strerrorname_np(errno), total);
			return 0;
		}
		total += (unsigned long long)k;
	}
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "touch") == 0) {
		long mib = 0;
		if (argc >= 3)
			mib = strtol(argv[2], NULL, 10);
		else if (scanf("%ld", &mib) != 1)
			return 2;
		return m_touch(mib);
	}
	if (argc == 3 && strcmp(argv[1], "child") == 0)
		return m_child(strtol(argv[2], NULL, 10));
	if (argc == 3 && strcmp(argv[1], "oomadj") == 0)
		return m_oomadj(argv[2]);
	fprintf(stderr, "usage: memtricks touch [MIB] | child MIB | oomadj PATH\n");
	return 2;
}
