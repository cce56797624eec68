def bit_distance(before: int, after: int) -> int:
    x = (before ^ after) & ((1 << 64) - 1)
    count = 0
    while x:
        x &= x - 1
        count += 1
    return count
