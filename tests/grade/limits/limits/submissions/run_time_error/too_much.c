/* The answer, then 9 MiB more and a clean exit: past the 8 MiB output
 * limit, Output Limit Exceeded (a run-time error for 2025-09). */
#include <stdio.h>
#include <string.h>

int main(void)
{
	static char blank[4096];
	int n;
	if (scanf("%d", &n) != 1)
		return 1;
	printf("%d\n", n);
	memset(blank, ' ', sizeof(blank));
	for (int i = 0; i < 9 * 256; i++)
		fwrite(blank, 1, sizeof(blank), stdout);
	return 0;
}
