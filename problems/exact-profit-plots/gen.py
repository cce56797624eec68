#!/usr/bin/env python3
"""gen.py - writes tests/ for exact-profit-plots (deterministic: python3 gen.py)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402


def solve(field, target):
    g = field if len(field) <= len(field[0]) else [list(col) for col in zip(*field)]
    r, c = len(g), len(g[0])
    total = 0
    for top in range(r):
        col = [0] * c
        for bottom in range(top, r):
            row = g[bottom]
            seen, run = {0: 1}, 0
            for j in range(c):
                col[j] += row[j]
                run += col[j]
                total += seen.get(run - target, 0)
                seen[run] = seen.get(run, 0) + 1
    return total


def brute(field, target):
    r, c = len(field), len(field[0])
    S = [[0] * (c + 1) for _ in range(r + 1)]
    for i in range(r):
        for j in range(c):
            S[i + 1][j + 1] = field[i][j] + S[i][j + 1] + S[i + 1][j] - S[i][j]
    return sum(1 for i1 in range(r) for i2 in range(i1 + 1, r + 1) for j1 in range(c) for j2 in range(j1 + 1, c + 1)
               if S[i2][j2] - S[i1][j2] - S[i2][j1] + S[i1][j1] == target)


def case(name, field, target):
    if len(field) * len(field[0]) <= 144:
        assert solve(field, target) == brute(field, target)
    return (name, fn_input(field, target), fn_answer(solve(field, target)))


def rand(rng, r, c, lo, hi):
    return [[rng.randint(lo, hi) for _ in range(c)] for _ in range(r)]


def main():
    rng = random.Random(5018)
    samples = [
        case("01", [[1, -1, 0], [2, 0, -2]], 0),
        case("02", [[3, 1], [1, 3]], 4),
    ]
    hidden = [
        case("01-one-plot-hit", [[-7]], -7),
        case("02-one-plot-miss", [[7]], -7),
        case("03-all-zero-small", [[0] * 4 for _ in range(3)], 0),
        case("04-one-row", [[2, -1, 1, 0, 3, -3, 2]], 2),
        case("05-one-column", [[1], [1], [-2], [2], [0]], 1),
        case("06-no-plot", [[1, 2], [4, 8]], 100),
        case("07-whole-field", [[5, 6], [7, 8]], 26),
        case("08-negative-target", [[-1, -2, 3], [-4, 5, -6], [7, -8, 9]], -5),
        case("09-checkerboard", [[(i + j) % 2 * 2 - 1 for j in range(8)] for i in range(8)], 0),
        case("10-random-small", rand(rng, 9, 11, -3, 3), 2),
        case("11-extreme-target", rand(rng, 20, 20, -1000, 1000), 10**7),
        case("12-random-medium", rand(rng, 40, 60, -10, 10), -4),
        case("13-large-all-zero", [[0] * 150 for _ in range(150)], 0),
        case("14-large-random", rand(rng, 150, 150, -5, 5), 0),
        case("15-large-wide", rand(rng, 30, 150, -100, 100), 150),
        case("16-large-tall", rand(rng, 150, 30, -100, 100), -150),
        case("17-large-values", rand(rng, 150, 150, -1000, 1000), 1000),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
