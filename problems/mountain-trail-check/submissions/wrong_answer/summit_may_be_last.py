def is_mountain_trail(heights):
    n = len(heights)
    i = 0
    while i + 1 < n and heights[i] < heights[i + 1]:
        i += 1
    if i == 0:                    # Bug: a trail that only rises is accepted
        return False
    while i + 1 < n and heights[i] > heights[i + 1]:
        i += 1
    return i == n - 1
