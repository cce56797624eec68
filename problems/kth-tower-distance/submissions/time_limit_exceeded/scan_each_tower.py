def kth_tower_distance(positions, k):
    # Binary search on the answer is right, but the count walks every pair
    # within d from each tower: O(n + pairs) per step, O(n^2) when k is large.
    a = sorted(positions)
    n = len(a)

    def within(d):
        count = 0
        for i in range(n):
            j = i + 1
            while j < n and a[j] - a[i] <= d:
                j += 1
            count += j - i - 1
        return count

    lo, hi = 0, a[-1] - a[0]
    while lo < hi:
        mid = (lo + hi) // 2
        if within(mid) >= k:
            hi = mid
        else:
            lo = mid + 1
    return lo
