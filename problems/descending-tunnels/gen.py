#!/usr/bin/env python3
"""gen.py - writes tests/ for descending-tunnels (deterministic: fixed seed)."""
import os
import random
import sys
from collections import Counter

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, tree_from_level, tree_shape, write_tests  # noqa: E402

LIMIT = 10**9


def tunnels(t, target):
    """Reference: prefix sums of the root path, counted in a Counter that
    is updated on entering and leaving each node (explicit stack)."""
    if t.root < 0:
        return 0
    seen = Counter({0: 1})
    total = 0
    stack = [(t.root, 0, False)]
    while stack:
        i, above, leaving = stack.pop()
        s = above + t.vals[i]
        if leaving:
            seen[s] -= 1
            continue
        total += seen[s - target]
        seen[s] += 1
        stack.append((i, above, True))
        for c in (t.left[i], t.right[i]):
            if c >= 0:
                stack.append((c, s, False))
    return total


def brute(t, target):
    """Every start node, every descendant: for the small tests."""
    count = 0
    for start in range(len(t)):
        stack = [(start, 0)]
        while stack:
            i, s = stack.pop()
            s += t.vals[i]
            count += s == target
            stack.extend((c, s) for c in (t.left[i], t.right[i]) if c >= 0)
    return count


def case(name, t, target):
    answer = tunnels(t, target)
    if len(t) <= 3000:
        assert answer == brute(t, target), name
    return (name, fn_input(t.level_order(), target), fn_answer(answer))


def lcase(name, arr, target):
    return case(name, tree_from_level(arr), target)


rng = random.Random(5010)


def cave(shape, n, lo, hi):
    t = tree_shape(rng, n, shape)
    t.vals = [rng.randint(lo, hi) for _ in range(n)]
    return t


samples = [
    lcase("01", [5, 3, -2, 1, 2, None, 6, None, None, -1], 9),
    lcase("02", [1, -1, 1, None, 1], 1),
]
hidden = [
    lcase("01-empty", [], 0),
    lcase("02-single-hit", [7], 7),
    lcase("03-single-miss", [7], -7),
    lcase("04-zero-target-single-zero", [0], 0),
    lcase("05-negative-target", [-2, -3, 4, -1, None, -6], -5),
    lcase("06-extremes", [LIMIT, LIMIT, -LIMIT, LIMIT, None, None, -LIMIT], 3 * LIMIT),
    lcase("07-extreme-target-miss", [LIMIT, LIMIT], 10**14),
    case("08-zero-complete", cave("complete", 1023, 0, 0), 0),
    case("09-left-path-small", cave("left", 60, -3, 3), 2),
    case("10-random-small", cave("random", 40, -5, 5), 3),
    case("11-random-medium", cave("random", 2000, -10, 10), -7),
    case("12-wide-values", cave("random", 3000, -LIMIT, LIMIT), 0),
    case("13-caterpillar", cave("caterpillar", 3000, -2, 2), 1),
    case("14-zigzag", cave("zigzag", 3000, -1, 1), 0),
    case("15-large-random", cave("random", 50000, -9, 9), 4),
    case("16-large-zero-path", cave("right", 66000, 0, 0), 0),
]
write_tests(here(__file__), samples, hidden)
