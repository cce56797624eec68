/* The answer, then 3 MiB of blank lines: more than 1 MiB, within the
 * 8 MiB a package without limits.output gets; whitespace is no token. */
#include <stdio.h>
#include <string.h>

int main(void)
{
	static char blank[4096];
	int n;
	if (scanf("%d", &n) != 1)
		return 1;
	printf("%d\n", n);
	memset(blank, '\n', sizeof(blank));
	for (int i = 0; i < 3 * 256; i++)
		fwrite(blank, 1, sizeof(blank), stdout);
	return 0;
}
