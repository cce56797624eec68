# Wrong: bin() of a negative Python int shows the magnitude with a minus
# sign, not the 64-bit two's complement pattern.
def bit_distance(before: int, after: int) -> int:
    return bin(before ^ after).count("1")
