#!/usr/bin/env python3
"""gen.py - writes tests/ for log-filter-patterns (deterministic: fixed seed)."""
import os
import random
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402

MAXLEN = 500


def tokens_of(pattern):
    out = []
    for ch in pattern:
        if ch in "*+":
            assert out and not out[-1][1], pattern
            if ch == "*":
                out[-1] = (out[-1][0], True)
            else:
                out.append((out[-1][0], True))
        else:
            out.append((ch, False))
    return out


def matches(text, pattern):
    """Reference: simulate the pattern as an NFA, one set of token
    positions per text character (Thompson's construction)."""
    toks = tokens_of(pattern)

    def closure(states):
        out, stack = set(), list(states)
        while stack:
            j = stack.pop()
            if j in out:
                continue
            out.add(j)
            if j < len(toks) and toks[j][1]:
                stack.append(j + 1)
        return out

    states = closure({0})
    for c in text:
        step = set()
        for j in states:
            if j < len(toks) and toks[j][0] in (".", c):
                step.add(j if toks[j][1] else j + 1)
        states = closure(step)
    return len(toks) in states


def case(name, text, pattern, expect=None):
    assert len(text) <= MAXLEN and len(pattern) <= MAXLEN
    assert re.fullmatch("[a-z]*", text) and re.fullmatch(r"([a-z.][*+]?)*", pattern)
    answer = matches(text, pattern)
    assert expect is None or answer == expect, name
    if len(text) <= 12 and len(pattern) <= 12:
        assert answer == bool(re.fullmatch(pattern, text)), name
    return (name, fn_input(text, pattern), fn_answer(answer))


rng = random.Random(5016)


def random_pattern(k, letters):
    return "".join(rng.choice(letters + ".") + rng.choice(["", "", "*", "+"]) for _ in range(k))


def text_for(pattern, letters):
    """A text the pattern matches: expand each token a random number of times."""
    out = []
    for ch, star in tokens_of(pattern):
        for _ in range(rng.randint(0, 3) if star else 1):
            out.append(rng.choice(letters) if ch == "." else ch)
    return "".join(out)


def mismatch(text, pattern, letters):
    """Change one character at a time until the pattern no longer matches."""
    while True:
        i = rng.randrange(len(text))
        changed = text[:i] + rng.choice(letters) + text[i + 1:]
        if not matches(changed, pattern):
            return changed


small = []
for k in range(6):
    p = random_pattern(rng.randint(1, 5), "ab")
    t = text_for(p, "ab") if k % 2 == 0 else "".join(rng.choice("ab") for _ in range(rng.randint(0, 8)))
    small.append(case("%02d-random-small" % (11 + k), t, p))

long_pattern = random_pattern(160, "abc")
long_text = text_for(long_pattern, "abc")[:MAXLEN]
samples = [
    case("01", "aaab", "a+b", True),
    case("02", "logline", "l.g*l.+", True),
    case("03", "ab", "a+.+b", False),
]
hidden = [
    case("01-both-empty", "", "", True),
    case("02-empty-text-stars", "", "a*b*.*", True),
    case("03-empty-text-plus", "", "a+", False),
    case("04-empty-pattern", "a", "", False),
    case("05-dot-one", "z", ".", True),
    case("06-dot-star-anything", "qwertyuiop", ".*", True),
    case("07-dot-plus-empty", "", ".+", False),
    case("08-star-zero-times", "ac", "ab*c", True),
    case("09-plus-needs-one", "ac", "ab+c", False),
    case("10-literal-mismatch-end", "abcd", "abce", False),
] + small + [
    case("17-backtracking-trap", "a" * 60, "a*" * 25 + "b", False),
    case("18-backtracking-trap-dots", "ab" * 30, ".*" * 20 + "c", False),
    case("19-long-match", long_text, long_pattern),
    case("20-long-mismatch", mismatch(long_text, long_pattern, "abcd"), long_pattern, False),
    case("21-max-length-plus", "x" * MAXLEN, "x+" * 250, True),
    case("22-max-length-plus-one-short", "x" * 249, "x+" * 250, False),
]
write_tests(here(__file__), samples, hidden)
