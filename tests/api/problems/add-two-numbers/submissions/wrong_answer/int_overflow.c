#include <stdio.h>

/* int overflows on the large hidden test: right on the samples only. */
int main(void)
{
	int a, b;
	if (scanf("%d %d", &a, &b) != 2)
		return 1;
	printf("%d\n", a + b);
	return 0;
}
