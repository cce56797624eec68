#!/usr/bin/env python3
"""gen.py - writes tests/ for mountain-trail-check (deterministic: python3 gen.py)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402

LIM = 10**9


def solve(h):
    n, i = len(h), 0
    while i + 1 < n and h[i] < h[i + 1]:
        i += 1
    if i == 0 or i == n - 1:
        return False
    while i + 1 < n and h[i] > h[i + 1]:
        i += 1
    return i == n - 1


def case(name, h):
    return (name, fn_input(h), fn_answer(solve(h)))


def mountain(rng, up, down, lo, step):
    """A strictly rising run of `up` steps, then `down` strictly falling ones."""
    h = [lo]
    for _ in range(up):
        h.append(h[-1] + rng.randint(1, step))
    for _ in range(down):
        h.append(h[-1] - rng.randint(1, step))
    return h


def main():
    rng = random.Random(5004)
    samples = [
        case("01", [2, 5, 9, 7, 3]),
        case("02", [1, 4, 4, 2]),
        case("03", [6, 3]),
    ]
    big = mountain(rng, 60000, 39999, 0, 2)
    flawed = mountain(rng, 12000, 7999, 0, 2)
    flawed[19990] = flawed[19989]          # a flat step near the end of the descent
    hidden = [
        case("01-single-marker", [5]),
        case("02-two-up", [1, 2]),
        case("03-smallest-mountain", [1, 3, 2]),
        case("04-only-rising", [1, 2, 3, 4, 5, 6]),
        case("05-only-falling", [9, 7, 5, 3]),
        case("06-all-equal", [4, 4, 4, 4]),
        case("07-flat-summit", [1, 2, 5, 5, 3, 1]),
        case("08-flat-on-the-way-up", [1, 1, 2, 3, 2]),
        case("09-flat-at-the-bottom", [1, 3, 2, 1, 1]),
        case("10-two-summits", [1, 3, 2, 4, 1]),
        case("11-valley", [5, 2, 1, 3, 6]),
        case("12-negative-heights", [-10, -4, -1, -3, -20]),
        case("13-extreme-heights", [-LIM, LIM, -LIM]),
        case("14-rising-long", list(range(-500, 500))),
        case("15-steep-drop-at-end", [0, 1, 2, 3, 4, 5, 6, 7, 8, -LIM]),
        case("16-random-mountain", mountain(rng, 700, 300, -5000, 10)),
        case("17-large-mountain", big),
        case("18-large-flat-near-end", flawed),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
