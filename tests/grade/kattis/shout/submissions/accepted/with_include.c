/* Uses include/default/shout.h. */
#include <stdio.h>
#include <string.h>

#include "shout.h"

int main(void)
{
	char line[512];
	if (!fgets(line, sizeof(line), stdin))
		return 1;
	line[strcspn(line, "\r\n")] = '\0';
	shout(line);
	puts(line);
	return 0;
}
