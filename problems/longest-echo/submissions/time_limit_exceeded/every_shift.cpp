// Correct but O(n^2): for every shift d, the longest run of positions i
// with s[i] == s[i + d].
#include <cstdio>
#include <iostream>
#include <string>

int main() {
	std::ios::sync_with_stdio(false);
	std::string s;
	std::cin >> s;
	int n = (int)s.size();
	int best = 0, start = -1;
	for (int d = 1; d < n; d++) {
		int run = 0;
		for (int i = 0; i + d < n; i++) {
			run = s[i] == s[i + d] ? run + 1 : 0;
			if (run == 0)
				continue;
			int from = i - run + 1;
			if (run > best || (run == best && from < start)) {
				best = run;
				start = from;
			}
		}
	}
	printf("%d %d\n", best, start);
	return 0;
}
