#!/usr/bin/env python3
"""gen.py - writes tests/ for toll-stones (deterministic: fixed seed)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402

LIMIT = 10**9


def min_toll(tolls):
    """Reference: best[i] over positions -1..n stored in a full table."""
    n = len(tolls)
    inf = float("inf")
    best = [inf] * (n + 2)  # best[p + 1] is position p
    best[0] = 0
    for p in range(0, n + 1):
        toll = tolls[p] if p < n else 0
        best[p + 1] = toll + min(best[p], best[p - 1] if p >= 1 else inf)
    return best[n + 1]


def case(name, tolls):
    return (name, fn_input(tolls), fn_answer(min_toll(tolls)))


rng = random.Random(5005)


def rand(n, lo, hi):
    return [rng.randint(lo, hi) for _ in range(n)]


samples = [
    case("01", [1, 100, 1, 1, 100, 1]),
    case("02", [5, 3]),
]
hidden = [
    case("01-one-stone", [7]),
    case("02-one-stone-free", [0]),
    case("03-two-stones", [4, 9]),
    case("04-greedy-trap", [10, 15, 20]),
    case("05-greedy-trap-long", [1, 2, 100, 1, 2, 100, 1, 2, 100]),
    case("06-all-zero", [0] * 20),
    case("07-all-equal", [7] * 11),
    case("08-extremes", [LIMIT] * 50),
    case("09-alternating", [LIMIT, 0] * 20),
    case("10-increasing", list(range(1, 31))),
    case("11-decreasing", list(range(30, 0, -1))),
    case("12-random-small", rand(12, 0, 20)),
    case("13-random-medium", rand(1000, 0, 1000)),
    case("14-random-huge-tolls", rand(20000, 0, LIMIT)),
    case("15-large", rand(100000, 0, 99999)),
    case("16-large-sparse-cheap", [rng.choice((0, 1, 99999)) for _ in range(60000)]),
]
write_tests(here(__file__), samples, hidden)
