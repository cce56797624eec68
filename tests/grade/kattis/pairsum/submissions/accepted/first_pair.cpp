// The first pair in (i, j) order: O(n^2), fine for n <= 1000.
#include <iostream>
#include <vector>

int main()
{
    int n;
    long long t;
    std::cin >> n >> t;
    std::vector<long long> a(n);
    for (auto &x : a)
        std::cin >> x;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (a[i] + a[j] == t) {
                std::cout << i + 1 << " " << j + 1 << "\n";
                return 0;
            }
    std::cout << "impossible\n";
}
