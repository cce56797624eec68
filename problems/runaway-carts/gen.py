#!/usr/bin/env python3
"""gen.py - writes tests/ for runaway-carts (deterministic: python3 gen.py)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import here, write_tests  # noqa: E402

TOP = 10**9


def crash(a, b):
    """East-bound a meets west-bound b: a list holding the survivor, if any
    (a + b keeps the heavier cart's sign and its reduced mass)."""
    return [a + b] if a + b else []


def solve(carts):
    # Reference: a doubly linked list; crash adjacent (east, west) pairs from a
    # work list until none is left.
    n = len(carts)
    val = list(carts)
    prev = list(range(-1, n - 1))
    nxt = list(range(1, n + 1))
    alive = [True] * n
    work = [i for i in range(n - 1) if val[i] > 0 and val[i + 1] < 0]
    while work:
        i = work.pop()
        if not alive[i] or nxt[i] >= n or not (val[i] > 0 and val[nxt[i]] < 0):
            continue
        j = nxt[i]
        rest = crash(val[i], val[j])
        left, right = prev[i], nxt[j]
        for k in (i, j):
            alive[k] = False
        if rest:
            k = i if rest[0] > 0 else j
            alive[k], val[k] = True, rest[0]
            prev[k], nxt[k] = left, right
            if left >= 0:
                nxt[left] = k
            if right < n:
                prev[right] = k
            work.extend([x for x in (left, k) if x >= 0])
        else:
            if left >= 0:
                nxt[left] = right
            if right < n:
                prev[right] = left
            if left >= 0:
                work.append(left)
    return [val[i] for i in range(n) if alive[i]]


def brute(rng, carts):
    """Crash a random adjacent (east, west) pair until none is left."""
    cur = list(carts)
    while True:
        pairs = [i for i in range(len(cur) - 1) if cur[i] > 0 and cur[i + 1] < 0]
        if not pairs:
            return cur
        i = rng.choice(pairs)
        cur[i:i + 2] = crash(cur[i], cur[i + 1])


BRUTE_RNG = random.Random(1)


def case(name, carts):
    ans = solve(carts)
    if len(carts) <= 200:
        for _ in range(3):
            assert ans == brute(BRUTE_RNG, carts), carts
    inp = "%d\n%s\n" % (len(carts), " ".join(map(str, carts)))
    return (name, inp, "%d\n%s\n" % (len(ans), " ".join(map(str, ans))))


def rand_carts(rng, n, top, east=0.5):
    return [rng.randint(1, top) * (1 if rng.random() < east else -1) for _ in range(n)]


def main():
    rng = random.Random(5216)
    samples = [case("01", [-2, 5, 3, -4]), case("02", [7, 1, -3, -10, 4])]
    n = 100000
    hidden = [
        case("01-single-east", [5]),
        case("02-single-west", [-5]),
        case("03-equal-pair", [4, -4]),
        case("04-apart", [-3, 3]),
        case("05-equal-chain", [2, 2, -2, -2]),
        case("06-equal-then-next", [9, 3, -3, -5]),
        case("07-all-east", [1, 2, 3, 4, 5]),
        case("08-all-west", [-5, -4, -3, -2, -1]),
        case("09-heavy-west-sweeps", [1, 2, 3, 4, -100]),
        case("10-max-masses", [TOP, -TOP, TOP, -1, -TOP]),
        case("11-random-small", rand_carts(rng, 40, 10)),
        case("12-random-small-many-equal", rand_carts(rng, 150, 2)),
        case("13-large-random", rand_carts(rng, n, 1000)),
        case("14-large-east-then-one-west", [1] * (n - 1) + [-(n - 1)]),
        case("15-large-pairs-cancel", [7, -7] * (n // 2)),
        case("16-large-nested-equal", [3] * (n // 2) + [-3] * (n // 2)),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
