#!/usr/bin/env python3
"""gen.py - writes tests/ for depot-delivery-times (deterministic: fixed seed)."""
import heapq
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402

WMAX = 10**9


def shortest(n, roads, depot):
    """Reference: Dijkstra with a heap over a CSR-style edge list."""
    order = sorted(range(2 * len(roads)), key=lambda k: roads[k // 2][k % 2])
    start = [0] * (n + 1)
    for k in order:
        start[roads[k // 2][k % 2] + 1] += 1
    for x in range(n):
        start[x + 1] += start[x]
    dist = [None] * n
    heap = [(0, depot)]
    while heap:
        d, x = heapq.heappop(heap)
        if dist[x] is not None:
            continue
        dist[x] = d
        for k in order[start[x]:start[x + 1]]:
            u, v, w = roads[k // 2]
            y = v if k % 2 == 0 else u
            if dist[y] is None:
                heapq.heappush(heap, (d + w, y))
    return [-1 if d is None else d for d in dist]


def bellman_ford(n, roads, depot):
    dist = [None] * n
    dist[depot] = 0
    for _ in range(n):
        changed = False
        for u, v, w in roads:
            for a, b in ((u, v), (v, u)):
                if dist[a] is not None and (dist[b] is None or dist[a] + w < dist[b]):
                    dist[b] = dist[a] + w
                    changed = True
        if not changed:
            break
    return [-1 if d is None else d for d in dist]


def case(name, n, roads, depot):
    answer = shortest(n, roads, depot)
    if n * len(roads) <= 10**6:
        assert answer == bellman_ford(n, roads, depot), name
    return (name, fn_input(n, roads, depot), fn_answer(answer))


rng = random.Random(5013)


def town(n, m, wmax, extra_isolated=0):
    """A random spanning tree over the first n - extra_isolated nodes plus
    random extra roads among them."""
    k = n - extra_isolated
    ids = list(range(n))
    rng.shuffle(ids)
    roads = [[ids[i], ids[rng.randrange(i)], rng.randint(0, wmax)] for i in range(1, k)]
    while len(roads) < m:
        roads.append([ids[rng.randrange(k)], ids[rng.randrange(k)], rng.randint(0, wmax)])
    rng.shuffle(roads)
    return roads


def grid(side, wmax):
    roads = []
    for r in range(side):
        for c in range(side):
            x = r * side + c
            if c + 1 < side:
                roads.append([x, x + 1, rng.randint(1, wmax)])
            if r + 1 < side:
                roads.append([x, x + side, rng.randint(1, wmax)])
    return roads


samples = [
    case("01", 5, [[0, 1, 4], [0, 2, 1], [2, 1, 2], [1, 3, 5], [2, 3, 8]], 0),
    case("02", 3, [[1, 2, WMAX], [0, 1, WMAX]], 0),
]
hidden = [
    case("01-single", 1, [], 0),
    case("02-single-loop", 1, [[0, 0, 5]], 0),
    case("03-no-roads", 4, [], 2),
    case("04-parallel-roads", 2, [[0, 1, 9], [1, 0, 3], [0, 1, 7]], 1),
    case("05-zero-weights", 4, [[0, 1, 0], [1, 2, 0], [2, 3, 0], [0, 3, 1]], 0),
    case("06-hops-vs-minutes", 4, [[0, 3, 100], [0, 1, 1], [1, 2, 1], [2, 3, 1]], 0),
    case("07-long-expensive-chain", 11, [[i, i + 1, WMAX] for i in range(10)], 0),
    case("08-depot-in-middle", 7, [[i, i + 1, i + 1] for i in range(6)], 3),
    case("09-two-components", 8, [[0, 1, 2], [1, 2, 2], [3, 4, 1], [5, 6, 1], [6, 7, 1]], 4),
    case("10-complete-small", 8, [[u, v, rng.randint(1, 50)] for u in range(8) for v in range(u + 1, 8)], 5),
    case("11-random-small", 30, town(30, 60, 20, 3), 7),
    case("12-random-medium", 2000, town(2000, 6000, WMAX, 10), 0),
    case("13-grid", 3600, grid(60, 9), 0),
    case("14-big-weights-path", 3000, [[i, i + 1, WMAX - rng.randint(0, 5)] for i in range(2999)], 2999),
    case("15-large", 40000, town(40000, 40000, 999), 12345),
    case("16-large-dense-small-town", 1000, town(1000, 10000, 99, 0), 1),
]
write_tests(here(__file__), samples, hidden)
