def count_perfect_runs(points, k):
    # Correct, but tries every run: O(n^2).
    n = len(points)
    total = 0
    for i in range(n):
        s = 0
        for j in range(i, n):
            s += points[j]
            if s == k:
                total += 1
    return total
