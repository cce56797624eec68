#!/usr/bin/env python3
"""gen.py - writes tests/ for trim-serial-number (deterministic: python3 gen.py)."""
import itertools
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402


def solve(num, k):
    # Reference: choose the n - k kept digits one by one; each is the smallest
    # digit in the window that still leaves enough digits after it.
    keep = len(num) - k
    pos_of = [[] for _ in range(10)]
    for i in range(len(num) - 1, -1, -1):
        pos_of[int(num[i])].append(i)  # stacks, smallest index on top
    out, start = [], 0
    for r in range(keep):
        last = len(num) - (keep - r)  # the chosen digit may sit at most here
        for d in range(10):
            stack = pos_of[d]
            while stack and stack[-1] < start:
                stack.pop()
            if stack and stack[-1] <= last:
                out.append(str(d))
                start = stack.pop() + 1
                break
    return "".join(out).lstrip("0") or "0"


def brute(num, k):
    best = None
    for keep in itertools.combinations(range(len(num)), len(num) - k):
        v = int("".join(num[i] for i in keep) or "0")
        best = v if best is None else min(best, v)
    return str(best)


def case(name, num, k):
    ans = solve(num, k)
    if len(num) <= 12:
        assert ans == brute(num, k), (num, k)
    return (name, fn_input(num, k), fn_answer(ans))


def digits(rng, n, alphabet="0123456789"):
    return rng.choice("123456789") + "".join(rng.choice(alphabet) for _ in range(n - 1))


def main():
    rng = random.Random(5211)
    samples = [case("01", "1432219", 3), case("02", "10", 2), case("03", "12345", 0)]
    n = 100000
    hidden = [
        case("01-single-zero-keep", "0", 0),
        case("02-single-digit-remove", "7", 1),
        case("03-leading-zeros-after-removal", "10200", 1),
        case("04-only-zeros-left", "100000", 1),
        case("05-non-decreasing-drop-tail", "12345", 2),
        case("06-all-equal", "7777777", 3),
        case("07-decreasing", "987654321", 4),
        case("08-remove-all", "9081726354", 10),
        case("09-zeros-in-middle", "3004005", 2),
        case("10-random-small", digits(rng, 12), 5),
        case("11-random-medium", digits(rng, 2000), 700),
        case("12-random-medium-zeros", digits(rng, 2000, "0001"), 1000),
        case("13-large-plateau-then-drop", "1" * (n - 1) + "0", n // 2),
        case("14-large-random", digits(rng, n), n // 2),
        case("15-large-increasing-runs", "".join(str(i % 9 + 1) for i in range(n)), n // 3),
        case("16-large-k-zero", digits(rng, n), 0),
        case("17-equal-digits-not-a-descent", "112", 1),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
