def closest_trio(ratings, target):
    a = sorted(ratings)
    n = len(a)
    best = a[0] + a[1] + a[2]
    best_d = abs(best - target)
    for i in range(n - 2):
        lo, hi = i + 1, n - 1
        need = target - a[i]             # the pair a[lo] + a[hi] should be close to this
        while lo < hi:
            p = a[lo] + a[hi]
            if p < need:
                d = need - p
                lo += 1
            elif p > need:
                d = p - need
                hi -= 1
            else:
                return target
            # Closer wins; on a tie the smaller sum wins.
            if d < best_d or (d == best_d and p - need < best - target):
                best, best_d = target + p - need, d
    return best
