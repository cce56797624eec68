/* Never finishes: the volatile counter keeps the loop from being optimised away. */
#include <stdio.h>

int main(void)
{
	volatile unsigned long n = 0;
	for (;;)
		n++;
	printf("%lu\n", n);
	return 0;
}
