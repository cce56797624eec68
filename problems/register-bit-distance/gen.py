#!/usr/bin/env python3
"""gen.py - writes tests/ for register-bit-distance (deterministic: python3 gen.py)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402

MIN, MAX = -(1 << 63), (1 << 63) - 1


def solve(a, b):
    # Reference: compare the 64 bits one by one on the unsigned patterns.
    ua, ub = a % (1 << 64), b % (1 << 64)
    return sum(((ua >> i) & 1) != ((ub >> i) & 1) for i in range(64))


def case(name, a, b):
    return (name, fn_input(a, b), fn_answer(solve(a, b)))


def main():
    rng = random.Random(5203)
    samples = [case("01", 5, 3), case("02", -8, -7), case("03", 12, 12)]
    hidden = [
        case("01-both-zero", 0, 0),
        case("02-zero-and-one", 0, 1),
        case("03-minus-one-and-zero", -1, 0),
        case("04-one-and-minus-one", 1, -1),
        case("05-max-and-min", MAX, MIN),
        case("06-min-and-zero", MIN, 0),
        case("07-max-and-zero", MAX, 0),
        case("08-min-and-minus-one", MIN, -1),
        case("09-powers-of-two", 1 << 40, 1 << 41),
        case("10-equal-negatives", -123456789012345, -123456789012345),
        case("11-both-negative", rng.randint(MIN, -1), rng.randint(MIN, -1)),
        case("12-both-positive-large", rng.randint(1 << 62, MAX), rng.randint(1 << 62, MAX)),
        case("13-mixed-signs", rng.randint(1, MAX), rng.randint(MIN, -1)),
        case("14-mixed-signs-small", 6, -6),
        case("15-32-bit-boundary", (1 << 31) - 1, -(1 << 31)),
        case("16-alternating-bits", 0x5555555555555555, -0x5555555555555556),
        case("17-random-mixed", rng.randint(MIN, MAX), rng.randint(MIN, -1)),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
