/* Reads integers until EOF and prints their sum. */
#include <stdio.h>

int main(void)
{
	long long sum = 0, x;
	while (scanf("%lld", &x) == 1)
		sum += x;
	printf("%lld\n", sum);
	return 0;
}
