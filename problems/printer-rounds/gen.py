#!/usr/bin/env python3
"""gen.py - writes tests/ for printer-rounds (deterministic: python3 gen.py)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import here, write_tests  # noqa: E402


def solve(k, pages):
    # Reference: job i finishes in round ceil(p_i / k); ties keep input order.
    return sorted(range(1, len(pages) + 1), key=lambda i: ((pages[i - 1] + k - 1) // k, i))


def case(name, k, pages):
    inp = "%d %d\n%s\n" % (len(pages), k, " ".join(map(str, pages)))
    return (name, inp, " ".join(map(str, solve(k, pages))) + "\n")


def main():
    rng = random.Random(5205)
    samples = [case("01", 2, [3, 1, 4]), case("02", 3, [5, 2, 6, 3])]
    hidden = [
        case("01-single-job", 7, [3]),
        case("02-single-page-single-k", 1, [1]),
        case("03-same-round-longer-first", 5, [4, 2]),
        case("04-exact-multiples", 3, [6, 3, 9, 3]),
        case("05-k-one", 1, [3, 1, 2, 1, 3]),
        case("06-k-larger-than-all", 1000, [999, 1, 500, 1000, 2]),
        case("07-all-equal", 4, [7] * 10),
        case("08-decreasing", 2, list(range(20, 0, -1))),
        case("09-increasing", 3, list(range(1, 21))),
        case("10-random-small", 10, [rng.randint(1, 50) for _ in range(30)]),
        case("11-random-medium", 37, [rng.randint(1, 1000) for _ in range(500)]),
        case("12-max-pages-k-one", 1, [1000] * 1000),
        case("13-max-random-k-one", 1, [rng.randint(1, 1000) for _ in range(1000)]),
        case("14-max-random-k-seven", 7, [rng.randint(1, 1000) for _ in range(1000)]),
        case("15-max-rounds-tie", 100, [rng.randint(901, 1000) for _ in range(1000)]),
        case("16-max-k", 1000, [rng.randint(1, 1000) for _ in range(1000)]),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
