# Wrong: by deadline, takes a job only if it still fits, never trading a
# long job taken earlier for shorter ones later.
from typing import List


def max_jobs(jobs: List[List[int]]) -> int:
    total = count = 0
    for duration, deadline in sorted(jobs, key=lambda j: j[1]):
        if total + duration <= deadline:
            total += duration
            count += 1
    return count
