#!/usr/bin/env python3
"""gen.py - writes tests/ for gift-card-baskets (deterministic: fixed seed)."""
import os
import random
import sys
from collections import Counter

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402

MAX_BASKETS = 5000


def baskets(prices, card):
    """Reference: over the distinct prices, choose how many copies of each
    (0..available), then sort the resulting baskets."""
    counts = sorted(Counter(prices).items())
    out = []

    def go(k, left, chosen):
        if left == 0:
            out.append(chosen)
            return
        if k == len(counts):
            return
        price, have = counts[k]
        for take in range(min(have, left // price), -1, -1):
            go(k + 1, left - take * price, chosen + [price] * take)

    go(0, card, [])
    return sorted(out)


def case(name, prices, card):
    answer = baskets(prices, card)
    assert len(answer) <= MAX_BASKETS, (name, len(answer))
    return (name, fn_input(prices, card), fn_answer(answer))


rng = random.Random(5015)


def shelf(n, lo, hi):
    return [rng.randint(lo, hi) for _ in range(n)]


samples = [
    case("01", [8, 2, 6, 3, 5], 11),
    case("02", [4, 9], 7),
]
hidden = [
    case("01-single-exact", [5], 5),
    case("02-single-too-cheap", [5], 6),
    case("03-all-too-expensive", [30, 40, 50], 20),
    case("04-two-equal", [3, 3], 3),
    case("05-two-equal-both", [3, 3], 6),
    case("06-all-same-price", [2] * 10, 6),
    case("07-duplicates-mixed", [1, 1, 2, 5, 6, 7, 10], 8),
    case("08-whole-shelf", [1, 2, 3, 4, 5], 15),
    case("09-card-one", [1, 1, 1, 2], 1),
    case("10-many-ones", [1] * 20 + [2] * 5, 10),
    case("11-distinct-small", list(range(1, 13)), 20),
    case("12-random-duplicates", shelf(15, 1, 8), 17),
    case("13-random-wide", shelf(30, 1, 50), 60),
    case("14-forty-items", shelf(40, 5, 50), 55),
    case("15-forty-many-duplicates", shelf(40, 1, 6), 20),
    case("16-max-price-max-card", [50] * 20 + [10] * 20, 60),
    case("17-many-baskets", list(range(1, 26)), 40),
]
write_tests(here(__file__), samples, hidden)
