#!/usr/bin/env python3
"""gen.py - writes tests/ for ledger-balance-point (deterministic: python3 gen.py)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402

LIM = 10**9


def solve(a):
    total, left = sum(a), 0
    for i, x in enumerate(a):
        if left == total - left - x:
            return i
        left += x
    return -1


def case(name, a):
    return (name, fn_input(a), fn_answer(solve(a)))


def with_point(rng, n, at, lo=-LIM, hi=LIM):
    """n entries whose first balance point is at index `at` (built, then checked)."""
    while True:
        a = [rng.randint(lo, hi) for _ in range(n)]
        left, right = sum(a[:at]), sum(a[at + 1:])
        # Fix the balance by adjusting one entry of the longer side, within bounds.
        j = at + 1 + rng.randrange(n - at - 1) if at + 1 < n else rng.randrange(at)
        v = a[j] + (left - right if j > at else right - left)
        if -LIM <= v <= LIM:
            a[j] = v
            if solve(a) == at:
                return a


def main():
    rng = random.Random(5002)
    samples = [
        case("01", [3, 1, 5, 2, 2]),
        case("02", [4, -4, 9]),
        case("03", [1, 2, 3]),
    ]
    big = [rng.randint(1, 999) for _ in range(100000)]
    assert solve(big) == -1  # the O(n^2) scan must walk every index
    hidden = [
        case("01-single-entry", [5]),
        case("02-single-negative", [-LIM]),
        case("03-two-entries-none", [1, 1]),
        case("04-two-entries-first", [7, 0]),
        case("05-two-entries-second", [0, -3]),
        case("06-all-zero", [0] * 10),
        case("07-first-of-several", [2, 0, 0, 0]),
        case("08-last-index", [4, -4, 3, -3, 11]),
        case("09-negatives", [-5, -2, -7, 1, -4, -1]),
        case("10-none-small", [1, 2, 3, 4, 5, 6]),
        case("11-extremes", [LIM, -LIM, LIM, LIM, -LIM, LIM, -LIM]),
        case("12-overflow-32bit", [LIM] * 5 + [7] + [LIM] * 5),
        case("13-random-mid", with_point(rng, 1000, 617)),
        case("14-random-none", [rng.randint(1, 100) for _ in range(999)] + [10**6]),
        case("15-large-balance-near-end", with_point(rng, 100000, 99990, -99, 99)),
        case("16-large-no-balance", big),
        case("17-large-all-zero", [0] * 100000),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
