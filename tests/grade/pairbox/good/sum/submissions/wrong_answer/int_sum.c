/* Wrong: 32-bit arithmetic overflows on the large tests (the first ones pass). */
#include <stdio.h>

int main(void)
{
	long long n, x;
	int s = 0;
	if (scanf("%lld", &n) != 1)
		return 1;
	while (n-- > 0 && scanf("%lld", &x) == 1)
		s = (int)((unsigned)s + (unsigned)x);
	printf("%d\n", s);
	return 0;
}
