// Wrong: the distance (and a single move) is kept in 32-bit ints, which
// overflow once the lift travels more than about 2.1 * 10^9 millimetres.
#include <cstdio>

int main() {
	int n;
	if (scanf("%d", &n) != 1)
		return 1;
	int pos = 0, last = 0, dist = 0, reversals = 0;
	for (int i = 0; i < n; i++) {
		int x;
		if (scanf("%d", &x) != 1)
			return 1;
		if (x != pos) {
			int dir = x > pos ? 1 : -1;
			if (last != 0 && dir != last)
				reversals++;
			last = dir;
			dist += x > pos ? x - pos : pos - x;
			pos = x;
		}
	}
	printf("%d %d\n", dist, reversals);
	return 0;
}
