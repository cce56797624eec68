#!/usr/bin/env python3
"""gen.py - writes tests/ for longest-echo (deterministic: python3 gen.py)."""
import os
import random
import string
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import here, write_tests  # noqa: E402

N = 200000


def solve(s):
    # Reference: suffix array by rank doubling with Python's sort, then the
    # LCP of neighbouring suffixes (Kasai).
    n = len(s)
    rank = [ord(c) for c in s]
    sa = list(range(n))
    k = 1
    while True:
        key = [rank[i] * (n + 2) + (rank[i + k] + 1 if i + k < n else 0) for i in range(n)]
        sa.sort(key=key.__getitem__)
        new = [0] * n
        for a, b in zip(sa, sa[1:]):
            new[b] = new[a] + (key[b] != key[a])
        rank = new
        if rank[sa[-1]] == n - 1 or k >= n:
            break
        k *= 2
    best, start, h = 0, -1, 0
    for i in range(n):
        r = rank[i]
        if r == 0:
            h = 0
            continue
        j = sa[r - 1]
        while i + h < n and j + h < n and s[i + h] == s[j + h]:
            h += 1
        cand = min(i, j)
        if h > best or (h == best and h > 0 and cand < start):
            best, start = h, cand
        if h:
            h -= 1
    return best, start


def brute(s):
    for length in range(len(s) - 1, 0, -1):
        seen, starts = {}, []
        for i in range(len(s) - length + 1):
            t = s[i:i + length]
            if t in seen:
                starts.append(seen[t])
            else:
                seen[t] = i
        if starts:
            return length, min(starts)
    return 0, -1


def case(name, s):
    ans = solve(s)
    if len(s) <= 400:
        assert ans == brute(s), s
    return (name, s + "\n", "%d %d\n" % ans)


def fibonacci_word(n):
    a, b = "a", "ab"
    while len(b) < n:
        a, b = b, b + a
    return b[:n]


def thue_morse(n):
    return "".join("ab"[bin(i).count("1") % 2] for i in range(n))


def main():
    rng = random.Random(5217)
    samples = [case("01", "banana"), case("02", "cdxabycdab"), case("03", "pairbox")]
    letters = string.ascii_lowercase
    planted = "".join(rng.choice(letters) for _ in range(5000))
    body = [rng.choice(letters) for _ in range(N - 2 * len(planted))]
    cut = sorted(rng.sample(range(len(body)), 2))
    with_block = "".join(body[:cut[0]]) + planted + "".join(body[cut[0]:cut[1]]) + planted + "".join(body[cut[1]:])
    hidden = [
        case("01-single-letter", "q"),
        case("02-two-equal", "zz"),
        case("03-alphabet-no-repeat", letters),
        case("04-overlapping-run", "aaaaa"),
        case("05-whole-half-repeat", "abcabc"),
        case("06-earliest-not-smallest", "zzqaabzzqxaab"),
        case("07-mississippi", "mississippi"),
        case("08-two-letter-random-small", "".join(rng.choice("ab") for _ in range(300))),
        case("09-random-small", "".join(rng.choice(letters) for _ in range(400))),
        case("10-random-medium-two-letters", "".join(rng.choice("ab") for _ in range(3000))),
        case("11-random-medium-periodic", ("xyzzy" * 700)[:3000]),
        case("12-large-all-same", "a" * N),
        case("13-large-random-two-letters", "".join(rng.choice("ab") for _ in range(N))),
        case("14-large-fibonacci-word", fibonacci_word(N)),
        case("15-large-planted-block", with_block),
        case("16-large-period-seven", ("abacaba" * (N // 7 + 1))[:N]),
        case("17-large-thue-morse", thue_morse(N)),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
