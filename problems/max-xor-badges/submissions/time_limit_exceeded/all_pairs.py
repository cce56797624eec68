# Correct but O(n^2): XORs every pair.
from typing import List


def max_xor_pair(ids: List[int]) -> int:
    best = 0
    for i in range(len(ids)):
        a = ids[i]
        for j in range(i + 1, len(ids)):
            if a ^ ids[j] > best:
                best = a ^ ids[j]
    return best
