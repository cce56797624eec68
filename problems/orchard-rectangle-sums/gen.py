#!/usr/bin/env python3
"""gen.py - writes tests/ for orchard-rectangle-sums (deterministic: python3 gen.py)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import here, write_tests  # noqa: E402

A = 10**9


def answers(g, queries):
    """Per query, row by row slices (independent of the 2-D prefix reference)."""
    return [sum(sum(g[i][c1 - 1:c2]) for i in range(r1 - 1, r2)) for r1, c1, r2, c2 in queries]


def case(name, g, queries):
    inp = "%d %d %d\n" % (len(g), len(g[0]), len(queries))
    inp += "".join(" ".join(map(str, row)) + "\n" for row in g)
    inp += "".join("%d %d %d %d\n" % q for q in queries)
    return (name, inp, "".join("%d\n" % x for x in answers(g, queries)))


def rand_grid(rng, r, c, lo, hi):
    return [[rng.randint(lo, hi) for _ in range(c)] for _ in range(r)]


def rand_queries(rng, r, c, q):
    out = []
    for _ in range(q):
        r1, r2 = sorted((rng.randint(1, r), rng.randint(1, r)))
        c1, c2 = sorted((rng.randint(1, c), rng.randint(1, c)))
        out.append((r1, c1, r2, c2))
    return out


def big_queries(rng, r, c, q):
    """Rectangles spanning most of the orchard."""
    return [(rng.randint(1, r // 5), rng.randint(1, c // 5), rng.randint(r - r // 5, r), rng.randint(c - c // 5, c))
            for _ in range(q)]


def main():
    rng = random.Random(5014)
    samples = [
        case("01", [[3, 0, 2, 5], [1, 4, 1, 0], [6, 2, 2, 3]], [(1, 1, 3, 4), (2, 2, 3, 3), (1, 4, 1, 4)]),
        case("02", [[7], [8]], [(1, 1, 2, 1), (2, 1, 2, 1)]),
    ]
    hidden = [
        case("01-one-tree", [[9]], [(1, 1, 1, 1)]),
        case("02-one-tree-zero", [[0]], [(1, 1, 1, 1)] * 3),
        case("03-one-row", [[1, 2, 3, 4, 5, 6]], [(1, 1, 1, 6), (1, 2, 1, 5), (1, 6, 1, 6)]),
        case("04-one-column", [[1], [2], [3], [4]], [(1, 1, 4, 1), (2, 1, 3, 1)]),
        case("05-corners", [[1, 2, 3], [4, 5, 6], [7, 8, 9]],
             [(1, 1, 1, 1), (1, 3, 1, 3), (3, 1, 3, 1), (3, 3, 3, 3), (2, 2, 2, 2)]),
        case("06-full-rows-and-columns", [[1, 2, 3], [4, 5, 6], [7, 8, 9]],
             [(1, 1, 1, 3), (2, 1, 2, 3), (1, 2, 3, 2), (1, 3, 3, 3)]),
        case("07-all-zero", [[0] * 10 for _ in range(10)], rand_queries(rng, 10, 10, 20)),
        case("08-max-values-64bit", [[A] * 200 for _ in range(20)], [(1, 1, 20, 200), (2, 3, 19, 198)]),
        case("09-random-small", rand_grid(rng, 5, 7, 0, 9), rand_queries(rng, 5, 7, 40)),
        case("10-random-extremes", rand_grid(rng, 30, 30, 0, A), rand_queries(rng, 30, 30, 300)),
        case("11-wide", rand_grid(rng, 2, 500, 0, 99), rand_queries(rng, 2, 500, 500)),
        case("12-tall", rand_grid(rng, 500, 2, 0, 99), rand_queries(rng, 500, 2, 500)),
        case("13-single-cells", rand_grid(rng, 20, 20, 0, 1000),
             [(i, j, i, j) for i in range(1, 21) for j in range(1, 21)]),
        case("14-many-queries-small-orchard", rand_grid(rng, 3, 3, 0, 5), rand_queries(rng, 3, 3, 20000)),
        case("15-large-big-rectangles", rand_grid(rng, 200, 200, 0, 999), big_queries(rng, 200, 200, 20000)),
        case("16-large-random", rand_grid(rng, 100, 300, 0, 9), rand_queries(rng, 100, 300, 10000)),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
