#!/usr/bin/env python3
"""gen.py - writes tests/ for steady-sensor-windows (deterministic: python3 gen.py)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import here, write_tests  # noqa: E402

V = 10**9


def solve(a, t):
    """Two pointers with a sparse table for range max/min (independent of the
    deque reference in submissions/accepted)."""
    n = len(a)
    hi, lo = [a[:]], [a[:]]
    k = 1
    while 2 * k <= n:
        ph, pl = hi[-1], lo[-1]
        hi.append([max(ph[i], ph[i + k]) for i in range(n - 2 * k + 1)])
        lo.append([min(pl[i], pl[i + k]) for i in range(n - 2 * k + 1)])
        k *= 2

    def spread(i, j):  # max - min over a[i..j]
        lvl = (j - i + 1).bit_length() - 1
        w = 1 << lvl
        return max(hi[lvl][i], hi[lvl][j - w + 1]) - min(lo[lvl][i], lo[lvl][j - w + 1])

    total = left = 0
    for right in range(n):
        while spread(left, right) > t:
            left += 1
        total += right - left + 1
    return total


def brute(a, t):
    n, total = len(a), 0
    for i in range(n):
        mx = mn = a[i]
        for j in range(i, n):
            mx, mn = max(mx, a[j]), min(mn, a[j])
            if mx - mn > t:
                break
            total += 1
    return total


def case(name, a, t):
    if len(a) <= 500:
        assert solve(a, t) == brute(a, t)
    inp = "%d %d\n%s\n" % (len(a), t, " ".join(map(str, a)))
    return (name, inp, "%d\n" % solve(a, t))


def walk(rng, n, step, lo, hi):
    x, out = (lo + hi) // 2, []
    for _ in range(n):
        x = min(hi, max(lo, x + rng.randint(-step, step)))
        out.append(x)
    return out


def main():
    rng = random.Random(5020)
    samples = [
        case("01", [20, 22, 21, 25, 24], 2),
        case("02", [7, 7, 7], 0),
    ]
    hidden = [
        case("01-one-reading", [5], 0),
        case("02-two-far-apart", [0, V], V - 1),
        case("03-two-extremes-allowed", [0, V], V),
        case("04-increasing-t0", list(range(1, 21)), 0),
        case("05-increasing-t3", list(range(1, 21)), 3),
        case("06-zigzag", [1, 9] * 10, 7),
        case("07-spike-in-the-middle", [5] * 10 + [100] + [5] * 10, 10),
        case("08-t-huge", [rng.randint(0, V) for _ in range(50)], V),
        case("09-alternating-extremes", [V, 0, V, 0, V], 0),
        case("10-random-small", [rng.randint(0, 10) for _ in range(60)], 4),
        case("11-random-walk-small", walk(rng, 300, 3, 0, 100), 6),
        case("12-random-medium", [rng.randint(0, V) for _ in range(5000)], V // 2),
        case("13-walk-medium", walk(rng, 5000, 50, 0, 10**6), 500),
        case("14-large-all-equal-64bit", [42] * 100000, 0),
        case("15-large-slow-walk", walk(rng, 100000, 2, 0, 9999), 400),
        case("16-large-random", [rng.randint(0, 9999) for _ in range(60000)], 9000),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
