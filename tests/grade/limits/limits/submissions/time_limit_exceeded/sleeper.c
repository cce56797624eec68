/* Never answers and uses no CPU: stopped when idle for its CPU limit. */
#include <unistd.h>

int main(void)
{
	for (;;)
		sleep(1);
}
