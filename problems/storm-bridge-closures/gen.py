#!/usr/bin/env python3
"""gen.py - writes tests/ for storm-bridge-closures (deterministic: fixed seed)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import here, write_tests  # noqa: E402


def groups_after_closures(n, bridges, closures):
    """Reference: offline, in reverse, with a union-find (union by size,
    full path compression)."""
    parent = list(range(n + 1))
    size = [1] * (n + 1)

    def root(x):
        r = x
        while parent[r] != r:
            r = parent[r]
        while parent[x] != r:
            parent[x], x = r, parent[x]
        return r

    count = [n]

    def join(i):
        a, b = root(bridges[i - 1][0]), root(bridges[i - 1][1])
        if a != b:
            if size[a] < size[b]:
                a, b = b, a
            parent[b] = a
            size[a] += size[b]
            count[0] -= 1

    closed = set(closures)
    for i in range(1, len(bridges) + 1):
        if i not in closed:
            join(i)
    out = []
    for c in reversed(closures):
        out.append(count[0])
        join(c)
    return out[::-1]


def brute(n, bridges, closures):
    open_ = set(range(1, len(bridges) + 1))
    out = []
    for c in closures:
        open_.discard(c)
        adj = [[] for _ in range(n + 1)]
        for i in open_:
            u, v = bridges[i - 1]
            adj[u].append(v)
            adj[v].append(u)
        seen, groups = [False] * (n + 1), 0
        for s in range(1, n + 1):
            if not seen[s]:
                groups += 1
                seen[s] = True
                stack = [s]
                while stack:
                    for y in adj[stack.pop()]:
                        if not seen[y]:
                            seen[y] = True
                            stack.append(y)
        out.append(groups)
    return out


def case(name, n, bridges, closures):
    assert len(set(closures)) == len(closures) >= 1
    answer = groups_after_closures(n, bridges, closures)
    if len(closures) * (n + len(bridges)) <= 2 * 10**5:
        assert answer == brute(n, bridges, closures), name
    text = "%d %d %d\n" % (n, len(bridges), len(closures))
    text += "".join("%d %d\n" % b for b in bridges)
    text += " ".join(map(str, closures)) + "\n"
    return (name, text, "".join("%d\n" % g for g in answer))


rng = random.Random(5019)


def rand_bridges(n, m):
    return [(rng.randint(1, n), rng.randint(1, n)) for _ in range(m)]


def tree_bridges(n):
    return [(rng.randint(1, i - 1), i) for i in range(2, n + 1)]


def plan(m, q):
    return rng.sample(range(1, m + 1), q)


samples = [
    case("01", 5, [(1, 2), (2, 3), (3, 1), (3, 4), (4, 5)], [1, 4, 5, 2]),
    case("02", 3, [(1, 2), (1, 2)], [2, 1]),
]
hidden = [
    case("01-one-island-loop", 1, [(1, 1)], [1]),
    case("02-one-bridge", 2, [(1, 2)], [1]),
    case("03-isolated-islands", 6, [(1, 2), (5, 6)], [2]),
    case("04-self-loops-only", 3, [(1, 1), (2, 2), (3, 3)], [3, 1, 2]),
    case("05-parallel", 2, [(1, 2), (2, 1), (1, 2)], [1, 3, 2]),
    case("06-cycle-then-cut", 4, [(1, 2), (2, 3), (3, 4), (4, 1)], [1, 3, 2, 4]),
    case("07-path-from-middle", 6, [(i, i + 1) for i in range(1, 6)], [3, 1, 5, 2, 4]),
    case("08-star-all", 7, [(1, i) for i in range(2, 8)], plan(6, 6)),
    case("09-partial-plan", 8, rand_bridges(8, 12), plan(12, 5)),
    case("10-random-small", 20, rand_bridges(20, 30), plan(30, 30)),
    case("11-tree-all", 50, tree_bridges(50), plan(49, 49)),
    case("12-dense-few-closures", 30, rand_bridges(30, 400), plan(400, 50)),
    case("13-random-medium", 2000, rand_bridges(2000, 5000), plan(5000, 3000)),
    case("14-tree-medium", 3000, tree_bridges(3000), plan(2999, 2999)),
    case("15-large", 30000, rand_bridges(30000, 40000), plan(40000, 40000)),
    case("16-large-many-islands", 100000, rand_bridges(100000, 10000), plan(10000, 10000)),
]
write_tests(here(__file__), samples, hidden)
