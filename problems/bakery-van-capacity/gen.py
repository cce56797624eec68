#!/usr/bin/env python3
"""gen.py - writes tests/ for bakery-van-capacity (deterministic: python3 gen.py)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402

W = 10**9


def trips_needed(trays, cap):
    used, load = 1, 0
    for w in trays:
        if load + w > cap:
            used, load = used + 1, w
        else:
            load += w
    return used


def solve(trays, trips):
    lo, hi = max(trays), sum(trays)
    while lo < hi:
        mid = (lo + hi) // 2
        if trips_needed(trays, mid) <= trips:
            hi = mid
        else:
            lo = mid + 1
    return lo


def case(name, trays, trips):
    assert 1 <= trips <= len(trays)
    return (name, fn_input(trays, trips), fn_answer(solve(trays, trips)))


def rand(rng, n, lo, hi):
    return [rng.randint(lo, hi) for _ in range(n)]


def main():
    rng = random.Random(5011)
    samples = [
        case("01", [4, 8, 3, 5, 6, 2], 3),
        case("02", [10, 1, 1, 1], 2),
    ]
    hidden = [
        case("01-one-tray", [7], 1),
        case("02-one-trip", [3, 1, 4, 1, 5], 1),
        case("03-trip-per-tray", [3, 1, 4, 1, 5], 5),
        case("04-all-equal", [6] * 12, 4),
        case("05-all-equal-uneven", [6] * 10, 4),
        case("06-heavy-tray-first", [100, 1, 1, 1, 1], 2),
        case("07-heavy-tray-last", [1, 1, 1, 1, 100], 2),
        case("08-ones", [1] * 1000, 7),
        case("09-max-weights-one-trip", [W] * 1000, 1),
        case("10-max-weights-two-trips", [W] * 999, 2),
        case("11-increasing", list(range(1, 201)), 13),
        case("12-decreasing", list(range(200, 0, -1)), 13),
        case("13-random-small", rand(rng, 30, 1, 50), 4),
        case("14-random-huge-weights", rand(rng, 3000, 1, W), 17),
        case("15-random-medium", rand(rng, 5000, 1, 10**6), 100),
        case("16-large-few-trips", rand(rng, 100000, 1, 10**4), 3),
        case("17-large-many-trips", rand(rng, 100000, 1, 10**4), 40000),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
