# Correct but O(n^2): best[k] = least total time to finish k of the jobs
# seen so far (by deadline), updated like a knapsack.
from typing import List


def max_jobs(jobs: List[List[int]]) -> int:
    inf = float("inf")
    best = [0]
    for duration, deadline in sorted(jobs, key=lambda j: j[1]):
        best.append(inf)
        for k in range(len(best) - 1, 0, -1):
            t = best[k - 1] + duration
            if t <= deadline and t < best[k]:
                best[k] = t
    return max(k for k in range(len(best)) if best[k] < inf)
