#!/usr/bin/env python3
"""gen.py - writes tests/ for product-trailing-zeros (deterministic: python3 gen.py)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402

TOP = 10**18


def legendre(n, p):
    e, q = 0, p
    while q <= n:
        e += n // q
        q *= p
    return e


def solve(low, high):
    return min(legendre(high, p) - legendre(low - 1, p) for p in (2, 5))


def brute(low, high):
    prod = 1
    for k in range(low, high + 1):
        prod *= k
    zeros = 0
    while prod % 10 == 0:
        prod //= 10
        zeros += 1
    return zeros


def case(name, low, high):
    ans = solve(low, high)
    if high - low < 3000:
        assert ans == brute(low, high), (low, high)
    return (name, fn_input(low, high), fn_answer(ans))


def main():
    rng = random.Random(5204)
    samples = [case("01", 1, 10), case("02", 24, 26), case("03", 1, 100)]
    lo = rng.randint(10**17, 9 * 10**17)
    hidden = [
        case("01-one", 1, 1),
        case("02-five-alone", 5, 5),
        case("03-twenty-five-alone", 25, 25),
        case("04-two-to-five", 2, 5),
        case("05-odd-range", 15, 25),
        case("06-powers-of-five", 124, 126),
        case("07-factorial-25", 1, 25),
        case("08-short-range", 620, 640),
        case("09-factorial-2000", 1, 2000),
        case("10-window-of-1000", 98765, 99764),
        case("11-top-alone", TOP, TOP),
        case("12-short-range-near-top", TOP - 7, TOP),
        case("13-factorial-of-top", 1, TOP),
        case("14-half-range", TOP // 2, TOP),
        case("15-random-huge-range", lo, lo + rng.randint(10**16, 10**17)),
        case("16-odd-multiple-of-five-huge", 5**25, 5**25),
        case("17-large-power-of-two", 2**59, 2**59 + 10**15),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
