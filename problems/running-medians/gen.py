#!/usr/bin/env python3
"""gen.py - writes tests/ for running-medians (deterministic: python3 gen.py)."""
import bisect
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402

LIM = 10**6


def solve(readings):
    # Reference: a sorted list kept with bisect (fine offline for 3*10^4).
    s, out = [], []
    for x in readings:
        bisect.insort(s, x)
        m = len(s)
        out.append(float(s[m // 2]) if m % 2 else (s[m // 2 - 1] + s[m // 2]) / 2)
    return out


def case(name, readings):
    return (name, fn_input(readings), fn_answer(solve(readings)))


def main():
    rng = random.Random(5210)
    samples = [case("01", [5, 15, 1, 3]), case("02", [-2, -3])]
    n = 30000
    hidden = [
        case("01-single", [42]),
        case("02-single-negative-max", [-LIM]),
        case("03-two-halves", [1, 2]),
        case("04-negative-half", [0, -1]),
        case("05-all-equal", [7] * 9),
        case("06-increasing", list(range(1, 21))),
        case("07-decreasing", list(range(20, 0, -1))),
        case("08-extremes", [LIM, -LIM] * 5),
        case("09-duplicates", [3, 1, 3, 1, 3, 1, 2, 2]),
        case("10-alternating-outward", [(i // 2 + 1) * (-1) ** i for i in range(30)]),
        case("11-random-small", [rng.randint(-10, 10) for _ in range(100)]),
        case("12-random-medium", [rng.randint(-LIM, LIM) for _ in range(2000)]),
        case("13-large-random", [rng.randint(-10**5, 10**5) for _ in range(n)]),
        case("14-large-increasing", list(range(n // 2))),
        case("15-large-few-values", [rng.randint(0, 9) for _ in range(n)]),
        case("16-large-alternating", [(-1) ** i * (i % 100) for i in range(n // 2)]),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
