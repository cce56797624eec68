#!/usr/bin/env python3
"""gen.py - writes tests/ for merge-sorted-queues (deterministic: fixed seed)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402

LIMIT = 10**9


def merged(a, b):
    """Reference: merge two sorted arrays by indices."""
    out, i, j = [], 0, 0
    while i < len(a) or j < len(b):
        if j == len(b) or (i < len(a) and a[i] <= b[j]):
            out.append(a[i])
            i += 1
        else:
            out.append(b[j])
            j += 1
    return out


def case(name, a, b):
    assert a == sorted(a) and b == sorted(b)
    return (name, fn_input(a, b), fn_answer(merged(a, b)))


rng = random.Random(5001)


def lane(n, lo, hi):
    return sorted(rng.randint(lo, hi) for _ in range(n))


samples = [
    case("01", [1, 5, 9, 12], [2, 3, 10]),
    case("02", [4, 4, 7], [4]),
]
hidden = [
    case("01-both-empty", [], []),
    case("02-first-empty", [], [3, 8, 8, 20]),
    case("03-second-empty", [-5, 0, 2], []),
    case("04-one-each", [7], [-7]),
    case("05-first-all-smaller", [1, 2, 3], [4, 5, 6, 7]),
    case("06-second-all-smaller", [10, 11, 12], [1, 2]),
    case("07-interleaved", [1, 3, 5, 7, 9, 11], [2, 4, 6, 8, 10, 12]),
    case("08-duplicates-across", [1, 1, 2, 2, 3], [1, 2, 2, 3, 3, 3]),
    case("09-all-equal", [5] * 6, [5] * 4),
    case("10-negatives", [-30, -20, -10, -1], [-25, -15, -5, 0]),
    case("11-extremes", [-LIMIT, -LIMIT, LIMIT], [-LIMIT, LIMIT, LIMIT]),
    case("12-long-and-single", lane(50, -100, 100), [0]),
    case("13-random-small", lane(20, -50, 50), lane(25, -50, 50)),
    case("14-second-long-tail", lane(200, -1000, 0), lane(300, -500, 1000)),
    case("15-random-wide", lane(1000, -LIMIT, LIMIT), lane(1500, -LIMIT, LIMIT)),
    case("16-large", lane(30000, 0, 99999), lane(30000, 0, 99999)),
    case("17-large-one-side", [], lane(50000, -9999, 9999)),
]
write_tests(here(__file__), samples, hidden)
