from typing import List


def largest_billboard(wall: List[List[int]]) -> int:
    if len(wall) > len(wall[0]):
        wall = list(zip(*wall))  # fewer, longer rows: less per-row overhead
    cols = len(wall[0])
    heights = [0] * cols
    best = 0
    for row in wall:
        heights = [h + 1 if cell else 0 for h, cell in zip(heights, row)]
        # Largest rectangle under the histogram: a stack of column indices
        # with increasing heights; a sentinel 0 at the end flushes it.
        stack = []
        for i, h in enumerate(heights + [0]):
            start = i
            while stack and stack[-1][1] >= h:
                start, top = stack.pop()
                area = top * (i - start)
                if area > best:
                    best = area
            stack.append((start, h))
    return best
