#!/usr/bin/env python3
"""gen.py - writes tests/ for shallow-brackets (deterministic)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402


def strings(n, max_depth):
    """Reference: enumerate all 2^(2n) strings by bitmask, keep the valid
    ones, sort (fine for n <= 10)."""
    out = []
    for mask in range(1 << (2 * n)):
        depth = best = 0
        ok = True
        for k in range(2 * n - 1, -1, -1):
            depth += -1 if mask >> k & 1 else 1
            best = max(best, depth)
            if depth < 0 or best > max_depth:
                ok = False
                break
        if ok and depth == 0:
            out.append("".join(")" if mask >> k & 1 else "(" for k in range(2 * n - 1, -1, -1)))
    return sorted(out)


def case(name, n, d):
    return (name, fn_input(n, d), fn_answer(strings(n, d)))


samples = [case("01", 3, 2), case("02", 2, 1), case("03", 3, 3)]
hidden = [
    case("01-one-pair", 1, 1),
    case("02-one-pair-deep-limit", 1, 10),
    case("03-two-pairs", 2, 2),
    case("04-depth-one", 4, 1),
    case("05-four-depth-two", 4, 2),
    case("06-four-free", 4, 4),
    case("07-five-depth-three", 5, 3),
    case("08-six-depth-two", 6, 2),
    case("09-six-free", 6, 6),
    case("10-seven-depth-three", 7, 3),
    case("11-eight-depth-four", 8, 4),
    case("12-nine-depth-two", 9, 2),
    case("13-ten-depth-one", 10, 1),
    case("14-ten-depth-three", 10, 3),
    case("15-nine-free", 9, 10),
    case("16-ten-depth-nine", 10, 9),
    case("17-ten-free", 10, 10),
]
write_tests(here(__file__), samples, hidden)
