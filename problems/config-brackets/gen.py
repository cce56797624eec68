#!/usr/bin/env python3
"""gen.py - writes tests/ for config-brackets (deterministic: python3 gen.py)."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import fn_answer, fn_input, here, write_tests  # noqa: E402

PAIRS = ["()", "[]", "{}", "<>"]
TEXT = "abcdefghijklmnopqrstuvwxyz0123456789 =:,;.-_+*/|!?'"


def solve(line):
    # Reference: repeatedly cancel adjacent matching pairs, bracket chars only.
    out = []
    for ch in line:
        if any(ch in p for p in PAIRS):
            if out and out[-1] + ch in PAIRS:
                out.pop()
            else:
                out.append(ch)
    return not out


def case(name, line):
    return (name, fn_input(line), fn_answer(solve(line)))


def balanced(rng, pairs, text_rate):
    """A random balanced bracket sequence of `pairs` pairs, sprinkled with text."""
    out, stack, left = [], [], pairs
    while left or stack:
        if rng.random() < text_rate:
            out.append(rng.choice(TEXT))
        elif left and (not stack or rng.random() < 0.55):
            p = rng.choice(PAIRS)
            out.append(p[0])
            stack.append(p[1])
            left -= 1
        else:
            out.append(stack.pop())
    return "".join(out)


def crossed(rng, line):
    """Swap the closers of two directly nested pairs of different kinds: ([])->([)]."""
    chars = list(line)
    for _ in range(1000):
        i = rng.randrange(len(chars) - 3)
        if chars[i] in "([{<" and chars[i + 1] in "([{<" and chars[i] != chars[i + 1]:
            j = i + 2
            if chars[j] in ")]}>":
                # chars[j] closes chars[i+1]; find the closer of chars[i]
                depth, k = 0, i
                while True:
                    c = chars[k]
                    depth += 1 if c in "([{<" else -1 if c in ")]}>" else 0
                    if depth == 0:
                        break
                    k += 1
                chars[j], chars[k] = chars[k], chars[j]
                return "".join(chars)
    raise RuntimeError("no nested pair found")


def main():
    rng = random.Random(5202)
    samples = [
        case("01", "deps = [lib(a, b), {opt: <x>}]"),
        case("02", "x = (1]"),
    ]
    deep = 50000
    big = balanced(rng, 40000, 0.2)
    hidden = [
        case("01-empty", ""),
        case("02-no-brackets", "name = pairbox, version = 1.0"),
        case("03-single-opener", "("),
        case("04-single-closer", "}"),
        case("05-crossed-pairs", "([)]"),
        case("06-closer-first", ")("),
        case("07-angle-crossed", "a<b{c>d}"),
        case("08-unclosed-at-end", "f(x[1]"),
        case("09-extra-closer", "{[()]}>"),
        case("10-all-kinds-flat", "()[]{}<>" * 10),
        case("11-deep-nesting", "(" * deep + ")" * deep),
        case("12-deep-nesting-wrong-last", "[" * deep + "]" * (deep - 1) + ")"),
        case("13-random-balanced", balanced(rng, 500, 0.3)),
        case("14-random-crossed", crossed(rng, balanced(rng, 500, 0.0))),
        case("15-large-balanced", big),
        case("16-large-crossed", crossed(rng, balanced(rng, 45000, 0.05))),
        case("17-large-text-only", "".join(rng.choice(TEXT) for _ in range(100000))),
    ]
    write_tests(here(__file__), samples, hidden)


if __name__ == "__main__":
    main()
