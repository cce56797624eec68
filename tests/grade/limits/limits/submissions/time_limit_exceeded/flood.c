/* Writes forever: past the output limit it runs on, out of time. */
#include <stdio.h>

int main(void)
{
	for (;;)
		fputs("all work and no play makes a dull program\n", stdout);
}
