#!/usr/bin/env python3
"""gen.py - writes tests/ for fundraiser-streak (deterministic: python3 gen.py)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import here, write_tests  # noqa: E402

A = 10**9


def solve(a, goal):
    best, left, total = 0, 0, 0
    for right, x in enumerate(a):
        total += x
        while total - a[left] >= goal:
            total -= a[left]
            left += 1
        if total >= goal and (best == 0 or right - left + 1 < best):
            best = right - left + 1
    return best


def case(name, a, goal):
    inp = "%d %d\n%s\n" % (len(a), goal, " ".join(map(str, a)))
    return (name, inp, "%d\n" % solve(a, goal))


def rand(rng, n, lo, hi):
    return [rng.randint(lo, hi) for _ in range(n)]


def main():
    rng = random.Random(5012)
    samples = [
        case("01", [2, 7, 1, 3, 8, 1, 1], 11),
        case("02", [5, 5, 5], 15),
    ]
    big = rand(rng, 100000, 1, 9999)
    small = rand(rng, 50000, 1, 99)
    spike = rand(rng, 100000, 1, 99)
    spike[70000:70003] = [9000, 9500, 9800]
    hidden = [
        case("01-one-day-enough", [10], 10),
        case("02-one-day-short", [9], 10),
        case("03-never-reached", [1, 2, 3, 4], 11),
        case("04-needs-everything", [1, 2, 3, 4], 10),
        case("05-single-big-day", [1, 1, 50, 1, 1], 20),
        case("06-all-equal", [4] * 30, 17),
        case("07-goal-one", [3, 9, 2], 1),
        case("08-best-at-end", [1, 1, 1, 1, 1, 1, 6, 6], 12),
        case("09-best-at-start", [6, 6, 1, 1, 1, 1, 1, 1], 12),
        case("10-huge-goal-reached", [A] * 2000, 2 * 10**12),
        case("11-huge-goal-missed", [A] * 1999, 2 * 10**12),
        case("12-exact-64bit", [A] * 5000, 4999 * A + 1),
        case("13-random-small", rand(rng, 40, 1, 20), 60),
        case("14-random-medium-impossible", rand(rng, 3000, 1, 100), 10**6),
        case("15-large-random", big, 10**6),
        case("16-large-short-spike", spike, 28000),
        case("17-large-impossible", small, sum(small) + 1),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
