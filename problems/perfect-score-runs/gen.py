#!/usr/bin/env python3
"""gen.py - writes tests/ for perfect-score-runs (deterministic: python3 gen.py)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402

V = 10**4


def solve(a, k):
    seen = {0: 1}
    prefix = total = 0
    for x in a:
        prefix += x
        total += seen.get(prefix - k, 0)
        seen[prefix] = seen.get(prefix, 0) + 1
    return total


def brute(a, k):
    n = len(a)
    return sum(1 for i in range(n) for j in range(i + 1, n + 1) if sum(a[i:j]) == k)


def case(name, a, k):
    if len(a) <= 60:
        assert solve(a, k) == brute(a, k)
    return (name, fn_input(a, k), fn_answer(solve(a, k)))


def rand(rng, n, lo, hi):
    return [rng.randint(lo, hi) for _ in range(n)]


def main():
    rng = random.Random(5015)
    samples = [
        case("01", [2, -1, 3, 1, -2, 2], 3),
        case("02", [0, 0, 0], 0),
    ]
    hidden = [
        case("01-one-round-hit", [5], 5),
        case("02-one-round-miss", [5], -5),
        case("03-negative-target", [-3, 1, -2, -1, 2, -4], -3),
        case("04-cancel-to-zero", [1, -1, 1, -1, 1, -1], 0),
        case("05-powers-of-two", [1, 2, 4, 8, 16], 7),
        case("06-whole-array", [4, -2, 9, 1], 12),
        case("07-all-equal", [3] * 40, 9),
        case("08-huge-target-unreachable", rand(rng, 50, -V, V), 10**9),
        case("09-huge-negative-target", [-V] * 50, -500000),
        case("10-random-small", rand(rng, 40, -3, 3), 2),
        case("11-random-small-zero", rand(rng, 50, -2, 2), 0),
        case("12-random-medium", rand(rng, 3000, -50, 50), 17),
        case("13-extreme-values", [V, -V] * 500, 0),
        case("14-large-all-zero", [0] * 100000, 0),
        case("15-large-small-values", rand(rng, 100000, -10, 10), 5),
        case("16-large-wide-values", rand(rng, 100000, -V, V), 0),
        case("17-large-positive", rand(rng, 100000, 0, 3), 40),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
