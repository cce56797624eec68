#!/usr/bin/env python3
"""gen.py - writes tests/ for rotating-light-string (deterministic: fixed seed)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402

LIMIT = 10**9
KMAX = 2 * 10**9


def rotated(a, k):
    """Reference: slicing on an array."""
    if not a:
        return []
    r = k % len(a)
    return a[len(a) - r:] + a[:len(a) - r]


def case(name, a, k):
    return (name, fn_input(a, k), fn_answer(rotated(a, k)))


rng = random.Random(5007)


def bulbs(n, lo=-LIMIT, hi=LIMIT):
    return [rng.randint(lo, hi) for _ in range(n)]


samples = [
    case("01", [1, 2, 3, 4, 5], 2),
    case("02", [7, 8, 9], 4),
]
hidden = [
    case("01-empty", [], 5),
    case("02-empty-k-zero", [], 0),
    case("03-single", [42], 7),
    case("04-k-zero", [1, 2, 3], 0),
    case("05-k-equals-n", [1, 2, 3, 4], 4),
    case("06-k-one", [1, 2, 3, 4, 5, 6], 1),
    case("07-k-n-minus-one", [1, 2, 3, 4, 5, 6], 5),
    case("08-k-multiple-of-n", [5, 6, 7], 3000),
    case("09-single-huge-k", [-3], KMAX),
    case("10-two-huge-k", [1, 2], KMAX - 1),
    case("11-duplicates", [4, 4, 1, 4, 4], 3),
    case("12-extremes", [-LIMIT, LIMIT, 0, -LIMIT, LIMIT], 123456789),
    case("13-random-small", bulbs(17), 1234567),
    case("14-random-medium", bulbs(5000), 2 * 10**9 - 3),
    case("15-medium-half-turn", bulbs(20000, 0, 9999), 10000),
    case("16-large-half-turn", bulbs(100000, 0, 999), 50000 + 100000 * 1234),
    case("17-large-multiple", bulbs(20000, 0, 99), 20000 * 99999),
]
write_tests(here(__file__), samples, hidden)
