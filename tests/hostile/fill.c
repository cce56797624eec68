/* fill.c - hostile disk fillers (SANDBOX-DISK).
 * Usage: fill file PATH    write PATH until an error; SIGXFSZ ignored, so the
 *                          program reports what it got (ENOSPC, EFBIG, ...)
 *        fill fsize PATH   write 2 MiB with SIGXFSZ at its default (killed)
 *        fill inodes DIR   create empty files until an error
 * Prints "errno=NAME bytes=N" (or files=N) and exits 0. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int f_file(const char *path, int keep_sigxfsz)
{
	static char block[65536];
	memset(block, 'F', sizeof(block));
	if (!keep_sigxfsz)
		signal(SIGXFSZ, SIG_IGN);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		printf("open %s: errno=%s\n", path, strerrorname_np(errno));
		return 1;
	}
	unsigned long long total = 0;
	for (;;) {
		ssize_t n = write(fd, block, sizeof(block));
		if (n < 0) {
			printf("errno=%s bytes=%llu\n", strerrorname_np(errno), total);
			return 0;
		}
		total += (unsigned long long)n;
		if (keep_sigxfsz && total >= (2u << 20)) {
			printf("wrote %llu bytes without SIGXFSZ\n", total);
			return 0;
		}
	}
}

static int f_inodes(const char *dir)
{
	char path[4096];
	for (long i = 0;; i++) {
		snprintf(path, sizeof(path), "%s/f%ld", dir, i);
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd < 0) {
			printf("errno=%s files=%ld\n", strerrorname_np(errno), i);
			return 0;
		}
		close(fd);
		if (i > 10000000)
			return 2;
	}
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc < 3)
		return 200;
	if (!strcmp(argv[1], "file"))
		return f_file(argv[2], 0);
	if (!strcmp(argv[1], "fsize"))
		return f_file(argv[2], 1);
	if (!strcmp(argv[1], "inodes"))
		return f_inodes(argv[2]);
	return 200;
}
