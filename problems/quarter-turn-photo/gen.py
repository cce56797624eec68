#!/usr/bin/env python3
"""gen.py - writes tests/ for quarter-turn-photo (deterministic: python3 gen.py)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402


def rotate(photo, turns):
    for _ in range(turns % 4):
        photo = [list(row) for row in zip(*photo[::-1])]
    return photo


def grid(rng, r, c, lo=0, hi=255):
    return [[rng.randint(lo, hi) for _ in range(c)] for _ in range(r)]


def case(name, photo, turns):
    return (name, fn_input(photo, turns), fn_answer(rotate(photo, turns)))


def main():
    rng = random.Random(20240501)
    samples = [
        case("01", [[1, 2, 3], [4, 5, 6], [7, 8, 9]], 1),
        case("02", [[10, 20], [30, 40]], 6),
    ]
    hidden = [
        case("01-single-pixel", [[7]], 1),
        case("02-single-pixel-negative", [[0]], -3),
        case("03-zero-turns", grid(rng, 4, 6), 0),
        case("04-full-circle", grid(rng, 3, 5), 4),
        case("05-one-row", [[1, 2, 3, 4, 5]], 1),
        case("06-one-column", [[1], [2], [3], [4]], 1),
        case("07-wide-clockwise", grid(rng, 2, 7), 1),
        case("08-tall-counterclockwise", grid(rng, 6, 3), -1),
        case("09-half-turn", grid(rng, 5, 4), 2),
        case("10-minus-three", grid(rng, 3, 4), -3),
        case("11-minus-five", grid(rng, 4, 2), -5),
        case("12-three-turns", grid(rng, 5, 3), 3),
        case("13-billion", grid(rng, 3, 3), 1000000000),
        case("14-minus-billion", grid(rng, 2, 3), -1000000000),
        case("15-minus-odd-huge", grid(rng, 3, 6), -999999999),
        case("16-int-max", grid(rng, 4, 5), 2147483647),
        case("17-int-min", grid(rng, 5, 2), -2147483648),
        case("18-all-equal", [[9] * 6 for _ in range(4)], -1),
        case("19-large-square", grid(rng, 100, 100), -1),
        case("20-large-rect", grid(rng, 100, 60), 7),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
