#!/usr/bin/env python3
"""gen.py - writes tests/ for terrace-averages (deterministic: fixed seed)."""
import os
import random
import sys
from fractions import Fraction

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, tree_from_level, tree_shape, write_tests  # noqa: E402

LIMIT = 10**4


def averages(t):
    """Reference: per-depth sums and counts from the node arrays."""
    sums, counts = [], []
    stack = [(t.root, 0)] if t.root >= 0 else []
    while stack:
        i, d = stack.pop()
        if d == len(sums):
            sums.append(0)
            counts.append(0)
        sums[d] += t.vals[i]
        counts[d] += 1
        for c in (t.left[i], t.right[i]):
            if c >= 0:
                stack.append((c, d + 1))
    for s, c in zip(sums, counts):
        # A mean exactly halfway between two 6-digit printings would make
        # the answer depend on the rounding rule; the tests avoid it.
        assert Fraction(s * 10**6, c).denominator != 2, "rounding tie"
    return [s / c for s, c in zip(sums, counts)]


def case(name, t):
    return (name, fn_input(t.level_order()), fn_answer(averages(t)))


def lcase(name, arr):
    return case(name, tree_from_level(arr))


rng = random.Random(5003)


def filled(shape, n, lo=-LIMIT, hi=LIMIT):
    t = tree_shape(rng, n, shape)
    t.vals = [rng.randint(lo, hi) for _ in range(n)]
    # Nudge one value on a level whose mean would be a rounding tie.
    level = [t.root] if n else []
    while level:
        while Fraction(sum(t.vals[i] for i in level) * 10**6, len(level)).denominator == 2:
            t.vals[level[0]] += -1 if t.vals[level[0]] > lo else 1
        level = [c for i in level for c in (t.left[i], t.right[i]) if c >= 0]
    return t


samples = [
    lcase("01", [10, 3, 17, None, 8, -6, 13]),
    lcase("02", [1, None, 2, None, 3]),
]
hidden = [
    lcase("01-empty", []),
    lcase("02-single", [7]),
    lcase("03-single-negative", [-7]),
    lcase("04-two-levels-fraction", [1, 2, 3, 4]),
    lcase("05-negative-fraction", [0, -1, -2, -3, -4, -5]),
    lcase("06-thirds", [5, 1, 2, 3, 4, 5]),
    lcase("07-all-equal", [6] * 15),
    lcase("08-zero-mean", [0, -3, 3, 5, -5, 1, -1]),
    lcase("09-extremes", [LIMIT, -LIMIT, LIMIT, LIMIT, LIMIT, -LIMIT, LIMIT]),
    case("10-left-path", filled("left", 50)),
    case("11-zigzag", filled("zigzag", 200)),
    case("12-random-small", filled("random", 40)),
    case("13-random-medium", filled("random", 3000)),
    case("14-complete-large", filled("complete", 100000)),
    case("15-random-large", filled("random", 30000)),
    case("16-deep-path", filled("right", 20000, -9, 9)),
]
write_tests(here(__file__), samples, hidden)
