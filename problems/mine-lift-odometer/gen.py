#!/usr/bin/env python3
"""gen.py - writes tests/ for mine-lift-odometer (deterministic: python3 gen.py)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import here, write_tests  # noqa: E402

LIM = 10**9


def solve(xs):
    # Reference: drop calls that do not move the lift, then count sign changes.
    path = [0]
    for x in xs:
        if x != path[-1]:
            path.append(x)
    steps = [b - a for a, b in zip(path, path[1:])]
    flips = sum((s > 0) != (t > 0) for s, t in zip(steps, steps[1:]))
    return sum(abs(s) for s in steps), flips


def case(name, xs):
    inp = "%d\n%s\n" % (len(xs), " ".join(map(str, xs)))
    return (name, inp, "%d %d\n" % solve(xs))


def main():
    rng = random.Random(5206)
    samples = [case("01", [5, 2, 2, 9]), case("02", [-4, -10, 0])]
    hidden = [
        case("01-single-call-at-zero", [0]),
        case("02-single-call-down", [-7]),
        case("03-same-position-repeated", [3, 3, 3, 3]),
        case("04-zero-moves-between-reversal", [10, 4, 4, 4, 12]),
        case("05-monotone-up", list(range(1, 101))),
        case("06-monotone-down", list(range(-1, -101, -1))),
        case("07-zigzag", [1, -1] * 20),
        case("08-one-long-move", [LIM]),
        case("09-extremes-once", [-LIM, LIM]),
        case("10-return-to-start", [6, 0, -6, 0]),
        case("11-random-small", [rng.randint(-20, 20) for _ in range(50)]),
        case("12-random-with-repeats", [rng.choice([-3, 0, 3]) for _ in range(1000)]),
        case("13-overflow-few-moves", [LIM, -LIM, LIM]),
        case("14-large-extremes-alternating", [LIM, -LIM] * 15000),
        case("15-large-random", [rng.randint(-LIM, LIM) for _ in range(50000)]),
        case("16-max-calls-triangle-wave", [abs(i % 18 - 9) - 4 for i in range(100000)]),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
