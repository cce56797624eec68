#!/usr/bin/env python3
# gen.py - writes tests/ for echo-types: one value per parameter (with
# whitespace and escapes varied on purpose) and the canonical answer.
import json, math, os

def tree_sum(level):
    return sum(v for v in level if v is not None)

def answer(a):
    (count, big, ratio, flag, word, nums, longs, reals, bits, words, grid, long_grid, real_grid, bit_grid,
     word_grid, head, root) = a
    return [count, big, math.floor(ratio), int(flag), int(word == 'pairbox'), sum(nums), sum(longs),
            math.floor(sum(reals)), sum(bits), words.count('pairbox'), sum(map(sum, grid)), sum(map(sum, long_grid)),
            math.floor(sum(x for r in real_grid for x in r)), sum(map(sum, bit_grid)),
            sum(r.count('pairbox') for r in word_grid), sum(head), tree_sum(root)]

CASES = {
    'sample/01-small': ([3, 40, 2.5, True, 'pairbox', [1, 2, 3], [10, 20], [0.5, 0.25], [True, False, True],
                        ['pairbox', 'box'], [[1, 2], [3]], [[100], [200, 300]], [[1.5], [2.5]],
                        [[True], [False, True]], [['pairbox'], ['pair', 'pairbox']], [1, 2, 3],
                        [3, 9, 20, None, None, 15, 7]], None),
    'hidden/01-empty': ([0, 0, 0.0, False, '', [], [], [], [], [], [], [], [], [], [], [], []], None),
    'hidden/02-negative': ([-2147483648, -9007199254740991, -1.5, False, 'Pairbox', [-5, 5, -7], [-1],
                           [-0.25], [False], ['pairbox ', 'héllo'], [[-1], [], [-2, -3]], [[-9]], [[-0.5, -0.75]],
                           [[], [False]], [[], ['x']], [-1, -2], [-4, None, -6]], None),
    'hidden/03-escapes': ([2147483647, 9007199254740991, 1e-9, True, 'pai\\u0072box', [2147483647, 1],
                          [4611686018427387904], [1e6, 2.5e-1], [True] * 5,
                          ['pa\\u0069rbox', 'pairbox', '\\u00e9', 'pair\\nbox'], [[7] * 10], [[1, 2], [3, 4]],
                          [[3.75]], [[True, True], [True]], [['pairbox', 'pairbox'], ['pairbo\\u0078']],
                          list(range(100)), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]], 'spaced'),
    'hidden/04-deep-tree': ([1, 2, 3.999, True, 'pairbox', [0], [0], [0.1, 0.2, 0.7], [False, True], [], [[]], [[]],
                            [[]], [[]], [[]], [5], [i for n in range(1, 201) for i in (n, None)][:-1]], None),
}

def text(v):
    # Strings in CASES may hold JSON escapes already (written as \\uXXXX).
    if isinstance(v, str):
        return '"' + v.replace('"', '\\"').replace('\n', '\\n') + '"'
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if v is None:
        return 'null'
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, list):
        return '[' + ','.join(text(x) for x in v) + ']'
    return str(v)

def decoded(v):
    if isinstance(v, str):
        return json.loads('"' + v.replace('"', '\\"').replace('\n', '\\n') + '"')
    if isinstance(v, list):
        return [decoded(x) for x in v]
    return v

here = os.path.dirname(os.path.abspath(__file__))
for name, (args, style) in CASES.items():
    path = os.path.join(here, 'tests', name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    parts = [text(a) for a in args]
    if style == 'spaced':
        body = '  ' + ' \n\t '.join(p.replace(',', ' , ') for p in parts) + '\r\n\n'
    else:
        body = '\n'.join(parts) + '\n'
    with open(path + '.in', 'w', encoding='utf-8') as f:
        f.write(body)
    with open(path + '.ans', 'w') as f:
        f.write(text(answer(decoded(args))) + '\n')
