def balance_point(entries):
    total = sum(entries)
    left = 0
    for i, x in enumerate(entries):
        if left == total - left - x:
            return i
        left += x
    return -1
