/* timing.c - hostile time and accounting workloads (SANDBOX-TIME,
 * SANDBOX-MEM accounting). Usage:
 *   timing sleep SEC      sleep (past the wall limit)
 *   timing busy           spin forever on one CPU
 *   timing threads N      N threads spinning forever (box CPU is summed)
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

static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
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
		spin(NULL);
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
