#!/usr/bin/env python3
"""gen.py - writes tests/ for library-shelf-audit (deterministic: fixed seed)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, tree_from_level, tree_shape, write_tests  # noqa: E402

LO, HI = -2**31, 2**31 - 1


def inorder(t):
    """Node indices in in-order (left, node, right)."""
    out, stack, i = [], [], t.root
    while stack or i >= 0:
        while i >= 0:
            stack.append(i)
            i = t.left[i]
        i = stack.pop()
        out.append(i)
        i = t.right[i]
    return out


def valid(t):
    """Reference: the in-order sequence is strictly increasing."""
    seq = [t.vals[i] for i in inorder(t)]
    return all(a < b for a, b in zip(seq, seq[1:]))


def case(name, t, expect=None):
    answer = valid(t)
    assert expect is None or answer == expect, name
    return (name, fn_input(t.level_order()), fn_answer(answer))


def lcase(name, arr, expect=None):
    return case(name, tree_from_level(arr), expect)


rng = random.Random(5008)


def bst(shape, n, lo=LO, hi=HI):
    """A valid BST of the given shape: distinct sorted values put in order."""
    t = tree_shape(rng, n, shape)
    values = sorted(rng.sample(range(lo, hi + 1), n))
    for i, v in zip(inorder(t), values):
        t.vals[i] = v
    return t


def parents(t):
    par = [-1] * len(t)
    for i in range(len(t)):
        for c in (t.left[i], t.right[i]):
            if c >= 0:
                par[c] = i
    return par


def plant_far_violation(t, equal=False):
    """Move one leaf's value across a grandparent-or-higher ancestor while
    keeping every parent-child pair in order (so only a subtree-wide check
    notices). equal=True makes it a duplicate of that ancestor instead."""
    par = parents(t)
    cands = []
    for y in range(len(t)):
        x = par[y]
        if t.left[y] >= 0 or t.right[y] >= 0 or x < 0 or par[x] < 0:
            continue
        p = par[x]
        if t.right[x] == y and t.left[p] == x:
            cands.append((y, t.vals[p] + (0 if equal else 1)))
        if t.left[x] == y and t.right[p] == x:
            cands.append((y, t.vals[p] - (0 if equal else 1)))
    y, v = cands[rng.randrange(len(cands))]
    t.vals[y] = v
    return t


samples = [
    lcase("01", [50, 30, 80, 10, 40, 70, 90], True),
    lcase("02", [50, 30, 80, 40], False),
]
hidden = [
    lcase("01-empty", [], True),
    lcase("02-single", [7], True),
    lcase("03-single-min", [LO], True),
    lcase("04-extremes-valid", [0, LO, HI], True),
    lcase("05-extremes-path", [LO, None, HI, HI - 1], True),
    lcase("06-duplicate-child", [5, 5], False),
    lcase("07-duplicate-right", [5, None, 5], False),
    lcase("08-grandchild-too-big", [50, 30, 80, None, 60], False),
    lcase("09-grandchild-too-small", [50, 30, 80, None, None, 20], False),
    lcase("10-deep-duplicate-of-root", [10, 5, 15, None, None, 10], False),
    case("11-random-valid", bst("random", 500), True),
    case("12-random-far-violation", plant_far_violation(bst("random", 500)), False),
    case("13-far-duplicate", plant_far_violation(bst("random", 2000), equal=True), False),
    case("14-left-path-valid", bst("left", 3000), True),
    case("15-zigzag-far-violation", plant_far_violation(bst("zigzag", 3000, -10**6, 10**6)), False),
    case("16-large-complete-valid", bst("complete", 100000, 0, 999999), True),
    case("17-large-random-violation", plant_far_violation(bst("random", 30000, -99999, 99999)), False),
]
write_tests(here(__file__), samples, hidden)
