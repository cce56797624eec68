#!/usr/bin/env python3
"""gen.py - writes tests/ for freelancer-deadlines (deterministic: python3 gen.py)."""
import itertools
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402

TOP = 10**9


def solve(jobs):
    # Reference: Moore-Hodgson. By deadline; when late, drop the longest job
    # taken so far (a sorted list here instead of a heap).
    import bisect
    taken, total = [], 0
    for d, e in sorted(jobs, key=lambda j: j[1]):
        bisect.insort(taken, d)
        total += d
        if total > e:
            total -= taken.pop()
    return len(taken)


def feasible(subset):
    t = 0
    for d, e in sorted(subset, key=lambda j: j[1]):
        t += d
        if t > e:
            return False
    return True


def brute(jobs):
    for k in range(len(jobs), 0, -1):
        if any(feasible(c) for c in itertools.combinations(jobs, k)):
            return k
    return 0


def case(name, jobs):
    ans = solve(jobs)
    if len(jobs) <= 10:
        assert ans == brute(jobs), jobs
    return (name, fn_input(jobs), fn_answer(ans))


def rand(rng, n, dmax, emax):
    return [[rng.randint(1, dmax), rng.randint(1, emax)] for _ in range(n)]


def main():
    rng = random.Random(5219)
    samples = [case("01", [[2, 5], [3, 4], [4, 9], [6, 10]]), case("02", [[5, 3], [1, 1]])]
    blockers = []
    for i in range(10000):  # one long job, then three short ones that fit only without it
        base = 6 * i
        blockers += [[5, base + 5], [2, base + 6], [2, base + 7], [2, base + 8]]
    hidden = [
        case("01-single-fits", [[3, 3]]),
        case("02-single-impossible", [[4, 3]]),
        case("03-long-job-blocks-three", [[5, 5], [2, 6], [2, 7], [2, 8]]),
        case("04-all-impossible", [[10, 9], [7, 6], [3, 2]]),
        case("05-same-deadline", [[2, 6], [3, 6], [1, 6], [4, 6]]),
        case("06-all-fit", [[1, 1], [1, 2], [1, 3], [1, 4]]),
        case("07-swap-chain", [[3, 3], [3, 4], [1, 4], [1, 5], [1, 6]]),
        case("08-max-values", [[TOP, TOP], [TOP, TOP], [1, TOP]]),
        case("09-random-tiny", rand(rng, 9, 5, 12)),
        case("10-random-tiny-tight", rand(rng, 10, 8, 20)),
        case("11-random-small", rand(rng, 200, 100, 2000)),
        case("12-random-medium", rand(rng, 3000, 1000, 10**6)),
        case("13-large-random", rand(rng, 40000, 1000, 10**6)),
        case("14-large-blockers", blockers),
        case("15-large-unit-jobs", [[1, rng.randint(1, 20000)] for _ in range(10000)]),
        case("16-large-sum-overflows-32-bit", [[rng.randint(10**8, TOP), TOP] for _ in range(500)]
             + [[rng.randint(1, 10**6), rng.randint(TOP // 2, TOP)] for _ in range(10000)]),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
