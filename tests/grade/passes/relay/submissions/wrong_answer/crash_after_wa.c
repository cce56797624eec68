/* A wrong sum, then a read of the closed input and a crash: the
 * interactor ended first, so Wrong Answer, never Run Time Error. */
#include <stdio.h>
#include <stdlib.h>
int main(void)
{
	printf("1\n");
	fflush(stdout);
	char buf[1 << 16];
	while (fread(buf, 1, sizeof(buf), stdin) > 0)
		;
	abort();
}
