#!/usr/bin/env python3
"""gen.py - writes tests/ for kth-tower-distance (deterministic: python3 gen.py)."""
import itertools
import os
import random
import sys
from bisect import bisect_right

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402

P = 10**6


def count_within(a, d):
    """Pairs at most d apart in sorted a, by binary search per tower."""
    return sum(bisect_right(a, x + d, i + 1) - i - 1 for i, x in enumerate(a))


def solve(positions, k):
    a = sorted(positions)
    lo, hi = 0, a[-1] - a[0]
    while lo < hi:
        mid = (lo + hi) // 2
        if count_within(a, mid) >= k:
            hi = mid
        else:
            lo = mid + 1
    return lo


def brute(positions, k):
    return sorted(abs(x - y) for x, y in itertools.combinations(positions, 2))[k - 1]


def case(name, positions, k):
    n = len(positions)
    assert 1 <= k <= n * (n - 1) // 2
    if n <= 300:
        assert solve(positions, k) == brute(positions, k)
    return (name, fn_input(positions, k), fn_answer(solve(positions, k)))


def rand(rng, n, hi=P):
    return [rng.randint(0, hi) for _ in range(n)]


def pairs(n):
    return n * (n - 1) // 2


def main():
    rng = random.Random(5017)
    samples = [
        case("01", [4, 1, 9, 6], 3),
        case("02", [5, 5, 12], 1),
    ]
    clustered = [rng.choice((rng.randint(0, 50), rng.randint(P - 50, P))) for _ in range(20000)]
    hidden = [
        case("01-two-towers", [0, P], 1),
        case("02-two-same-place", [7, 7], 1),
        case("03-all-same-place", [3] * 20, 190),
        case("04-k-is-last", [10, 2, 7, 30, 19], 10),
        case("05-k-is-first", [10, 2, 7, 30, 19], 1),
        case("06-duplicates", [1, 1, 1, 5, 5, 9], 8),
        case("07-evenly-spaced", list(range(0, 1000, 10)), pairs(100) // 2),
        case("08-unsorted-input", [50, 40, 30, 20, 10, 0], 7),
        case("09-extreme-positions", [0, 0, P, P], 3),
        case("10-random-small", rand(rng, 60, 100), 700),
        case("11-random-medium", rand(rng, 300), 22222),
        case("12-random-medium-last", rand(rng, 3000), pairs(3000)),
        case("13-random-medium-first", rand(rng, 3000), 1),
        case("14-large-median", rand(rng, 100000, 10**5), pairs(100000) // 2),
        case("15-large-last-64bit", rand(rng, 70000, 999), pairs(70000) - 5),
        case("16-large-two-clusters", clustered, pairs(20000) // 2 + 12345),
        case("17-large-small-k", rand(rng, 20000), 1000),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
