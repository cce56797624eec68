from typing import List


def max_xor_pair(ids: List[int]) -> int:
    # levels[b] = the distinct ids shifted right by b (their top 31 - b bits).
    levels = [set(ids)]
    for _ in range(30):
        levels.append({x >> 1 for x in levels[-1]})
    # Decide the answer bit by bit from the top: can the bits fixed so far
    # followed by a 1 be the XOR of two prefixes of that length?
    best = 0
    for b in range(30, -1, -1):
        want = (best << 1) | 1
        prefixes = levels[b]
        best = want if not prefixes.isdisjoint(map(want.__xor__, prefixes)) else want - 1
    return best
