#!/usr/bin/env python3
"""gen.py - writes tests/ for prime-window (deterministic: python3 gen.py)."""
import os
import random
import sys
from math import isqrt

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import here, write_tests  # noqa: E402

TOP = 10**12
SMALL = []


def small_primes():
    if not SMALL:
        n = 10**6
        sieve = bytearray([1]) * (n + 1)
        sieve[0] = sieve[1] = 0
        for p in range(2, isqrt(n) + 1):
            if sieve[p]:
                sieve[p * p::p] = bytes(len(range(p * p, n + 1, p)))
        SMALL.extend(p for p in range(n + 1) if sieve[p])
    return SMALL


def is_prime(m):
    """Deterministic Miller-Rabin (exact for m < 3.3 * 10^24)."""
    if m < 2:
        return False
    for p in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if m % p == 0:
            return m == p
    d, s = m - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for a in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        x = pow(a, d, m)
        if x in (1, m - 1):
            continue
        for _ in range(s - 1):
            x = x * x % m
            if x == m - 1:
                break
        else:
            return False
    return True


def primes_in(lo, hi):
    """The primes of [lo, hi] by a segmented sieve; spot-checked with Miller-Rabin."""
    alive = [True] * (hi - lo + 1)
    root = isqrt(hi)
    for p in small_primes():
        if p > root:
            break
        m = max(p * p, -(-lo // p) * p)
        for i in range(m - lo, hi - lo + 1, p):
            alive[i] = False
    out = [lo + i for i, a in enumerate(alive) if a and lo + i >= 2]
    rng = random.Random(lo ^ hi)
    probe = range(lo, hi + 1) if hi - lo <= 2000 else [rng.randint(lo, hi) for _ in range(2000)]
    chosen = set(out)
    for m in probe:
        assert is_prime(m) == (m in chosen), m
    return out


def case(name, lo, hi):
    ps = primes_in(lo, hi)
    gap = max((b - a for a, b in zip(ps, ps[1:])), default=0)
    return (name, "%d %d\n" % (lo, hi), "%d %d\n" % (len(ps), gap))


def main():
    rng = random.Random(5212)
    samples = [case("01", 1, 30), case("02", 24, 28), case("03", TOP - 100, TOP)]
    big_prime = next(m for m in range(TOP - 10**6, TOP) if is_prime(m))
    p = small_primes()[-1]  # 999983, the largest prime below 10^6
    # A window inside the widest prime gap of a stretch near the top.
    stretch = primes_in(TOP - 10**6, TOP)
    a, b = max(zip(stretch, stretch[1:]), key=lambda g: g[1] - g[0])
    lo = rng.randint(10**9, 10**11)
    high = TOP - 10**10 + rng.randint(0, 10**9)
    hidden = [
        case("01-one", 1, 1),
        case("02-two", 2, 2),
        case("03-one-and-two", 1, 2),
        case("04-first-hundred", 1, 100),
        case("05-small-primes-inside-window", 2, 1000),
        case("06-single-large-prime", big_prime, big_prime),
        case("07-single-large-composite", TOP, TOP),
        case("08-inside-largest-gap", a + 1, b - 1),
        case("09-exactly-the-gap", a, b),
        case("10-square-of-prime", p * p - 50, p * p + 50),
        case("11-first-million", 1, 10**6),
        case("12-around-sqrt-boundary", 10**6 - 1000, 2 * 10**6 - 1000),
        case("13-random-mid-range", lo, lo + 10**5),
        case("14-top-window", TOP - 10**6, TOP),
        case("15-random-high-window", high, high + 10**6),
        case("16-powers-of-ten-window", 10**11, 10**11 + 10**6),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
