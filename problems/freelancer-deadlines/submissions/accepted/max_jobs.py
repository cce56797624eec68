import heapq
from typing import List


def max_jobs(jobs: List[List[int]]) -> int:
    taken = []  # negated durations: a max-heap
    total = 0
    for duration, deadline in sorted(jobs, key=lambda j: j[1]):
        heapq.heappush(taken, -duration)
        total += duration
        if total > deadline:
            total += heapq.heappop(taken)
    return len(taken)
