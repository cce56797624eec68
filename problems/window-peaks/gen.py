#!/usr/bin/env python3
"""gen.py - writes tests/ for window-peaks (deterministic: python3 gen.py)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import here, write_tests  # noqa: E402

TOP = 10**6


def solve(x, k):
    # Reference: block maxima (prefix maxima within blocks of k, suffix maxima
    # within the same blocks); window [i, i+k-1] = max(suffix[i], prefix[i+k-1]).
    n = len(x)
    pre, suf = x[:], x[:]
    for i in range(1, n):
        if i % k:
            pre[i] = max(pre[i - 1], x[i])
    for i in range(n - 2, -1, -1):
        if (i + 1) % k:
            suf[i] = max(suf[i + 1], x[i])
    return [max(suf[i], pre[i + k - 1]) for i in range(n - k + 1)]


def case(name, k, x):
    ans = solve(x, k)
    if len(x) * k <= 10**6:
        assert ans == [max(x[i:i + k]) for i in range(len(x) - k + 1)]
    inp = "%d %d\n%s\n" % (len(x), k, " ".join(map(str, x)))
    return (name, inp, " ".join(map(str, ans)) + "\n")


def main():
    rng = random.Random(5215)
    samples = [case("01", 3, [60, 72, 65, 58, 80, 80, 41, 67]), case("02", 3, [5, 9, 1])]
    n, m = 100000, 30000
    hidden = [
        case("01-single", 1, [0]),
        case("02-k-one", 1, [4, 8, 15, 16, 23, 42]),
        case("03-k-equals-n", 6, [4, 8, 15, 16, 23, 42]),
        case("04-increasing", 4, list(range(1, 21))),
        case("05-decreasing", 4, list(range(20, 0, -1))),
        case("06-all-equal", 5, [70] * 30),
        case("07-equal-peak-expires", 2, [9, 1, 9, 1, 1, 9]),
        case("08-extremes", 3, [0, TOP, 0, 0, 0, TOP, TOP, 0]),
        case("09-front-expires-before-equal", 3, [5, 3, 4, 5, 2, 2, 1]),
        case("10-random-small", 7, [rng.randint(0, 100) for _ in range(60)]),
        case("11-random-medium", 100, [rng.randint(0, TOP) for _ in range(5000)]),
        case("12-large-k-half-random", n // 2, [rng.randint(0, 999) for _ in range(n)]),
        case("13-large-k-half-decreasing", m // 2, [m - i for i in range(m)]),
        case("14-large-k-one", 1, [rng.randint(0, 99) for _ in range(m)]),
        case("15-large-k-n", m, [rng.randint(0, 99) for _ in range(m)]),
        case("16-large-sawtooth", 1000, [i % 1500 for i in range(m)]),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
