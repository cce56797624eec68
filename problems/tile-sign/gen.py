#!/usr/bin/env python3
"""gen.py - writes tests/ for tile-sign (deterministic: python3 gen.py)."""
import os
import random
import string
import sys
from collections import Counter

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402


def solve(sign, tiles):
    have = Counter(tiles)
    need = Counter(sign.replace(" ", ""))
    return all(have[c] >= k for c, k in need.items())


def case(name, sign, tiles):
    return (name, fn_input(sign, tiles), fn_answer(solve(sign, tiles)))


def words(rng, n, alphabet=string.ascii_lowercase):
    """A sign of exactly n characters: words of 1..8 letters split by single spaces."""
    out = []
    while len(out) < n:
        if out and out[-1] != " " and rng.random() < 0.15:
            out.append(" ")
        else:
            out.append(rng.choice(alphabet))
    return "".join(out)


def shuffled(rng, s):
    chars = list(s)
    rng.shuffle(chars)
    return "".join(chars)


def main():
    rng = random.Random(5201)
    samples = [
        case("01", "open late", "nepolateox"),
        case("02", "bakery", "breakfast"),
    ]
    mid = words(rng, 2000)
    mid_letters = mid.replace(" ", "")
    big = words(rng, 100000)
    big_letters = big.replace(" ", "")
    short = big_letters.replace("q", "", 1)  # one q tile missing
    hidden = [
        case("01-single-letter-yes", "a", "a"),
        case("02-single-letter-no", "a", "b"),
        case("03-only-spaces-empty-box", "   ", ""),
        case("04-empty-box", "hi", ""),
        case("05-double-letter-one-tile", "aa", "a"),
        case("06-one-e-short", "free cheese", "frchseeee"),
        case("07-exact-multiset", "sweet bread rolls", shuffled(rng, "sweetbreadrolls")),
        case("08-spaces-need-no-tiles", "a b c", "cba"),
        case("09-many-spare-tiles", "cake", string.ascii_lowercase * 10),
        case("10-same-letter-enough", "z" * 1000, "z" * 1000),
        case("11-same-letter-one-short", "z" * 1000, "z" * 999),
        case("12-whole-alphabet", " ".join(string.ascii_lowercase), shuffled(rng, string.ascii_lowercase)),
        case("13-random-yes", mid, shuffled(rng, mid_letters + words(rng, 300).replace(" ", ""))),
        case("14-random-count-short", mid, shuffled(rng, mid_letters.replace("e", "", 1) + "xyz")),
        case("15-large-yes", big, shuffled(rng, big_letters)),
        case("16-large-one-tile-short", big, shuffled(rng, short + "z")),
        case("17-large-sign-spaces-only", " " * 100000, shuffled(rng, big_letters)),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
