#!/usr/bin/env python3
"""gen.py - writes tests/ for busy-blocks (deterministic: python3 gen.py)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402

T = 10**9


def solve(bookings):
    out = []
    for s, e in sorted(bookings):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return out


def case(name, bookings):
    return (name, fn_input(bookings), fn_answer(solve(bookings)))


def rand(rng, n, horizon, maxlen):
    out = []
    for _ in range(n):
        s = rng.randint(0, horizon)
        out.append([s, min(horizon, s + rng.randint(0, maxlen))])
    return out


def main():
    rng = random.Random(5008)
    samples = [
        case("01", [[9, 12], [1, 4], [3, 7], [14, 14], [12, 13]]),
        case("02", [[4, 5], [2, 3]]),
    ]
    nested = [[i, 10**5 - i] for i in range(0, 50000, 2)]
    rng.shuffle(nested)
    hidden = [
        case("01-one-booking", [[5, 9]]),
        case("02-zero-length", [[7, 7], [7, 7], [3, 3]]),
        case("03-touching-chain", [[1, 2], [2, 3], [3, 4], [4, 5]]),
        case("04-gaps-of-one", [[1, 2], [3, 4], [5, 6]]),
        case("05-contained", [[1, 10], [2, 3], [4, 5]]),
        case("06-contained-then-outside", [[0, 100], [10, 20], [150, 160], [30, 40]]),
        case("07-identical", [[2, 6]] * 5),
        case("08-same-start", [[1, 4], [1, 9], [1, 2]]),
        case("09-unsorted-disjoint", [[50, 60], [10, 20], [30, 40], [0, 5]]),
        case("10-extremes", [[0, T], [T, T], [0, 0]]),
        case("11-far-apart-extremes", [[T, T], [0, 0], [T // 2, T // 2 + 1]]),
        case("12-nested-staircase", [[i, 40 - i] for i in range(20)]),
        case("13-random-small", rand(rng, 20, 100, 10)),
        case("14-random-medium", rand(rng, 2000, T, 10**6)),
        case("15-random-dense", rand(rng, 3000, 10**4, 50)),
        case("16-large-nested", nested),
        case("17-large-random", rand(rng, 50000, 2 * 10**5, 40)),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
