# Correct but exponential: tries every set of lamps to press (2^(rows*cols)
# sets, walked in Gray-code order so that each step toggles one press).
from typing import List


def min_presses(board: List[str]) -> int:
    rows, cols = len(board), len(board[0])
    n = rows * cols
    state = 0
    effect = []
    for r in range(rows):
        for c in range(cols):
            if board[r][c] == "1":
                state |= 1 << (r * cols + c)
            e = 0
            for dr, dc in ((0, 0), (1, 0), (-1, 0), (0, 1), (0, -1)):
                rr, cc = r + dr, c + dc
                if 0 <= rr < rows and 0 <= cc < cols:
                    e |= 1 << (rr * cols + cc)
            effect.append(e)
    best = 0 if state == 0 else -1
    pressed = 0
    for k in range(1, 1 << n):
        bit = (k & -k).bit_length() - 1  # the press that changes in Gray order
        state ^= effect[bit]
        pressed ^= 1 << bit
        if state == 0:
            count = bin(pressed).count("1")
            if best < 0 or count < best:
                best = count
    return best
