#!/usr/bin/env python3
"""gen.py - writes tests/ for largest-billboard (deterministic: python3 gen.py)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402


def solve(wall):
    # Reference: per row, heights plus left/right limits (the "maximal
    # rectangle" DP): for each column, the widest span its height allows.
    rows, cols = len(wall), len(wall[0])
    h, lft, rgt = [0] * cols, [0] * cols, [cols] * cols
    best = 0
    for r in range(rows):
        row = wall[r]
        edge = 0
        for c in range(cols):
            if row[c]:
                h[c] += 1
                lft[c] = max(lft[c], edge)
            else:
                h[c], lft[c], edge = 0, 0, c + 1
        edge = cols
        for c in range(cols - 1, -1, -1):
            if row[c]:
                rgt[c] = min(rgt[c], edge)
            else:
                rgt[c], edge = cols, c
        for c in range(cols):
            best = max(best, h[c] * (rgt[c] - lft[c]))
    return best


def brute(wall):
    rows, cols = len(wall), len(wall[0])
    best = 0
    for r1 in range(rows):
        for r2 in range(r1, rows):
            for c1 in range(cols):
                for c2 in range(c1, cols):
                    if all(wall[r][c] for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)):
                        best = max(best, (r2 - r1 + 1) * (c2 - c1 + 1))
    return best


def case(name, wall):
    assert len(wall) * len(wall[0]) <= 10**5 and all(len(r) == len(wall[0]) for r in wall)
    ans = solve(wall)
    if len(wall) * len(wall[0]) <= 64:
        assert ans == brute(wall), wall
    return (name, fn_input(wall), fn_answer(ans))


def rand(rng, rows, cols, p):
    return [[int(rng.random() < p) for _ in range(cols)] for _ in range(rows)]


def planted(rng, rows, cols, p, top, left, height, width):
    wall = rand(rng, rows, cols, p)
    for r in range(top, top + height):
        for c in range(left, left + width):
            wall[r][c] = 1
    return wall


def skyline(rng, rows, cols):
    """Columns filled from the bottom to random heights (a histogram)."""
    tops = [rng.randint(0, rows) for _ in range(cols)]
    return [[int(r >= rows - tops[c]) for c in range(cols)] for r in range(rows)]


def main():
    rng = random.Random(5218)
    samples = [
        case("01", [[1, 0, 1, 1, 1], [1, 1, 1, 1, 1], [0, 1, 1, 1, 0]]),
        case("02", [[0, 0], [0, 0]]),
    ]
    hole = [[1] * 9 for _ in range(9)]
    hole[4][4] = 0
    hidden = [
        case("01-single-zero", [[0]]),
        case("02-single-one", [[1]]),
        case("03-single-row", [[1, 1, 0, 1, 1, 1, 0, 1]]),
        case("04-single-column", [[1], [1], [0], [1], [1], [1], [1], [0]]),
        case("05-all-ones-small", [[1] * 6 for _ in range(4)]),
        case("06-checkerboard", [[(r + c) % 2 for c in range(8)] for r in range(8)]),
        case("07-staircase", [[int(c <= r) for c in range(8)] for r in range(8)]),
        case("08-hole-in-the-middle", hole),
        case("09-random-small", rand(rng, 7, 9, 0.7)),
        case("10-random-medium", rand(rng, 50, 60, 0.8)),
        case("11-planted-block", planted(rng, 200, 200, 0.5, 37, 101, 40, 70)),
        case("12-skyline", skyline(rng, 300, 300)),
        case("13-large-square-dense", rand(rng, 316, 316, 0.97)),
        case("14-large-tall-thin", rand(rng, 10000, 10, 0.95)),
        case("15-large-single-column", [[0 if rng.random() < 0.001 else 1] for _ in range(50000)]),
        case("16-large-single-row", rand(rng, 1, 100000, 0.99)),
        case("17-large-all-ones", [[1] * 400 for _ in range(250)]),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
