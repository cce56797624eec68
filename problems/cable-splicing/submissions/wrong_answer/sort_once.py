# Wrong: sorts once and splices the running cable with the next offcut,
# although the running cable soon outgrows the offcuts still waiting.
from typing import List


def min_splice_cost(lengths: List[int]) -> int:
    pieces = sorted(lengths)
    total = 0
    current = pieces[0]
    for x in pieces[1:]:
        current += x
        total += current
    return total
