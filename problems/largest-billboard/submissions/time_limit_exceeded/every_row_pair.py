# Correct but O(rows^2 * cols): for every top row, extend the block down one
# row at a time and find the longest run of columns that are all clean.
from typing import List


def largest_billboard(wall: List[List[int]]) -> int:
    rows, cols = len(wall), len(wall[0])
    best = 0
    for top in range(rows):
        clean = [1] * cols
        for bottom in range(top, rows):
            run = 0
            height = bottom - top + 1
            for c in range(cols):
                clean[c] &= wall[bottom][c]
                run = run + 1 if clean[c] else 0
                if run * height > best:
                    best = run * height
    return best
