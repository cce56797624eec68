#!/usr/bin/env python3
"""gen.py - writes tests/ for village-cable-networks (deterministic: fixed seed)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import here, write_tests  # noqa: E402


def networks(n, edges):
    """Reference: count the BFS starts over an adjacency list."""
    adj = [[] for _ in range(n + 1)]
    for u, v in edges:
        adj[u].append(v)
        adj[v].append(u)
    seen = [False] * (n + 1)
    count = 0
    for s in range(1, n + 1):
        if seen[s]:
            continue
        count += 1
        seen[s] = True
        queue = [s]
        for x in queue:
            for y in adj[x]:
                if not seen[y]:
                    seen[y] = True
                    queue.append(y)
    return count


def case(name, n, edges):
    text = "%d %d\n" % (n, len(edges)) + "".join("%d %d\n" % e for e in edges)
    return (name, text, "%d\n" % networks(n, edges))


rng = random.Random(5004)


def random_edges(n, m):
    return [(rng.randint(1, n), rng.randint(1, n)) for _ in range(m)]


def forest(n, groups):
    """Edges of `groups` random trees covering villages 1..n."""
    order = list(range(1, n + 1))
    rng.shuffle(order)
    cuts = sorted(rng.sample(range(1, n), groups - 1))
    edges = []
    for lo, hi in zip([0] + cuts, cuts + [n]):
        for i in range(lo + 1, hi):
            edges.append((order[rng.randint(lo, i - 1)], order[i]))
    rng.shuffle(edges)
    return edges


samples = [
    case("01", 6, [(1, 2), (2, 3), (5, 6)]),
    case("02", 4, []),
]
hidden = [
    case("01-one-village", 1, []),
    case("02-one-village-self-loop", 1, [(1, 1)]),
    case("03-self-loops", 3, [(1, 1), (2, 2), (2, 2)]),
    case("04-repeated-cable", 3, [(1, 2), (2, 1), (1, 2)]),
    case("05-triangle", 4, [(1, 2), (2, 3), (3, 1)]),
    case("06-complete-5", 5, [(u, v) for u in range(1, 6) for v in range(u + 1, 6)]),
    case("07-path", 10, [(i, i + 1) for i in range(1, 10)]),
    case("08-star", 8, [(1, i) for i in range(2, 9)]),
    case("09-no-cables-many", 100000, []),
    case("10-forest", 50, forest(50, 7)),
    case("11-random-sparse", 100, random_edges(100, 40)),
    case("12-random-dense", 100, random_edges(100, 400)),
    case("13-two-halves", 1000, forest(1000, 2)),
    case("14-forest-plus-repeats", 2000, (lambda e: e + rng.sample(e, 300))(forest(2000, 37))),
    case("15-large-random", 100000, random_edges(100000, 60000)),
    case("16-large-cycles", 3000, random_edges(3000, 45000)),
]
write_tests(here(__file__), samples, hidden)
