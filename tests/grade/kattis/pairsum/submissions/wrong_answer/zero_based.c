/* Prints 0-based indices. */
#include <stdio.h>

int main(void)
{
	int n;
	long long t, a[1000];
	if (scanf("%d %lld", &n, &t) != 2 || n < 2 || n > 1000)
		return 1;
	for (int i = 0; i < n; i++)
		if (scanf("%lld", &a[i]) != 1)
			return 1;
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (a[i] + a[j] == t) {
				printf("%d %d\n", i, j);
				return 0;
			}
	printf("impossible\n");
	return 0;
}
