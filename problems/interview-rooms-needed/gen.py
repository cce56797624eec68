#!/usr/bin/env python3
"""gen.py - writes tests/ for interview-rooms-needed (deterministic: python3 gen.py)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import here, write_tests  # noqa: E402

T = 10**9


def solve(iv):
    events = sorted([(e, -1) for _, e in iv] + [(s, 1) for s, _ in iv])  # ends sort before starts
    cur = best = 0
    for _, d in events:
        cur += d
        best = max(best, cur)
    return best


def case(name, iv):
    inp = "%d\n" % len(iv) + "".join("%d %d\n" % (s, e) for s, e in iv)
    return (name, inp, "%d\n" % solve(iv))


def rand(rng, n, horizon, maxlen):
    out = []
    for _ in range(n):
        s = rng.randint(0, horizon - 1)
        out.append((s, min(horizon, s + rng.randint(1, maxlen))))
    return out


def main():
    rng = random.Random(5009)
    samples = [
        case("01", [(9, 12), (10, 11), (11, 13), (12, 14)]),
        case("02", [(1, 5), (5, 8), (8, 9)]),
    ]
    hidden = [
        case("01-one-interview", [(0, T)]),
        case("02-back-to-back", [(i, i + 1) for i in range(10)]),
        case("03-all-identical", [(5, 9)] * 7),
        case("04-nested", [(i, 100 - i) for i in range(20)]),
        case("05-same-start", [(3, 4), (3, 10), (3, 5)]),
        case("06-same-end", [(1, 9), (4, 9), (8, 9)]),
        case("07-end-meets-start-many", [(0, 10)] * 3 + [(10, 20)] * 3),
        case("08-staircase", [(i, i + 3) for i in range(0, 30)]),
        case("09-extremes", [(0, 1), (T - 1, T), (0, T)]),
        case("10-unsorted-disjoint", [(50, 60), (10, 20), (30, 40), (0, 5)]),
        case("11-peak-at-the-end", [(i, 1000) for i in range(0, 1000, 100)] + [(0, 1)]),
        case("12-random-small", rand(rng, 30, 100, 20)),
        case("13-random-medium", rand(rng, 3000, T, 10**7)),
        case("14-random-short", rand(rng, 5000, 10**5, 5)),
        case("15-large-random", rand(rng, 40000, 10**5, 200)),
        case("16-large-all-overlap", [(rng.randint(0, 999), rng.randint(10**5, 10**5 + 999)) for _ in range(40000)]),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
