#!/usr/bin/env python3
"""gen.py - writes tests/ for balanced-flavours (deterministic: python3 gen.py)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402


def solve(row):
    # Reference: signatures sorted with their positions; the widest span per
    # signature is last minus first.
    sig, a, b, c = [(0, 0, 0)], 0, 0, 0
    for j, ch in enumerate(row, 1):
        a += ch == "a"
        b += ch == "b"
        c += ch == "c"
        sig.append((a - b, b - c, j))
    sig.sort()
    best, start = 0, 0
    for k in range(1, len(sig) + 1):
        if k == len(sig) or sig[k][:2] != sig[start][:2]:
            best = max(best, sig[k - 1][2] - sig[start][2])
            start = k
    return best


def brute(row):
    best = 0
    for i in range(len(row)):
        for j in range(i, len(row) + 1):
            s = row[i:j]
            if s.count("a") == s.count("b") == s.count("c"):
                best = max(best, j - i)
    return best


def case(name, row):
    ans = solve(row)
    if len(row) <= 300:
        assert ans == brute(row), row
    return (name, fn_input(row), fn_answer(ans))


def rand(rng, n, weights=(1, 1, 1)):
    return "".join(rng.choices("abc", weights, k=n))


def main():
    rng = random.Random(5214)
    samples = [case("01", "aabcbcca"), case("02", "aab")]
    n = 100000
    hidden = [
        case("01-single", "a"),
        case("02-exactly-abc", "abc"),
        case("03-two-letters-only", "abababab"),
        case("04-all-same", "c" * 50),
        case("05-whole-row-fair", "cabbcaacb"),
        case("06-fair-at-the-end", "aaaaabcbca"),
        case("07-fair-in-the-middle", "aaa" + "cbacab" + "bbb"),
        case("08-repeated-blocks", "abc" * 30),
        case("09-random-small", rand(rng, 60)),
        case("10-random-skewed", rand(rng, 300, (5, 1, 1))),
        case("11-random-medium", rand(rng, 5000)),
        case("12-large-random", rand(rng, n)),
        case("13-large-no-c", rand(rng, n, (1, 1, 0))),
        case("14-large-all-fair", "".join(rng.sample("abc", 3)) * (n // 3) + "a"),
        case("15-large-drift", rand(rng, n // 2, (3, 2, 2)) + rand(rng, n // 2, (2, 2, 3))),
        case("16-large-fair-in-middle", "a" * 30000 + "bca" * 13000 + "b" * 31000),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
