#!/usr/bin/env python3
"""gen.py - writes tests/ for kiosk-lookup-tree (deterministic: fixed seed)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import Tree, fn_answer, fn_input, here, write_tests  # noqa: E402

LIMIT = 10**9


def lookup_tree(a):
    """Reference: the tree as node arrays, built with an explicit stack of
    (lo, hi, parent, side) ranges; node i holds a[i]."""
    n = len(a)
    left, right = [-1] * n, [-1] * n
    root = (n - 1) // 2 if n else -1
    stack = [(0, n - 1)] if n else []
    while stack:
        lo, hi = stack.pop()
        mid = (lo + hi) // 2
        if lo <= mid - 1:
            left[mid] = (lo + mid - 1) // 2
            stack.append((lo, mid - 1))
        if mid + 1 <= hi:
            right[mid] = (mid + 1 + hi) // 2
            stack.append((mid + 1, hi))
    return Tree(list(a), left, right, root)


def case(name, a):
    assert all(x < y for x, y in zip(a, a[1:]))
    return (name, fn_input(a), fn_answer(lookup_tree(a).level_order()))


rng = random.Random(5009)


def ids(n, lo=-LIMIT, hi=LIMIT):
    return sorted(rng.sample(range(lo, hi + 1), n))


samples = [
    case("01", [1, 2, 3, 4, 5, 6, 7]),
    case("02", [-10, 0, 10]),
]
hidden = [
    case("01-empty", []),
    case("02-single", [5]),
    case("03-two", [1, 2]),
    case("04-four", [1, 2, 3, 4]),
    case("05-five", [10, 20, 30, 40, 50]),
    case("06-six", [-3, -2, -1, 0, 1, 2]),
    case("07-fifteen", list(range(1, 16))),
    case("08-sixteen", list(range(1, 17))),
    case("09-extremes", [-LIMIT, -1, 0, LIMIT]),
    case("10-negatives-even", [-50, -40, -30, -20, -10, -5, -4, -2]),
    case("11-random-small", ids(23)),
    case("12-power-of-two", ids(1024)),
    case("13-power-of-two-minus-one", ids(2047)),
    case("14-random-medium", ids(5000)),
    case("15-large", ids(60000, 0, 99999)),
    case("16-large-odd", ids(20001, -LIMIT, LIMIT)),
]
write_tests(here(__file__), samples, hidden)
