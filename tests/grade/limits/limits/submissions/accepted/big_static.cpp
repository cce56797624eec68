// 300 MiB of initialised static data: the object and the program are that
// large, past a compile box's old 64 MiB file limit and /box's 256 MiB.
#include <cstdio>

static char table[300u << 20] = { 1 };

int main()
{
	int n;
	if (std::scanf("%d", &n) != 1)
		return 1;
	table[(300u << 20) - 1] = 1;
	std::printf("%d\n", n * table[0] * table[(300u << 20) - 1]);
	return 0;
}
