#include <algorithm>
#include <cstdio>
#include <vector>

struct Req { long long s, e, pay; };

int main() {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    std::vector<Req> r(n);
    for (auto &x : r) scanf("%lld %lld %lld", &x.s, &x.e, &x.pay);
    std::sort(r.begin(), r.end(), [](const Req &a, const Req &b) { return a.e < b.e; });
    std::vector<long long> ends(n), best(n + 1, 0);
    for (int i = 0; i < n; i++) ends[i] = r[i].e;
    for (int i = 0; i < n; i++) {
        // Bug: upper_bound also counts requests that end on day s, the very
        // day this one starts, as compatible.
        int j = std::upper_bound(ends.begin(), ends.end(), r[i].s) - ends.begin();
        if (j > i) j = i;
        best[i + 1] = std::max(best[i], r[i].pay + best[j]);
    }
    printf("%lld\n", best[n]);
    return 0;
}
