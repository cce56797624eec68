import sys
from itertools import compress
from math import isqrt


def main():
    lo, hi = map(int, sys.stdin.read().split())
    root = isqrt(hi)
    small = bytearray([1]) * (root + 1)
    small[0:2] = b"\x00\x00"[: min(2, root + 1)]
    for p in range(2, isqrt(root) + 1):
        if small[p]:
            small[p * p::p] = bytes(len(range(p * p, root + 1, p)))
    size = hi - lo + 1
    window = bytearray([1]) * size
    for p in compress(range(root + 1), small):
        start = max(p * p, (lo + p - 1) // p * p)
        if start <= hi:
            window[start - lo::p] = bytes(len(range(start - lo, size, p)))
    if lo <= 1:
        window[1 - lo] = 0
    count = window.count(1)
    gap, prev, i = 0, -1, window.find(1)
    while i >= 0:
        if prev >= 0 and i - prev > gap:
            gap = i - prev
        prev = i
        i = window.find(1, i + 1)
    print(count, gap)


main()
