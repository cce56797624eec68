#!/usr/bin/env python3
"""gen.py - writes tests/ for nearest-taller-tower (deterministic: python3 gen.py)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402

TOP = 10**9


def solve(h):
    # Reference: towers in decreasing height order; a sorted list of the
    # positions of the taller towers placed so far gives both neighbours.
    import bisect
    n = len(h)
    res = [-1] * n
    placed = []
    order = sorted(range(n), key=lambda i: -h[i])
    k = 0
    while k < n:
        j = k
        while j < n and h[order[j]] == h[order[k]]:
            j += 1
        group = order[k:j]
        for i in group:
            p = bisect.bisect_left(placed, i)
            w = placed[p - 1] if p > 0 else -1
            e = placed[p] if p < len(placed) else -1
            if w >= 0 and (e < 0 or i - w <= e - i):
                res[i] = w
            else:
                res[i] = e
        for i in group:
            bisect.insort(placed, i)
        k = j
    return res


def brute(h):
    n = len(h)
    out = []
    for i in range(n):
        best = -1
        for j in range(n):
            if h[j] > h[i] and (best < 0 or abs(j - i) < abs(best - i)):
                best = j
        out.append(best)
    return out


def case(name, h):
    ans = solve(h)
    if len(h) <= 600:
        assert ans == brute(h), h
    return (name, fn_input(h), fn_answer(ans))


def main():
    rng = random.Random(5208)
    samples = [case("01", [3, 1, 4, 1, 5]), case("02", [2, 2, 2])]
    n, m = 100000, 30000
    hidden = [
        case("01-single", [7]),
        case("02-two-increasing", [1, 2]),
        case("03-two-equal", [5, 5]),
        case("04-tie-goes-west", [5, 1, 5]),
        case("05-equal-neighbours-then-taller", [3, 2, 2, 4]),
        case("06-valley", [9, 7, 5, 3, 1, 3, 5, 7, 9]),
        case("07-increasing", list(range(1, 51))),
        case("08-decreasing", list(range(50, 0, -1))),
        case("09-extreme-heights", [TOP, 1, TOP, 1, 1, TOP - 1]),
        case("10-random-small-values", [rng.randint(1, 3) for _ in range(200)]),
        case("11-random-medium", [rng.randint(1, TOP) for _ in range(500)]),
        case("12-random-few-heights", [rng.randint(1, 5) for _ in range(2000)]),
        case("13-large-all-equal", [7] * n),
        case("14-large-random", [rng.randint(1, 1000) for _ in range(m)]),
        case("15-large-plateau-with-peak", [3] * (m // 2) + [4] + [3] * (m - m // 2 - 1)),
        case("16-large-saw", [i % 1000 + 1 for i in range(m)]),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
