#!/usr/bin/env python3
"""gen.py - writes tests/ for relay-trio-closest (deterministic: python3 gen.py)."""
import itertools
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402

V = 10**6


def better(s, best, target):
    return best is None or (abs(s - target), s) < (abs(best - target), best)


def solve(ratings, target):
    a = sorted(ratings)
    n, best = len(a), None
    for i in range(n - 2):
        lo, hi = i + 1, n - 1
        while lo < hi:
            s = a[i] + a[lo] + a[hi]
            if better(s, best, target):
                best = s
            if s < target:
                lo += 1
            elif s > target:
                hi -= 1
            else:
                return s
    return best


def brute(ratings, target):
    best = None
    for t in itertools.combinations(ratings, 3):
        if better(sum(t), best, target):
            best = sum(t)
    return best


def case(name, ratings, target):
    if len(ratings) <= 40:
        assert solve(ratings, target) == brute(ratings, target)
    return (name, fn_input(ratings, target), fn_answer(solve(ratings, target)))


def rand(rng, n, lo, hi):
    return [rng.randint(lo, hi) for _ in range(n)]


def main():
    rng = random.Random(5016)
    samples = [
        case("01", [8, 3, 14, 5, 1], 20),
        case("02", [4, 4, 4, 4], 5),
    ]
    evens = [2 * x for x in rand(rng, 1000, -V // 2, V // 2)]
    hidden = [
        case("01-three-runners", [-5, 2, 9], 100),
        case("02-exact-hit", [10, 20, 30, 40, 50], 90),
        case("03-tie-smaller-wins", [4, 12, 4, 6, -12], 17),
        case("04-tie-negative", [0, -1, -11, -8, -12], -16),
        case("05-all-negative", [-9, -3, -7, -1, -5], -20),
        case("06-duplicates", [5, 5, 5, 1, 1, 9], 12),
        case("07-target-far-above", [1, 2, 3, 4, 5], 10**7),
        case("08-target-far-below", [1, 2, 3, 4, 5], -10**7),
        case("09-extremes", [V, V, V, -V, -V, -V], 1),
        case("10-all-equal", [7] * 30, 22),
        case("11-odd-target-even-values", [2, 4, 6, 8, 10, 12], 15),
        case("12-random-small", rand(rng, 30, -50, 50), 17),
        case("13-random-ties", [2 * x for x in rand(rng, 40, -100, 100)], 31),
        case("14-random-medium", rand(rng, 300, -V, V), 12345),
        case("15-large-random", rand(rng, 1000, -V, V), -777777),
        case("16-large-even-odd-target", evens, 1000001),
        case("17-large-no-exact", rand(rng, 1000, 0, V) , 3 * V + 1),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
