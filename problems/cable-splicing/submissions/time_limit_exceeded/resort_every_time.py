# Correct but O(n^2): re-sorts the list and removes from its front after
# every splice.
from typing import List


def min_splice_cost(lengths: List[int]) -> int:
    pieces = list(lengths)
    total = 0
    while len(pieces) > 1:
        pieces.sort()
        a = pieces.pop(0)
        b = pieces.pop(0)
        total += a + b
        pieces.append(a + b)
    return total
