def kth_tower_distance(positions, k):
    a = sorted(positions)

    def within(d):
        """How many pairs are at most d apart (two pointers over sorted a)."""
        count = i = 0
        for j, x in enumerate(a):
            while x - a[i] > d:
                i += 1
            count += j - i
        return count

    lo, hi = 0, a[-1] - a[0]
    while lo < hi:
        mid = (lo + hi) // 2
        if within(mid) >= k:
            hi = mid
        else:
            lo = mid + 1
    return lo
