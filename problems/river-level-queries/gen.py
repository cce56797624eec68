#!/usr/bin/env python3
"""gen.py - writes tests/ for river-level-queries (deterministic: python3 gen.py)."""
import itertools
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import here, write_tests  # noqa: E402

LIM = 10**9


def case(name, a, queries):
    pre = [0] + list(itertools.accumulate(a))
    inp = "%d %d\n%s\n" % (len(a), len(queries), " ".join(map(str, a)))
    inp += "".join("%d %d\n" % (l, r) for l, r in queries)
    ans = "".join("%d\n" % (pre[r] - pre[l - 1]) for l, r in queries)
    return (name, inp, ans)


def rand_queries(rng, n, q):
    out = []
    for _ in range(q):
        l, r = rng.randint(1, n), rng.randint(1, n)
        out.append((min(l, r), max(l, r)))
    return out


def long_queries(rng, n, q):
    """Ranges from the first tenth to the last tenth: about 0.8 n hours each."""
    return [(rng.randint(1, n // 10), rng.randint(n - n // 10, n)) for _ in range(q)]


def main():
    rng = random.Random(5005)
    samples = [
        case("01", [3, -1, 4, -1, 5], [(1, 5), (2, 4), (3, 3)]),
        case("02", [-2, -2, 7], [(1, 2), (2, 3)]),
    ]
    n_mid = 1000
    hidden = [
        case("01-one-hour", [42], [(1, 1)]),
        case("02-one-hour-negative", [-LIM], [(1, 1), (1, 1)]),
        case("03-all-zero", [0] * 10, [(1, 10), (4, 7), (10, 10)]),
        case("04-whole-range", [5, 4, 3, 2, 1], [(1, 5)] * 3),
        case("05-single-points", [9, -8, 7, -6], [(i, i) for i in range(1, 5)]),
        case("06-prefixes", list(range(1, 11)), [(1, r) for r in range(1, 11)]),
        case("07-suffixes", list(range(-5, 5)), [(l, 10) for l in range(1, 11)]),
        case("08-cancel-out", [7, -7] * 20, [(1, 40), (2, 39), (1, 39), (3, 6)]),
        case("09-max-positive-64bit", [LIM] * 1000, [(1, 1000), (1, 999), (500, 500)]),
        case("10-max-negative-64bit", [-LIM] * 1000, [(1, 1000), (2, 1000)]),
        case("11-alternating-extremes", [LIM, -LIM] * 50, rand_queries(rng, 100, 50)),
        case("12-random-small", [rng.randint(-9, 9) for _ in range(30)], rand_queries(rng, 30, 30)),
        case("13-random-extremes",
             [rng.randint(-LIM, LIM) for _ in range(n_mid)], rand_queries(rng, n_mid, 2000)),
        case("14-many-queries-tiny-array", [1, -2, 3], rand_queries(rng, 3, 5000)),
        case("15-large-long-ranges",
             [rng.randint(-9999, 9999) for _ in range(30000)], long_queries(rng, 30000, 30000)),
        case("16-large-random",
             [rng.randint(0, 9) for _ in range(100000)], rand_queries(rng, 100000, 5000)),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
