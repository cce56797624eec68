/* Reads everything, then crashes without answering: the program ended
 * first, so its crash is the verdict, not the interactor's "no answer". */
#include <stdio.h>
#include <stdlib.h>
int main(void)
{
	unsigned long long n, x;
	if (scanf("%llu", &n) != 1)
		return 1;
	for (unsigned long long i = 0; i < n; i++)
		if (scanf("%llu", &x) != 1)
			break;
	abort();
}
