from typing import List


def min_presses(board: List[str]) -> int:
    rows = [int(r[::-1], 2) for r in board]  # bit c = column c
    width = len(board[0])
    if width > len(rows):  # enumerate over the shorter side
        rows = [sum(1 << r for r in range(len(board)) if board[r][c] == "1") for c in range(width)]
        width = len(board)
    full = (1 << width) - 1
    height = len(rows)
    best = -1
    for first in range(1 << width):
        cur = list(rows)
        press = first
        count = 0
        for r in range(height):
            count += bin(press).count("1")
            cur[r] ^= (press ^ (press << 1) ^ (press >> 1)) & full
            if r + 1 < height:
                cur[r + 1] ^= press
            press = cur[r]  # lamps still lit in row r: press right below them
        if cur[height - 1] == 0 and (best < 0 or count < best):
            best = count
    return best
