#!/usr/bin/env python3
"""gen.py - writes tests/ for workshop-schedule (deterministic: fixed seed)."""
import bisect
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import here, write_tests  # noqa: E402


def schedule(n, rules):
    """Reference: Kahn's algorithm with the ready set kept as a sorted list
    (bisect.insort), taking the smallest each time."""
    succ = [[] for _ in range(n + 1)]
    indeg = [0] * (n + 1)
    for a, b in rules:
        succ[a].append(b)
        indeg[b] += 1
    ready = [v for v in range(n, 0, -1) if indeg[v] == 0]  # kept descending
    order = []
    while ready:
        v = ready.pop()
        order.append(v)
        for w in succ[v]:
            indeg[w] -= 1
            if indeg[w] == 0:
                pos = bisect.bisect_left(ready, -w, key=lambda x: -x)
                ready.insert(pos, w)
    return order if len(order) == n else None


def case(name, n, rules):
    text = "%d %d\n" % (n, len(rules)) + "".join("%d %d\n" % r for r in rules)
    order = schedule(n, rules)
    return (name, text, ("IMPOSSIBLE" if order is None else " ".join(map(str, order))) + "\n")


rng = random.Random(5011)


def dag(n, m):
    """m random rules consistent with a hidden random order of 1..n."""
    rank = list(range(1, n + 1))
    rng.shuffle(rank)
    rules = []
    for _ in range(m):
        i, j = sorted(rng.sample(range(n), 2))
        rules.append((rank[i], rank[j]))
    return rules


def with_cycle(n, m, length):
    rules = dag(n, m)
    cyc = rng.sample(range(1, n + 1), length)
    rules += [(cyc[k], cyc[(k + 1) % length]) for k in range(length)]
    rng.shuffle(rules)
    return rules


samples = [
    case("01", 5, [(3, 1), (3, 2), (2, 5), (4, 5)]),
    case("02", 3, [(1, 2), (2, 3), (3, 1)]),
]
hidden = [
    case("01-single", 1, []),
    case("02-single-self-rule", 1, [(1, 1)]),
    case("03-no-rules", 8, []),
    case("04-reverse-chain", 6, [(v, v - 1) for v in range(6, 1, -1)]),
    case("05-repeated-rules", 4, [(2, 1), (2, 1), (4, 3), (2, 1)]),
    case("06-two-cycle", 4, [(1, 2), (3, 4), (4, 3)]),
    case("07-self-rule-among-others", 5, [(1, 2), (3, 3), (4, 5)]),
    case("08-star-out", 7, [(7, v) for v in range(1, 7)]),
    case("09-star-in", 7, [(v, 1) for v in range(2, 8)]),
    case("10-fifo-trap", 6, [(1, 6), (2, 3), (6, 4), (3, 5)]),
    case("11-random-small", 15, dag(15, 25)),
    case("12-random-cycle-small", 15, with_cycle(15, 20, 3)),
    case("13-random-medium", 2000, dag(2000, 5000)),
    case("14-medium-cycle", 2000, with_cycle(2000, 5000, 40)),
    case("15-large", 100000, dag(100000, 30000)),
    case("16-large-long-cycle", 20000, with_cycle(20000, 20000, 2000)),
]
write_tests(here(__file__), samples, hidden)
