#!/usr/bin/env python3
"""gen.py - writes tests/ for garden-maze-lamps (deterministic: fixed seed)."""
import itertools
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, tree_from_level, tree_shape, write_tests  # noqa: E402


def greedy(t):
    """Reference: bottom-up greedy. A room with a dark child gets a lamp;
    a room next to a child's lamp is lit; otherwise it waits for its
    parent; a dark root gets a lamp of its own."""
    dark, lit, lamp = 0, 1, 2
    state = {}
    count = 0
    for i in t.postorder():
        kids = [state[c] for c in (t.left[i], t.right[i]) if c >= 0]
        if t.vals[i] == 1:
            state[i] = lamp
        elif dark in kids:
            state[i] = lamp
            count += 1
        else:
            state[i] = lit if lamp in kids else dark
    if t.root >= 0 and state[t.root] == dark:
        count += 1
    return count


def brute(t):
    """Smallest set of new lamps lighting every room (small trees)."""
    n = len(t)
    adj = [set() for _ in range(n)]
    for i in range(n):
        for c in (t.left[i], t.right[i]):
            if c >= 0:
                adj[i].add(c)
                adj[c].add(i)
    have = [i for i in range(n) if t.vals[i] == 1]
    free = [i for i in range(n) if t.vals[i] == 0]
    for k in range(n + 1):
        for extra in itertools.combinations(free, k):
            lamps = set(have) | set(extra)
            if all(i in lamps or adj[i] & lamps for i in range(n)):
                return k
    raise AssertionError


def case(name, t):
    answer = greedy(t)
    if len(t) <= 14:
        assert answer == brute(t), name
    return (name, fn_input(t.level_order()), fn_answer(answer))


def lcase(name, arr):
    return case(name, tree_from_level(arr))


rng = random.Random(5017)


def garden(shape, n, lamp_share):
    t = tree_shape(rng, n, shape)
    t.vals = [1 if rng.random() < lamp_share else 0 for _ in range(n)]
    return t


samples = [
    lcase("01", [0, 0, 0, 0, 0, None, 0, None, None, 0]),
    lcase("02", [0, 1, 0, 0, None, 0, 0]),
]
hidden = [
    lcase("01-empty", []),
    lcase("02-single-dark", [0]),
    lcase("03-single-lamp", [1]),
    lcase("04-two-dark", [0, 0]),
    lcase("05-three-path-dark", [0, 0, None, 0]),
    lcase("06-cherry", [0, 0, 0]),
    lcase("07-all-lamps", [1, 1, 1, 1, 1, 1, 1]),
    lcase("08-dark-root-above-lamps", [0, 0, 0, 1, 1, 1, 1]),
    lcase("09-lamp-leaves-only", [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]),
    case("10-random-tiny", garden("random", 12, 0.2)),
    case("11-random-tiny-no-lamps", garden("random", 13, 0.0)),
    case("12-path-dark", garden("left", 3000, 0.0)),
    case("13-zigzag-some-lamps", garden("zigzag", 3001, 0.1)),
    case("14-caterpillar", garden("caterpillar", 5000, 0.05)),
    case("15-random-medium", garden("random", 5000, 0.1)),
    case("16-large-complete", garden("complete", 100000, 0.0)),
    case("17-large-random", garden("random", 100000, 0.03)),
]
write_tests(here(__file__), samples, hidden)
