#!/usr/bin/env python3
"""gen.py - writes tests/ for tandem-kayak-pairs (deterministic: python3 gen.py)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import here, write_tests  # noqa: E402

W = 10**9


def solve(w, limit):
    w = sorted(w)
    lo, hi, count = 0, len(w) - 1, 0
    while lo < hi:
        if w[lo] + w[hi] <= limit:
            count += hi - lo
            lo += 1
        else:
            hi -= 1
    return count


def case(name, w, limit):
    inp = "%d %d\n%s\n" % (len(w), limit, " ".join(map(str, w)))
    return (name, inp, "%d\n" % solve(w, limit))


def main():
    rng = random.Random(5007)
    samples = [
        case("01", [70, 95, 60, 110, 80], 160),
        case("02", [50, 50, 50], 99),
    ]
    hidden = [
        case("01-one-paddler", [80], 2 * W),
        case("02-two-fit-exactly", [75, 85], 160),
        case("03-two-too-heavy", [75, 86], 160),
        case("04-all-equal-half", [40] * 8, 80),
        case("05-none-fit", [100, 200, 300, 400], 250),
        case("06-all-fit", [1, 2, 3, 4, 5, 6, 7], 13),
        case("07-duplicates", [5, 5, 5, 10, 10, 15, 15, 15], 20),
        case("08-sorted-descending", list(range(100, 0, -1)), 100),
        case("09-extreme-weights", [W, W, W, 1, 1], 2 * W),
        case("10-largest-sums", [W, W - 1, W], 2 * W - 1),
        case("11-limit-one", [1, 1, 1], 1),
        case("12-random-small", [rng.randint(1, 50) for _ in range(60)], 50),
        case("13-random-medium", [rng.randint(1, W) for _ in range(2000)], W),
        case("14-one-heavy-outlier", [1] * 500 + [W], 10),
        case("15-large-all-fit", [rng.randint(1, 9999) for _ in range(100000)], 20000),
        case("16-large-random", [rng.randint(1, 99999) for _ in range(70000)], 10**5),
        case("17-large-few-fit", [rng.randint(1, 99999) for _ in range(30000)], 3000),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
