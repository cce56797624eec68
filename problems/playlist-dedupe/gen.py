#!/usr/bin/env python3
"""gen.py - writes tests/ for playlist-dedupe (deterministic: fixed seed)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402

LIMIT = 10**9


def deduped(a):
    """Reference: the distinct values in order."""
    return [v for i, v in enumerate(a) if i == 0 or a[i - 1] != v]


def case(name, a):
    assert a == sorted(a)
    return (name, fn_input(a), fn_answer(deduped(a)))


rng = random.Random(5002)


def playlist(n, lo, hi, max_run):
    out = []
    v = lo
    while len(out) < n:
        v = rng.randint(v, min(hi, v + 3))
        out.extend([v] * min(n - len(out), rng.randint(1, max_run)))
        v += 1
        if v > hi:
            break
    return out


samples = [
    case("01", [1, 1, 2, 3, 3]),
    case("02", [-4, 0, 0, 8]),
]
hidden = [
    case("01-empty", []),
    case("02-single", [42]),
    case("03-pair-equal", [7, 7]),
    case("04-pair-distinct", [7, 8]),
    case("05-triple", [2, 2, 2]),
    case("06-all-equal-long", [9] * 1000),
    case("07-run-at-start", [1, 1, 1, 1, 2, 3]),
    case("08-run-at-end", [1, 2, 3, 3, 3, 3]),
    case("09-no-duplicates", list(range(-10, 11))),
    case("10-negatives", [-9, -9, -9, -5, -5, -1, -1, -1, -1]),
    case("11-extremes", [-LIMIT, -LIMIT, -LIMIT, 0, LIMIT, LIMIT, LIMIT]),
    case("12-alternating-runs", [1, 1, 2, 3, 3, 3, 4, 5, 5, 5, 5, 6]),
    case("13-random-small", playlist(30, -20, 20, 4)),
    case("14-random-medium", playlist(2000, -LIMIT, LIMIT, 6)),
    case("15-long-runs", playlist(5000, 0, 50, 400)),
    case("16-large", playlist(100000, 0, 99999, 5)),
]
write_tests(here(__file__), samples, hidden)
