#!/usr/bin/env python3
"""gen.py - writes tests/ for max-xor-badges (deterministic: python3 gen.py)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402

TOP = (1 << 31) - 1


def solve(ids):
    # Reference: a binary trie as nested dicts, walking the opposite bit.
    root = {}
    for x in ids:
        node = root
        for b in range(30, -1, -1):
            node = node.setdefault((x >> b) & 1, {})
    best = 0
    for x in set(ids):
        node, v = root, 0
        for b in range(30, -1, -1):
            want = 1 - ((x >> b) & 1)
            if want in node:
                v |= 1 << b
                node = node[want]
            else:
                node = node[1 - want]
        best = max(best, v)
    return best


def brute(ids):
    return max(a ^ b for i, a in enumerate(ids) for b in ids[i + 1:])


def case(name, ids):
    ans = solve(ids)
    if len(ids) <= 2000:
        assert ans == brute(ids), ids
    return (name, fn_input(ids), fn_answer(ans))


def clusters(rng, n, k, bits, noise):
    """n ids around k random centres of `bits` bits, varying in the low `noise` bits."""
    centres = [rng.getrandbits(bits) for _ in range(k)]
    return [rng.choice(centres) ^ rng.getrandbits(noise) for _ in range(n)]


def main():
    rng = random.Random(5213)
    samples = [case("01", [3, 10, 5, 25, 2, 8]), case("02", [6, 6]), case("03", [0, TOP, 1])]
    hidden = [
        case("01-two-zeros", [0, 0]),
        case("02-two-different", [1, 2]),
        case("03-zero-and-max", [0, TOP]),
        case("04-max-and-max", [TOP, TOP, TOP]),
        case("05-powers-of-two", [1 << i for i in range(31)]),
        case("06-consecutive", list(range(100))),
        case("07-high-bit-shared", [(1 << 30) | x for x in (5, 9, 17, 33, 1000)]),
        case("08-all-equal", [123456789] * 50),
        case("09-complements", [0x2AAAAAAA, 0x55555555, 0x12345678]),
        case("10-random-small", [rng.randint(0, 100) for _ in range(30)]),
        case("11-random-full-medium", [rng.randint(0, TOP) for _ in range(2000)]),
        case("12-clusters-medium", clusters(rng, 2000, 4, 31, 6)),
        case("13-large-clusters-full-range", clusters(rng, 40000, 6, 31, 8)),
        case("14-large-clusters-17-bits", clusters(rng, 100000, 5, 17, 9)),
        case("15-large-consecutive", list(range(30000))),
        case("16-large-two-groups-far", [rng.getrandbits(12) for _ in range(20000)] + [TOP ^ 0xFFF]),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
