# Correct but O(n^2): scans outwards from every tower; all-equal heights
# make every scan run to both ends.
from typing import List


def nearest_taller(heights: List[int]) -> List[int]:
    n = len(heights)
    result = [-1] * n
    for i in range(n):
        h = heights[i]
        for d in range(1, n):
            if i - d >= 0 and heights[i - d] > h:
                result[i] = i - d
                break
            if i + d < n and heights[i + d] > h:
                result[i] = i + d
                break
            if i - d < 0 and i + d >= n:
                break
    return result
