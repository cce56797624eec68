#!/usr/bin/env python3
"""gen.py - writes tests/ for ticket-pack-reversal (deterministic: fixed seed)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402

LIMIT = 10**9


def packed(a, k):
    """Reference: reverse full slices of an array."""
    out = []
    for i in range(0, len(a), k):
        pack = a[i:i + k]
        out.extend(pack[::-1] if len(pack) == k else pack)
    return out


def case(name, a, k):
    return (name, fn_input(a, k), fn_answer(packed(a, k)))


rng = random.Random(5018)


def strip(n, lo=-LIMIT, hi=LIMIT):
    return [rng.randint(lo, hi) for _ in range(n)]


samples = [
    case("01", [1, 2, 3, 4, 5, 6], 3),
    case("02", [10, 20, 30, 40], 2),
]
hidden = [
    case("01-empty", [], 3),
    case("02-single-k1", [5], 1),
    case("03-single-k2", [5], 2),
    case("04-k1", [1, 2, 3, 4, 5], 1),
    case("05-short-tail", [1, 2, 3, 4, 5], 2),
    case("06-short-tail-longer", [1, 2, 3, 4, 5, 6, 7, 8], 3),
    case("07-k-equals-n", [1, 2, 3, 4, 5, 6, 7], 7),
    case("08-k-exceeds-n", [1, 2, 3], 4),
    case("09-k-n-minus-one", [1, 2, 3, 4, 5, 6], 5),
    case("10-duplicates", [2, 2, 1, 1, 2, 2, 1], 2),
    case("11-extremes", [-LIMIT, LIMIT, 0, LIMIT, -LIMIT], 3),
    case("12-random-small", strip(23), 4),
    case("13-random-medium", strip(3001), 17),
    case("14-huge-k", strip(1000), 100000),
    case("15-large-k2", strip(100000, 0, 999), 2),
    case("16-large-whole", strip(20000, 0, 9999), 20000),
    case("17-large-tail", strip(30000, 0, 99), 997),
]
write_tests(here(__file__), samples, hidden)
