/* bigtable.c - a 56 MiB initialised table in the executable itself
 * (SANDBOX-MEM). The judge copies the program into /box, so the table's
 * tmpfs pages were written by the judge, not by the run: they must still
 * count against the run's memory limit. Reads every cache line of it and
 * prints table=56 sum=N. */
#include <stdio.h>

#define TABLE_MIB 56
static unsigned char table[TABLE_MIB << 20] = { 1, 2, 3 };   /* in .data: the file is 56 MiB */

int main(void)
{
	unsigned long sum = 0;
	for (size_t i = 0; i < sizeof(table); i += 64)
		sum += table[i] + (unsigned long)i;
	printf("table=%d sum=%lu\n", TABLE_MIB, sum);
	return 0;
}
