// Right on small inputs, but the 32-bit sum overflows on the large test.
#include <cstdio>

int main()
{
    int n;
    if (std::scanf("%d", &n) != 1 || n <= 0)
        return 1;
    unsigned sum = 0;  // unsigned: wraps (defined), where int would be undefined behaviour
    for (int i = 0; i < n; i++) {
        int a;
        if (std::scanf("%d", &a) != 1)
            return 1;
        sum += static_cast<unsigned>(a);
    }
    std::printf("%.9f\n", static_cast<double>(static_cast<int>(sum)) / n);
}
