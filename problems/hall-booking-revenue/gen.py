#!/usr/bin/env python3
"""gen.py - writes tests/ for hall-booking-revenue (deterministic: python3 gen.py)."""
import os
import random
import sys
from bisect import bisect_left

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import here, write_tests  # noqa: E402

D = 10**9


def solve(reqs):
    reqs = sorted(reqs, key=lambda r: r[1])
    ends = [e for _, e, _ in reqs]
    best = [0]
    for s, e, p in reqs:
        j = bisect_left(ends, s)          # requests ending on a day < s
        best.append(max(best[-1], p + best[j]))
    return best[-1]


def brute(reqs):
    """O(n^2) DP over requests sorted by start: take one, jump past its end."""
    reqs = sorted(reqs)
    n = len(reqs)
    f = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        s, e, p = reqs[i]
        nxt = next((j for j in range(i + 1, n) if reqs[j][0] > e), n)
        f[i] = max(f[i + 1], p + f[nxt])
    return f[0]


def case(name, reqs):
    if len(reqs) <= 2000:
        assert solve(reqs) == brute(reqs)
    inp = "%d\n" % len(reqs) + "".join("%d %d %d\n" % r for r in reqs)
    return (name, inp, "%d\n" % solve(reqs))


def rand(rng, n, horizon, maxlen, maxpay):
    out = []
    for _ in range(n):
        s = rng.randint(1, horizon)
        out.append((s, min(horizon, s + rng.randint(0, maxlen)), rng.randint(1, maxpay)))
    return out


def touching(rng, n, maxpay):
    """Requests that often start on the very day another one ends."""
    days = sorted(rng.sample(range(1, 4 * n), n))
    out = []
    for _ in range(n):
        a, b = sorted(rng.sample(days, 2))
        out.append((a, b, rng.randint(1, maxpay)))
    return out


def main():
    rng = random.Random(5019)
    samples = [
        case("01", [(1, 3, 50), (2, 5, 20), (4, 6, 70), (6, 9, 30), (7, 8, 60)]),
        case("02", [(1, 10, 100), (2, 3, 40), (5, 6, 40)]),
    ]
    hidden = [
        case("01-one-request", [(5, 5, 7)]),
        case("02-shared-day", [(1, 3, 10), (3, 5, 10)]),
        case("03-next-day-is-fine", [(1, 3, 10), (4, 5, 10)]),
        case("04-chain-of-shared-days", [(i, i + 1, 10) for i in range(1, 20)]),
        case("05-all-identical", [(2, 8, 5)] * 6),
        case("06-nested", [(1, 100, 60), (10, 20, 25), (30, 40, 25), (50, 60, 25)]),
        case("07-greedy-by-pay-fails", [(1, 10, 10), (1, 5, 6), (6, 10, 6)]),
        case("08-greedy-by-end-fails", [(1, 2, 1), (1, 9, 50), (3, 9, 2)]),
        case("09-single-days", [(d, d, d) for d in range(1, 31)]),
        case("10-extreme-days", [(1, D, D), (1, 1, 1), (D, D, 1), (2, D - 1, D - 1)]),
        case("11-64bit-total", [(i, i, D) for i in range(1, 3001)]),
        case("12-random-small", rand(rng, 15, 40, 6, 20)),
        case("13-random-touching", touching(rng, 200, 1000)),
        case("14-random-medium", rand(rng, 2000, D, 10**7, D)),
        case("15-random-medium-touching", touching(rng, 2000, 100)),
        case("16-large-random", rand(rng, 50000, 10**5, 30, 999)),
        case("17-large-touching", touching(rng, 20000, 999)),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
