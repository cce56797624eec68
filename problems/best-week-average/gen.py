#!/usr/bin/env python3
"""gen.py - writes tests/ for best-week-average (deterministic: python3 gen.py).

No test uses a k divisible by 128: then no average lies exactly halfway
between two 6-digit decimals, and every language's %.6f rounding agrees."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402

LIM = 10**4


def solve(a, k):
    s = sum(a[:k])
    best = s
    for i in range(k, len(a)):
        s += a[i] - a[i - k]
        best = max(best, s)
    return best / k


def case(name, a, k):
    assert 1 <= k <= len(a) and k % 128 != 0
    return (name, fn_input(a, k), fn_answer(solve(a, k)))


def rand(rng, n, lo=-LIM, hi=LIM):
    return [rng.randint(lo, hi) for _ in range(n)]


def main():
    rng = random.Random(5003)
    samples = [
        case("01", [12, 15, 11, 19, 20, 8, 10], 3),
        case("02", [-3, -1, -4, -2], 2),
    ]
    start_best = [LIM] * 5 + rand(rng, 200, -LIM, 0)
    end_best = rand(rng, 300, -LIM, LIM // 2) + [LIM] * 7
    hidden = [
        case("01-single-reading", [-7], 1),
        case("02-k-equals-n", [1, 2, 2], 3),
        case("03-k-is-one", [5, -2, 17, 16, 0], 1),
        case("04-all-negative", [-9, -8, -10, -8, -9, -7], 4),
        case("05-all-equal", [42] * 50, 13),
        case("06-negative-fraction", [-1, 0, 0, -2, -5], 3),
        case("07-two-thirds-rounds-up", [0, 1, 1, -5], 3),
        case("08-max-values", [LIM] * 20, 7),
        case("09-min-values", [-LIM] * 20, 9),
        case("10-increasing", list(range(-50, 50)), 11),
        case("11-decreasing", list(range(50, -50, -1)), 11),
        case("12-best-at-start", start_best, 5),
        case("13-best-at-end", end_best, 7),
        case("14-random-medium", rand(rng, 1000), 37),
        case("15-random-k-large", rand(rng, 2000), 1999),
        case("16-large-half-window", rand(rng, 100000, -999, 999), 50000),
        case("17-large-third-window", rand(rng, 100000, -999, 999), 30011),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
