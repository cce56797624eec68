/* Right while n >= 2; spins on the pass that gets 1. */
#include <stdio.h>
int main(void)
{
	long n;
	if (scanf("%ld", &n) != 1)
		return 1;
	if (n == 1)
		for (volatile unsigned long i = 0;; i++)
			;
	printf("%ld\n", n - 1);
	return 0;
}
