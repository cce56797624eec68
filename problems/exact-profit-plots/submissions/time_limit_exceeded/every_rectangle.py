def count_exact_plots(field, target):
    # Correct: 2-D prefix sums and every rectangle checked in O(1), but there
    # are O(R^2 * C^2) rectangles.
    r, c = len(field), len(field[0])
    S = [[0] * (c + 1) for _ in range(r + 1)]
    for i in range(r):
        for j in range(c):
            S[i + 1][j + 1] = field[i][j] + S[i][j + 1] + S[i + 1][j] - S[i][j]
    total = 0
    for i1 in range(r):
        for i2 in range(i1 + 1, r + 1):
            for j1 in range(c):
                for j2 in range(j1 + 1, c + 1):
                    if S[i2][j2] - S[i1][j2] - S[i2][j1] + S[i1][j1] == target:
                        total += 1
    return total
