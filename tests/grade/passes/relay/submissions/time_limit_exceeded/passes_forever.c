/* Never answers: "pass" forever, never reading. The interactor keeps
 * reading; the program runs out of time, and that is the verdict. */
#include <stdio.h>
int main(void)
{
	for (;;)
		puts("pass");
}
