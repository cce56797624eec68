/* Trailing zeros of low * (low+1) * ... * high: the smaller of the number
 * of factors 2 and 5, each counted with Legendre's formula on high and on
 * low - 1. */
static long long exponent(long long n, long long p)
{
    long long e = 0;
    while (n) {
        n /= p;
        e += n;
    }
    return e;
}

long long productZeros(long long low, long long high) {
    long long twos = exponent(high, 2) - exponent(low - 1, 2);
    long long fives = exponent(high, 5) - exponent(low - 1, 5);
    return twos < fives ? twos : fives;
}
