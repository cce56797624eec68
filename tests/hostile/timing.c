/* timing.c - hostile time and accounting workloads (SANDBOX-TIME,
 * SANDBOX-MEM accounting). Usage:
 *   timing sleep SEC      sleep (past the wall limit)
 *   timing busy           spin forever on one CPU
 *   timing threads N      N threads spinning forever (box CPU is summed); the
 *                         first also prints "cpu=S wall=S" every 10 ms: the
 *                         CPU time of all threads (the kernel's own sum) and
 *                         the wall time since start, so the driver can see
 *                         how much CPU the box had used when it was killed
 *   timing burn SEC       use SEC seconds of CPU, then exit 0
 *   timing touch MB       allocate and touch MB MiB, then exit 0 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile unsigned long sink;

static void *spin(void *arg)
{
	for (;;)
		sink++;
	return arg;
}

static double clock_now(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_now(void)
{
	return clock_now(CLOCK_PROCESS_CPUTIME_ID);
}

/* Spin like the others, and every 10 ms of wall time write one whole line
 * (one write(2), so a kill never leaves half of it) with the process's CPU
 * time, whatever the number of CPUs the threads share. */
static void spin_reporting(void)
{
	double t0 = clock_now(CLOCK_MONOTONIC), next = t0;
	for (;;) {
		for (int i = 0; i < 100000; i++)
			sink++;
		double now = clock_now(CLOCK_MONOTONIC);
		if (now < next)
			continue;
		char line[64];
		int n = snprintf(line, sizeof(line), "cpu=%.3f wall=%.3f\n", cpu_now(), now - t0);
		if (write(1, line, (size_t)n) < 0)
			return;
		next = now + 0.01;
	}
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	const char *w = argc > 1 ? argv[1] : "";
	double arg = argc > 2 ? atof(argv[2]) : 0;
	if (!strcmp(w, "sleep")) {
		struct timespec ts = { (time_t)arg, 0 };
		while (nanosleep(&ts, &ts))
			;
		return 0;
	}
	if (!strcmp(w, "busy"))
		spin(NULL);
	if (!strcmp(w, "threads")) {
		for (int i = 1; i < (int)arg; i++) {
			pthread_t t;
			if (pthread_create(&t, NULL, spin, NULL))
				return 2;
		}
		spin_reporting();
		return 3;
	}
	if (!strcmp(w, "burn")) {
		while (cpu_now() < arg)
			for (int i = 0; i < 100000; i++)
				sink++;
		printf("burned %.3f s\n", cpu_now());
		return 0;
	}
	if (!strcmp(w, "touch")) {
		size_t len = (size_t)arg << 20;
		char *p = malloc(len);
		if (!p)
			return 2;
		memset(p, 0x33, len);
		printf("touched %zu MiB\n", len >> 20);
		return p[len / 2] == 0x33 ? 0 : 3;
	}
	fprintf(stderr, "timing: unknown %s\n", w);
	return 200;
}
