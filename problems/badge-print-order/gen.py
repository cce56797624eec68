#!/usr/bin/env python3
"""gen.py - writes tests/ for badge-print-order (deterministic: python3 gen.py)."""
import os
import random
import string
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402


def solve(names):
    return sorted(names, key=lambda s: (len(s), s.lower(), s))


def case(name, names):
    return (name, fn_input(names), fn_answer(solve(names)))


def word(rng, lo, hi, letters=string.ascii_letters):
    return "".join(rng.choice(letters) for _ in range(rng.randint(lo, hi)))


def cased(rng, s):
    """s with every letter's case chosen at random."""
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in s)


def main():
    rng = random.Random(5006)
    samples = [
        case("01", ["Zoe", "Bartholomew", "amy", "Li", "Bob"]),
        case("02", ["ian", "Ivy", "eve", "Al", "al"]),
    ]
    base = [word(rng, 3, 5, string.ascii_lowercase) for _ in range(40)]
    case_clash = [cased(rng, rng.choice(base)) for _ in range(400)]
    hidden = [
        case("01-one-name", ["Q"]),
        case("02-two-same-name", ["Sam", "Sam"]),
        case("03-case-pair-lower-first", ["ann", "Ann"]),
        case("04-case-pair-upper-first", ["Ann", "ann"]),
        case("05-all-case-variants", ["ab", "aB", "Ab", "AB", "ab"]),
        case("06-already-sorted", ["Al", "Bo", "Cy", "Ada", "Eve", "Ivan"]),
        case("07-reverse-sorted", ["Ivan", "Eve", "Ada", "Cy", "Bo", "Al"]),
        case("08-same-length", ["mia", "Leo", "kai", "Ada", "zed", "Bea", "eli"]),
        case("09-upper-vs-lower-letters", ["b", "A", "a", "B", "Z", "z"]),
        case("10-prefix-names", ["anna", "ann", "an", "a", "annabel", "Anna"]),
        case("11-long-names", [word(rng, 15, 20) for _ in range(30)]),
        case("12-length-ties-only-case", [cased(rng, "maria") for _ in range(25)]),
        case("13-random-mixed", [word(rng, 1, 10) for _ in range(300)]),
        case("14-many-case-clashes", case_clash),
        case("15-all-equal", ["Kim"] * 50),
        case("16-large-random", [word(rng, 1, 12) for _ in range(25000)]),
        case("17-large-case-clashes", [cased(rng, rng.choice(base)) for _ in range(25000)]),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
