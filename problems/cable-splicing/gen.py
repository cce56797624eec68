#!/usr/bin/env python3
"""gen.py - writes tests/ for cable-splicing (deterministic: python3 gen.py)."""
import os
import random
import sys
from collections import deque

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402

TOP = 10**9


def solve(lengths):
    # Reference: two queues (sorted offcuts, spliced pieces in the order made).
    raw, made = deque(sorted(lengths)), deque()
    total = 0

    def smallest():
        if not made or (raw and raw[0] <= made[0]):
            return raw.popleft()
        return made.popleft()

    for _ in range(len(lengths) - 1):
        s = smallest() + smallest()
        total += s
        made.append(s)
    return total


def brute(lengths):
    # Every splice order (exponential; tiny inputs only).
    if len(lengths) == 1:
        return 0
    best = None
    for i in range(len(lengths)):
        for j in range(i + 1, len(lengths)):
            rest = [x for k, x in enumerate(lengths) if k not in (i, j)]
            s = lengths[i] + lengths[j]
            c = s + brute(rest + [s])
            best = c if best is None else min(best, c)
    return best


def case(name, lengths):
    ans = solve(lengths)
    if len(lengths) <= 6:
        assert ans == brute(lengths), lengths
    return (name, fn_input(lengths), fn_answer(ans))


def main():
    rng = random.Random(5209)
    samples = [case("01", [4, 3, 2, 6]), case("02", [7])]
    n = 100000
    hidden = [
        case("01-single-max", [TOP]),
        case("02-two-pieces", [5, 8]),
        case("03-four-equal", [1, 1, 1, 1]),
        case("04-three-pieces", [10, 20, 30]),
        case("05-merged-outgrows-rest", [2, 2, 3, 3, 3]),
        case("06-one-long-many-short", [1000, 1, 1, 1, 1, 1]),
        case("07-powers-of-two", [2**i for i in range(20)]),
        case("08-all-equal-odd-count", [9] * 7),
        case("09-random-tiny", [rng.randint(1, 10) for _ in range(6)]),
        case("10-random-small", [rng.randint(1, 100) for _ in range(50)]),
        case("11-fibonacci", [1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89]),
        case("12-random-medium", [rng.randint(1, TOP) for _ in range(3000)]),
        case("13-many-max-pieces", [TOP] * 20000),
        case("14-large-random", [rng.randint(1, 10000) for _ in range(n)]),
        case("15-large-all-ones", [1] * n),
        case("16-large-sorted-small", sorted(rng.randint(1, 1000) for _ in range(n // 2))),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
