/* Answers, then writes a 9 MiB file: files count toward the output limit
 * too, and the program's file-size limit is that limit (SIGXFSZ). */
#include <stdio.h>
#include <string.h>

int main(void)
{
	static char block[65536];
	int n;
	if (scanf("%d", &n) != 1)
		return 1;
	printf("%d\n", n);
	fflush(stdout);
	FILE *f = fopen("/tmp/scratch", "w");
	if (!f)
		return 2;
	memset(block, 'x', sizeof(block));
	for (int i = 0; i < 9 * 16; i++)
		fwrite(block, 1, sizeof(block), f);
	fclose(f);
	return 0;
}
