/* Relay Sum interactor: n numbers at once (about 11 bytes each, so a
 * big test is far more than 64 KiB in one burst), then the sum, after
 * any number of "pass". Exit 42 accepted, 43 wrong answer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static FILE *feedback;

static void verdict(int code, const char *msg)
{
	if (feedback && msg)
		fprintf(feedback, "%s\n", msg);
	exit(code);
}

static unsigned long long value(unsigned long long i)
{
	return (i * 2654435761ull) % 1000000007ull;
}

int main(int argc, char **argv)
{
	if (argc < 4)
		return 1;
	FILE *in = fopen(argv[1], "r");
	char path[4096];
	snprintf(path, sizeof(path), "%sjudgemessage.txt", argv[3]);
	feedback = fopen(path, "w");
	unsigned long long n, sum = 0;
	if (!in || fscanf(in, "%llu", &n) != 1)
		return 1;
	printf("%llu\n", n);
	for (unsigned long long i = 1; i <= n; i++) {
		printf("%llu\n", value(i));
		sum += value(i);
	}
	fflush(stdout);
	char word[64];
	for (;;) {
		if (scanf("%63s", word) != 1)
			verdict(43, "no answer");
		if (strcmp(word, "pass") != 0)
			break;
	}
	char *end;
	unsigned long long got = strtoull(word, &end, 10);
	if (*end || got != sum)
		verdict(43, "wrong sum");
	if (scanf("%63s", word) == 1)
		verdict(43, "trailing output");
	verdict(42, NULL);
}
