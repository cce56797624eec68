/* bombs.c - hostile resource bombs: processes, threads, memory, stack.
 * Usage: bombs fork | forkcount | threads | malloc | mmap | stack | fds.
 * Each one grows until the box stops it (SANDBOX-PROCS, SANDBOX-MEM). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* fork: every process forks forever, failures ignored. */
static int b_fork(void)
{
	for (;;)
		fork();
	return 0;
}

/* forkcount: fork sleeping children until fork fails; report and exit 1. */
static int b_forkcount(void)
{
	int n = 0;
	for (;;) {
		pid_t p = fork();
		if (p == 0) {
			for (;;)
				pause();
		}
		if (p < 0)
			break;
		n++;
		if (n > 100000)
			break;
	}
	printf("forked=%d errno=%s\n", n, strerrorname_np(errno));
	return 1;
}

static void *sleeper(void *arg)
{
	for (;;)
		pause();
	return arg;
}

/* threads: create sleeping threads until pthread_create fails. */
static int b_threads(void)
{
	int n = 0, r;
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 64 * 1024);
	for (;;) {
		pthread_t t;
		if ((r = pthread_create(&t, &a, sleeper, NULL)))
			break;
		if (++n > 100000)
			break;
	}
	printf("threads=%d errno=%s\n", n, strerrorname_np(r));
	return 1;
}

/* malloc: 1 MiB blocks, each touched, until something gives. */
static int b_malloc(void)
{
	for (size_t total = 0;; total += 1) {
		char *p = malloc(1 << 20);
		if (!p) {
			printf("malloc failed after %zu MiB\n", total);
			return 2;
		}
		memset(p, 0x5a, 1 << 20);
	}
}

/* mmap: 8 MiB anonymous mappings, every page written. */
static int b_mmap(void)
{
	for (size_t total = 0;; total += 8) {
		char *p = mmap(NULL, 8 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			printf("mmap failed after %zu MiB: %s\n", total, strerrorname_np(errno));
			return 2;
		}
		for (size_t i = 0; i < (8u << 20); i += 4096)
			p[i] = 1;
	}
}

/* stack: unbounded recursion, 4 KiB of touched locals per frame. */
static int __attribute__((noinline)) recurse(int depth)
{
	volatile char frame[4096];
	frame[0] = (char)depth;
	frame[4095] = (char)depth;
	return recurse(depth + 1) + frame[depth % 4096];
}

static int b_stack(void) { return recurse(0); }

/* fds: open descriptors until the nofile limit; report how many. */
static int b_fds(void)
{
	int n = 0;
	while (open("/dev/null", O_RDONLY) >= 0)
		n++;
	printf("fds=%d errno=%s\n", n, strerrorname_np(errno));
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	const char *w = argc > 1 ? argv[1] : "";
	if (!strcmp(w, "fork")) return b_fork();
	if (!strcmp(w, "forkcount")) return b_forkcount();
	if (!strcmp(w, "threads")) return b_threads();
	if (!strcmp(w, "malloc")) return b_malloc();
	if (!strcmp(w, "mmap")) return b_mmap();
	if (!strcmp(w, "stack")) return b_stack();
	if (!strcmp(w, "fds")) return b_fds();
	fprintf(stderr, "bombs: unknown %s\n", w);
	return 200;
}
