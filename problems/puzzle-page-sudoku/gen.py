#!/usr/bin/env python3
"""gen.py - writes tests/ for puzzle-page-sudoku (deterministic: fixed seed).
Puzzles are made here: a random full grid, then clues removed one by one
as long as the solution stays unique."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import here, write_tests  # noqa: E402

UNITS = [[(r, c) for c in range(9)] for r in range(9)] + \
        [[(r, c) for r in range(9)] for c in range(9)] + \
        [[(br + i, bc + j) for i in range(3) for j in range(3)] for br in (0, 3, 6) for bc in (0, 3, 6)]
PEERS = {(r, c): {p for u in UNITS if (r, c) in u for p in u} - {(r, c)} for r in range(9) for c in range(9)}


def solutions(puzzle, limit=2):
    """Reference: up to `limit` solutions of a puzzle given as a dict
    cell -> digit (0 empty), by depth-first search on the cell with the
    fewest candidate sets."""
    grid = dict(puzzle)
    found = []

    def search():
        best = None
        for cell, d in grid.items():
            if d == 0:
                cand = set(range(1, 10)) - {grid[p] for p in PEERS[cell]}
                if best is None or len(cand) < len(best[1]):
                    best = (cell, cand)
        if best is None:
            found.append(dict(grid))
            return
        cell, cand = best
        for d in sorted(cand):
            grid[cell] = d
            search()
            if len(found) >= limit:
                break
        grid[cell] = 0

    search()
    return found


rng = random.Random(5020)


def full_grid():
    base = lambda r, c: (3 * (r % 3) + r // 3 + c) % 9  # noqa: E731
    bands = rng.sample(range(3), 3)
    rows = [b * 3 + r for b in bands for r in rng.sample(range(3), 3)]
    stacks = rng.sample(range(3), 3)
    cols = [s * 3 + c for s in stacks for c in rng.sample(range(3), 3)]
    digits = rng.sample(range(1, 10), 9)
    g = {(r, c): digits[base(rows[r], cols[c])] for r in range(9) for c in range(9)}
    if rng.random() < 0.5:
        g = {(r, c): g[(c, r)] for r in range(9) for c in range(9)}
    return g


def carve(solution, keep_at_least=17, first=()):
    """Remove clues (cells in `first` before the others, each group in
    random order) while the puzzle keeps a unique solution."""
    puzzle = dict(solution)
    rest = [cell for cell in puzzle if cell not in first]
    order = rng.sample(list(first), len(first)) + rng.sample(rest, len(rest))
    clues = 81
    for cell in order:
        if clues <= keep_at_least:
            break
        d = puzzle[cell]
        puzzle[cell] = 0
        if len(solutions(puzzle)) == 1:
            clues -= 1
        else:
            puzzle[cell] = d
    return puzzle


# Puzzles whose first row must read 987654321, with that row given blank:
# reading-order backtracking that tries 1..9 in each cell visits 6.5e7 to
# 6.6e8 nodes on them. They were made like the carved ones (digits
# relabelled so row 0 is 987654321, row 0 carved first) and picked, among
# 60 such candidates, as the slowest for that naive search.
ANTI_BRUTE = [
    "...............9..3.............7.4...5..18..8.9..6.3..318..5....84.52..6..3....9",
    "..............3..9...7...6.2.....5...6.3.1....7..6...2.45...8..3.2.9......85...13",
    ".........5..3....8...97......62.3....9...6..3.2.....6.31..97..48..4..1.2.......9.",
]


def parse(text):
    return {(r, c): 0 if text[9 * r + c] == "." else int(text[9 * r + c]) for r in range(9) for c in range(9)}


def show(grid):
    return "".join("".join(str(grid[(r, c)]) if grid[(r, c)] else "." for c in range(9)) + "\n" for r in range(9))


def case(name, puzzle, solution=None):
    sols = solutions(puzzle)
    assert len(sols) == 1, name
    assert solution is None or sols[0] == solution
    return (name, show(puzzle), show(sols[0]))


def carved_case(name, keep_at_least):
    sol = full_grid()
    return case(name, carve(sol, keep_at_least), sol)


def blank(sol, cells):
    p = dict(sol)
    for cell in cells:
        p[cell] = 0
    return p


samples = [carved_case("01", 36), carved_case("02", 28)]
s1 = full_grid()
s2 = full_grid()
hidden = [
    case("01-already-solved", dict(s1)),
    case("02-one-blank", blank(s1, [(4, 4)])),
    case("03-one-row-blank", blank(s2, [(0, c) for c in range(9)])),
    case("04-one-box-blank", blank(s2, [(r, c) for r in range(3, 6) for c in range(6, 9)])),
    case("05-diagonal-blank", blank(s1, [(i, i) for i in range(9)] + [(i, 8 - i) for i in range(9)])),
    carved_case("06-many-clues", 45),
    carved_case("07-easy", 38),
    carved_case("08-medium", 32),
    carved_case("09-medium", 30),
    carved_case("10-minimal", 17),
    carved_case("11-minimal", 17),
    carved_case("12-minimal", 17),
    carved_case("13-minimal", 17),
] + [case("%02d-first-row-987654321" % (14 + k), parse(p)) for k, p in enumerate(ANTI_BRUTE)]
write_tests(here(__file__), samples, hidden)
