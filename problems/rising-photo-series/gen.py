#!/usr/bin/env python3
"""gen.py - writes tests/ for rising-photo-series (deterministic: fixed seed)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import here, write_tests  # noqa: E402

LIMIT = 10**9


def longest(a):
    """Reference: best length ending at each value, kept in a Fenwick tree
    of prefix maxima over the compressed values."""
    rank = {v: i + 1 for i, v in enumerate(sorted(set(a)))}
    tree = [0] * (len(rank) + 1)
    answer = 0
    for x in a:
        i, best = rank[x] - 1, 0  # best over strictly smaller values
        while i > 0:
            best = max(best, tree[i])
            i -= i & -i
        cur = best + 1
        answer = max(answer, cur)
        i = rank[x]
        while i < len(tree):
            tree[i] = max(tree[i], cur)
            i += i & -i
    return answer


def quadratic(a):
    best = []
    for i, x in enumerate(a):
        best.append(1 + max([best[j] for j in range(i) if a[j] < x], default=0))
    return max(best)


def case(name, a):
    answer = longest(a)
    if len(a) <= 2000:
        assert answer == quadratic(a), name
    return (name, "%d\n%s\n" % (len(a), " ".join(map(str, a))), "%d\n" % answer)


rng = random.Random(5014)


def rand(n, lo, hi):
    return [rng.randint(lo, hi) for _ in range(n)]


def noisy_climb(n, noise):
    return [i * 10 + rng.randint(-noise, noise) for i in range(n)]


samples = [
    case("01", [120, 80, 150, 90, 100, 300, 95, 310]),
    case("02", [50, 50, 50, 50]),
]
hidden = [
    case("01-single", [7]),
    case("02-two-rising", [-5, 5]),
    case("03-two-falling", [5, -5]),
    case("04-strictly-falling", list(range(20, 0, -1))),
    case("05-strictly-rising", list(range(-10, 10))),
    case("06-plateaus", [1, 1, 2, 2, 3, 3, 2, 2, 4, 4]),
    case("07-extremes", [LIMIT, -LIMIT, 0, LIMIT, -LIMIT, 1]),
    case("08-zigzag", [1, 100, 2, 99, 3, 98, 4, 97, 5, 96]),
    case("09-random-small", rand(15, -10, 10)),
    case("10-random-few-values", rand(2000, 0, 5)),
    case("11-random-medium", rand(2000, -LIMIT, LIMIT)),
    case("12-noisy-climb", noisy_climb(3000, 40)),
    case("13-large-random", rand(100000, 0, 999999)),
    case("14-large-falling", list(range(30000, 0, -1))),
    case("15-large-noisy-climb", noisy_climb(30000, 500)),
    case("16-large-all-equal", [-LIMIT] * 20000),
]
write_tests(here(__file__), samples, hidden)
