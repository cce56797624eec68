def min_van_capacity(trays, trips):
    def fits(cap):
        used, load = 1, 0
        for w in trays:
            if load + w > cap:
                used += 1
                if used > trips:
                    return False
                load = w
            else:
                load += w
        return True

    lo, hi = max(trays), sum(trays)
    while lo < hi:
        mid = (lo + hi) // 2
        if fits(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo
