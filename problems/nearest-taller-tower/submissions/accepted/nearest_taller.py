from typing import List


def nearest_taller(heights: List[int]) -> List[int]:
    n = len(heights)
    west = [-1] * n
    stack = []
    for i in range(n):
        h = heights[i]
        while stack and heights[stack[-1]] <= h:
            stack.pop()
        if stack:
            west[i] = stack[-1]
        stack.append(i)
    result = [-1] * n
    stack = []
    for i in range(n - 1, -1, -1):
        h = heights[i]
        while stack and heights[stack[-1]] <= h:
            stack.pop()
        w = west[i]
        if stack and (w < 0 or stack[-1] - i < i - w):
            result[i] = stack[-1]
        else:
            result[i] = w
        stack.append(i)
    return result
