# Correct but O(n^2 log n): sorts all readings so far after every reading.
from typing import List


def running_medians(readings: List[int]) -> List[float]:
    out = []
    for i in range(len(readings)):
        s = sorted(readings[:i + 1])
        m = len(s)
        if m % 2:
            out.append(float(s[m // 2]))
        else:
            out.append((s[m // 2 - 1] + s[m // 2]) / 2)
    return out
