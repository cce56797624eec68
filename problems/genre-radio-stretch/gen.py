#!/usr/bin/env python3
"""gen.py - writes tests/ for genre-radio-stretch (deterministic: python3 gen.py)."""
import os
import random
import string
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402


def solve(s, k):
    count, distinct, left, best = {}, 0, 0, 0
    for right, c in enumerate(s):
        count[c] = count.get(c, 0) + 1
        if count[c] == 1:
            distinct += 1
        while distinct > k:
            d = s[left]
            count[d] -= 1
            if count[d] == 0:
                distinct -= 1
            left += 1
        best = max(best, right - left + 1)
    return best


def case(name, s, k):
    return (name, fn_input(s, k), fn_answer(solve(s, k)))


def rand(rng, n, letters):
    return "".join(rng.choice(letters) for _ in range(n))


def blocks(rng, n, letters, maxrun):
    out = []
    while len(out) < n:
        out.extend(rng.choice(letters) * rng.randint(1, maxrun))
    return "".join(out[:n])


def main():
    rng = random.Random(5010)
    samples = [
        case("01", "jjrjpppcj", 2),
        case("02", "rock", 4),
        case("03", "zz", 0),
    ]
    abc = string.ascii_lowercase
    hidden = [
        case("01-one-song", "m", 1),
        case("02-one-song-k-zero", "m", 0),
        case("03-all-same", "p" * 50, 1),
        case("04-k-exceeds-genres", "abcabc", 26),
        case("05-all-distinct", abc, 3),
        case("06-k-one", "aabbbbccdddddde", 1),
        case("07-window-at-end", "abcdeffffgfgfgfg", 2),
        case("08-window-at-start", "xyxyxyxyabcdefgh", 2),
        case("09-shrink-past-many", "aaaaaaaaabccccccccccc", 2),
        case("10-alternating", "ab" * 40 + "c", 2),
        case("11-exact-k", "qwertyqwerty", 6),
        case("12-random-small", rand(rng, 60, "abcd"), 2),
        case("13-random-medium", rand(rng, 5000, abc), 5),
        case("14-large-k-26", rand(rng, 100000, abc), 26),
        case("15-large-few-genres", blocks(rng, 100000, "abcdef", 40), 5),
        case("16-large-runs", blocks(rng, 100000, abc, 1000), 3),
        case("17-large-k-zero", rand(rng, 100000, "xyz"), 0),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
