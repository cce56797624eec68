// Runaway Mine Carts: a stack of surviving carts, west to east.
#include <cstdio>
#include <vector>

int main() {
	int n;
	if (scanf("%d", &n) != 1)
		return 1;
	std::vector<long long> st;
	st.reserve(n);
	for (int i = 0; i < n; i++) {
		long long c;
		if (scanf("%lld", &c) != 1)
			return 1;
		if (c > 0) {
			st.push_back(c);
			continue;
		}
		long long m = -c;
		while (m > 0 && !st.empty() && st.back() > 0) {
			if (st.back() > m) {
				st.back() -= m;
				m = 0;
			} else {
				m -= st.back();
				st.pop_back();
			}
		}
		if (m > 0)
			st.push_back(-m);
	}
	printf("%zu\n", st.size());
	for (size_t i = 0; i < st.size(); i++)
		printf(i ? " %lld" : "%lld", st[i]);
	printf("\n");
	return 0;
}
