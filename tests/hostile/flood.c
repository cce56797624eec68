/* flood.c - hostile output floods (SANDBOX-OUTPUT): write to stdout,
 * stderr, or from a forked child while the parent sleeps, forever.
 * Usage: flood stdout | stderr | child. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void pour(int fd)
{
	static char block[65536];
	memset(block, 'A', sizeof(block));
	for (;;)
		if (write(fd, block, sizeof(block)) < 0)
			_exit(3);   /* the box closed the pipe: still contained */
}

int main(int argc, char **argv)
{
	const char *w = argc > 1 ? argv[1] : "";
	if (!strcmp(w, "stdout"))
		pour(1);
	if (!strcmp(w, "stderr"))
		pour(2);
	if (!strcmp(w, "child")) {
		if (fork() == 0)
			pour(1);
		for (;;)
			pause();
	}
	fprintf(stderr, "flood: unknown %s\n", w);
	return 200;
}
