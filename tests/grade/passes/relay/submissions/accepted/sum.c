#include <stdio.h>
int main(void)
{
	unsigned long long n, x, s = 0;
	if (scanf("%llu", &n) != 1)
		return 1;
	for (unsigned long long i = 0; i < n; i++)
		if (scanf("%llu", &x) == 1)
			s += x;
	printf("%llu\n", s);
	return 0;
}
