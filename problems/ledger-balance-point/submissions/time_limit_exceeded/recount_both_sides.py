def balance_point(entries):
    # Correct, but re-adds both sides for every index: O(n^2).
    n = len(entries)
    for i in range(n):
        left = 0
        for j in range(i):
            left += entries[j]
        right = 0
        for j in range(i + 1, n):
            right += entries[j]
        if left == right:
            return i
    return -1
