#!/usr/bin/env python3
"""gen.py - writes tests/ for first-echo-word (deterministic: python3 gen.py)."""
import os
import random
import string
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402


def solve(words):
    # Reference: the smallest j whose word occurred before j.
    first = {}
    best = None
    for j, w in enumerate(words):
        if w in first and best is None:
            best = j
        first.setdefault(w, j)
    return "" if best is None else words[best]


def case(name, words):
    return (name, fn_input(words), fn_answer(solve(words)))


def distinct(rng, n, letters=string.ascii_letters, lo=1, hi=12):
    out, seen = [], set()
    while len(out) < n:
        w = "".join(rng.choice(letters) for _ in range(rng.randint(lo, hi)))
        if w not in seen:
            seen.add(w)
            out.append(w)
    return out


def main():
    rng = random.Random(5207)
    samples = [
        case("01", ["we", "will", "we", "will", "rock"]),
        case("02", ["All", "is", "well", "all", "is"]),
    ]
    big = distinct(rng, 100000, string.ascii_lowercase, 3, 4)
    late = big[:99999] + [big[50000]]  # the only repeat is the last word
    crossed = distinct(rng, 30000, string.ascii_letters, 3, 7)
    crossed = crossed[:15000] + [crossed[14999]] + crossed[15000:] + [crossed[0]]
    hidden = [
        case("01-single-word", ["hello"]),
        case("02-two-same", ["go", "go"]),
        case("03-two-different", ["go", "Go"]),
        case("04-echo-order-not-first-word", ["a", "b", "b", "a"]),
        case("05-nested-repeats", ["x", "y", "z", "z", "y", "x"]),
        case("06-case-only-differences", ["Word", "word", "WORD", "wOrd"]),
        case("07-all-same", ["la"] * 1000),
        case("08-repeat-at-end", ["one", "two", "three", "four", "one"]),
        case("09-prefix-words", ["ab", "abc", "abcd", "abc"]),
        case("10-no-repeat-medium", distinct(rng, 2000)),
        case("11-long-words", ["abcdefghijkl", "abcdefghijkL", "abcdefghijkl"]),
        case("12-two-letter-alphabet", ["a", "b", "ab", "ba", "aa", "bb", "aab", "ba", "a"]),
        case("13-large-no-repeat", big[:30000]),
        case("14-large-repeat-at-end", late),
        case("15-large-crossed", crossed),
        case("16-large-early-echo", big[:3] + [big[1]] + big[3:30000]),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
