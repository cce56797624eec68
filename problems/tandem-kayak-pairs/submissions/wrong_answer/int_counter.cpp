#include <algorithm>
#include <cstdio>
#include <vector>

int main() {
    int n;
    long long limit;
    if (scanf("%d %lld", &n, &limit) != 2) return 1;
    std::vector<long long> w(n);
    for (auto &x : w) scanf("%lld", &x);
    std::sort(w.begin(), w.end());
    int count = 0;  // Bug: the number of pairs can exceed 2^31 - 1
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        if (w[lo] + w[hi] <= limit) {
            count += hi - lo;
            lo++;
        } else {
            hi--;
        }
    }
    printf("%d\n", count);
    return 0;
}
