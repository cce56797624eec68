def spiral_walk(gallery):
    top, bottom = 0, len(gallery) - 1
    left, right = 0, len(gallery[0]) - 1
    out = []
    while top <= bottom and left <= right:
        for j in range(left, right + 1):
            out.append(gallery[top][j])
        for i in range(top + 1, bottom + 1):
            out.append(gallery[i][right])
        # Bug: a ring that is a single row or column is walked back again.
        for j in range(right - 1, left - 1, -1):
            out.append(gallery[bottom][j])
        for i in range(bottom - 1, top, -1):
            out.append(gallery[i][left])
        top, bottom, left, right = top + 1, bottom - 1, left + 1, right - 1
    return out
