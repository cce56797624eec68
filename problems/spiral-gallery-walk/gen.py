#!/usr/bin/env python3
"""gen.py - writes tests/ for spiral-gallery-walk (deterministic: python3 gen.py)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402


def solve(g):
    """Walk by direction changes on a visited grid (independent of the
    boundary-shrinking reference in submissions/accepted)."""
    r, c = len(g), len(g[0])
    seen = [[False] * c for _ in range(r)]
    dirs = [(0, 1), (1, 0), (0, -1), (-1, 0)]
    i = j = d = 0
    out = []
    for _ in range(r * c):
        out.append(g[i][j])
        seen[i][j] = True
        ni, nj = i + dirs[d][0], j + dirs[d][1]
        if not (0 <= ni < r and 0 <= nj < c) or seen[ni][nj]:
            d = (d + 1) % 4
            ni, nj = i + dirs[d][0], j + dirs[d][1]
        i, j = ni, nj
    return out


def case(name, g):
    return (name, fn_input(g), fn_answer(solve(g)))


def numbered(r, c):
    return [[i * c + j + 1 for j in range(c)] for i in range(r)]


def rand(rng, r, c):
    return [[rng.randint(-1000, 1000) for _ in range(c)] for _ in range(r)]


def main():
    rng = random.Random(5013)
    samples = [
        case("01", numbered(4, 4)),
        case("02", [[7, -2, 5], [0, 9, 3]]),
    ]
    hidden = [
        case("01-one-room", [[42]]),
        case("02-one-row", [[3, 1, 4, 1, 5]]),
        case("03-one-column", [[2], [7], [1], [8]]),
        case("04-two-by-two", [[1, 2], [3, 4]]),
        case("05-three-by-three", numbered(3, 3)),
        case("06-three-by-four", numbered(3, 4)),
        case("07-four-by-three", numbered(4, 3)),
        case("08-wide-three-rows", numbered(3, 9)),
        case("09-tall-three-columns", numbered(9, 3)),
        case("10-five-by-two", numbered(5, 2)),
        case("11-two-by-five", numbered(2, 5)),
        case("12-odd-square", numbered(7, 7)),
        case("13-all-equal", [[5] * 6 for _ in range(5)]),
        case("14-negative-values", rand(rng, 6, 8)),
        case("15-long-row", [list(range(100, 0, -1))]),
        case("16-long-column", [[x] for x in range(100)]),
        case("17-large-square", rand(rng, 100, 100)),
        case("18-large-wide", rand(rng, 51, 100)),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
