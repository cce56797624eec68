/* Closes its stdout and waits: it has not ended, so the interactor must
 * not see an end of input (and say "no answer") before the time limit. */
#include <stdio.h>
#include <unistd.h>
int main(void)
{
	fclose(stdout);
	for (;;)
		pause();
}
