/* Countdown validator: input n (this pass's), the answer file the first
 * pass's n; the team prints n - 1; 0 ends, anything else is the next
 * pass's input. feedback/passes.txt (a line per pass) must have come
 * through from the passes before: it is the pass counter. Sends n on
 * stdout first, so the same validator serves an interactive variant. */
#include <stdio.h>
#include <stdlib.h>

static const char *dir;

static FILE *open_in(const char *name, const char *mode)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s%s", dir, name);
	return fopen(path, mode);
}

static void say(const char *msg, long v)
{
	FILE *f = open_in("judgemessage.txt", "a");
	if (f) {
		fprintf(f, msg, v);
		fputc('\n', f);
		fclose(f);
	}
}

int main(int argc, char **argv)
{
	long n, first, m;
	if (argc < 4)
		return 1;
	dir = argv[3];
	FILE *in = fopen(argv[1], "r"), *ans = fopen(argv[2], "r");
	if (!in || !ans || fscanf(in, "%ld", &n) != 1 || fscanf(ans, "%ld", &first) != 1)
		return 1;
	/* Passes so far, as the feedback directory remembers them. */
	long before = 0;
	FILE *c = open_in("passes.txt", "r");
	for (int ch; c && (ch = fgetc(c)) != EOF;)
		before += ch == '\n';
	if (c)
		fclose(c);
	if (before != first - n)
		return 2;                   /* feedback/ was not kept: a judge error */
	if (!(c = open_in("passes.txt", "a")))
		return 1;
	fprintf(c, "%ld\n", n);
	fclose(c);
	printf("%ld\n", n);
	fflush(stdout);
	if (scanf("%ld", &m) != 1) {
		say("pass with %ld: no number", n);
		return 43;
	}
	if (m != n - 1) {
		say("wrong: %ld", m);
		return 43;
	}
	if (m == 0)
		return 42;
	FILE *next = open_in("nextpass.in", "w");
	if (!next)
		return 1;
	fprintf(next, "%ld\n", m);
	fclose(next);
	return 42;
}
