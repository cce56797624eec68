#!/usr/bin/env python3
"""gen.py - writes tests/ for lamp-switchboard (deterministic: python3 gen.py)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402


def solve(board):
    # Reference: Gaussian elimination over GF(2) on rows*cols unknowns, then
    # the cheapest of particular solution + any combination of the null space.
    rows, cols = len(board), len(board[0])
    n = rows * cols
    eqs = []
    for r in range(rows):
        for c in range(cols):
            m = 0
            for dr, dc in ((0, 0), (1, 0), (-1, 0), (0, 1), (0, -1)):
                if 0 <= r + dr < rows and 0 <= c + dc < cols:
                    m |= 1 << ((r + dr) * cols + c + dc)
            eqs.append(m | (int(board[r][c]) << n))  # bit n: right-hand side
    pivots, row = [], 0
    for col in range(n):
        sel = next((i for i in range(row, n) if eqs[i] >> col & 1), None)
        if sel is None:
            continue
        eqs[row], eqs[sel] = eqs[sel], eqs[row]
        for i in range(n):
            if i != row and eqs[i] >> col & 1:
                eqs[i] ^= eqs[row]
        pivots.append(col)
        row += 1
    if any(e == 1 << n for e in eqs[row:]):
        return -1
    free = [c for c in range(n) if c not in set(pivots)]
    best = None
    for choice in range(1 << len(free)):
        x = 0
        for k, f in enumerate(free):
            if choice >> k & 1:
                x |= 1 << f
        for i, p in enumerate(pivots):
            e = eqs[i]
            val = (e >> n) & 1
            val ^= bin(e & x & ((1 << n) - 1)).count("1") & 1
            if val:
                x |= 1 << p
        cnt = bin(x).count("1")
        best = cnt if best is None else min(best, cnt)
    return best


def brute(board):
    rows, cols = len(board), len(board[0])
    best = None
    for mask in range(1 << (rows * cols)):
        g = [[int(ch) for ch in r] for r in board]
        for k in range(rows * cols):
            if mask >> k & 1:
                r, c = divmod(k, cols)
                for dr, dc in ((0, 0), (1, 0), (-1, 0), (0, 1), (0, -1)):
                    if 0 <= r + dr < rows and 0 <= c + dc < cols:
                        g[r + dr][c + dc] ^= 1
        if not any(any(r) for r in g):
            cnt = bin(mask).count("1")
            best = cnt if best is None else min(best, cnt)
    return -1 if best is None else best


def case(name, board):
    ans = solve(board)
    if len(board) * len(board[0]) <= 12:
        assert ans == brute(board), board
    return (name, fn_input(board), fn_answer(ans))


def rand(rng, rows, cols, p=0.5):
    return ["".join("1" if rng.random() < p else "0" for _ in range(cols)) for _ in range(rows)]


def pressed(rng, rows, cols, k):
    """A board made by pressing k random buttons on a dark board (solvable)."""
    g = [[0] * cols for _ in range(rows)]
    for _ in range(k):
        r, c = rng.randrange(rows), rng.randrange(cols)
        for dr, dc in ((0, 0), (1, 0), (-1, 0), (0, 1), (0, -1)):
            if 0 <= r + dr < rows and 0 <= c + dc < cols:
                g[r + dr][c + dc] ^= 1
    return ["".join(map(str, row)) for row in g]


def main():
    rng = random.Random(5220)
    samples = [
        case("01", ["010", "111", "010"]),
        case("02", ["110", "101", "011"]),
        case("03", ["1000", "0000", "0000", "0000"]),
    ]
    hidden = [
        case("01-single-lit", ["1"]),
        case("02-single-dark", ["0"]),
        case("03-one-row", ["10110"]),
        case("04-one-column", ["1", "1", "0", "1"]),
        case("05-all-dark", ["0000", "0000", "0000"]),
        case("06-two-by-two-all-lit", ["11", "11"]),
        case("07-three-by-four-random", rand(rng, 3, 4)),
        case("08-four-by-four-solvable", pressed(rng, 4, 4, 5)),
        case("09-five-by-five-all-lit", ["11111"] * 5),
        case("10-five-by-five-impossible", ["10000", "00000", "00000", "00000", "00000"]),
        case("11-seven-by-nine-pressed", pressed(rng, 7, 9, 12)),
        case("12-wide-one-row", pressed(rng, 1, 14, 5)),
        case("13-tall-one-column", pressed(rng, 14, 1, 4)),
        case("14-large-all-lit", ["1" * 14] * 14),
        case("15-large-random", rand(rng, 14, 14)),
        case("16-large-pressed", pressed(rng, 14, 14, 40)),
        case("17-large-rectangle-transposed", pressed(rng, 9, 14, 20)),
        case("18-large-eleven-square-impossible", ["1" + "0" * 10] + ["0" * 11] * 10),
        case("19-large-random-tall", rand(rng, 14, 13)),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
