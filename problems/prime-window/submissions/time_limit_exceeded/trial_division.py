# Correct but slow: trial division of every number in the window, up to
# 10^6 divisions per prime near 10^12.
import sys
from math import isqrt


def is_prime(m):
    if m < 2:
        return False
    if m % 2 == 0:
        return m == 2
    for d in range(3, isqrt(m) + 1, 2):
        if m % d == 0:
            return False
    return True


def main():
    lo, hi = map(int, sys.stdin.read().split())
    count, gap, prev = 0, 0, None
    for m in range(lo, hi + 1):
        if is_prime(m):
            count += 1
            if prev is not None:
                gap = max(gap, m - prev)
            prev = m
    print(count, gap)


main()
