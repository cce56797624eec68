#!/usr/bin/env python3
# gen.py - writes tests/ for tree-to-list: a level-order tree in, its
# in-order values out as a list.
import os

def inorder(level):
    if not level:
        return []
    nodes = [[v, None, None] for v in level]
    queue, i = [0], 1
    while i < len(level):
        p = queue.pop(0)
        for side in (1, 2):
            if i < len(level) and level[i] is not None:
                nodes[p][side] = i
                queue.append(i)
            i += 1
    out, stack, t = [], [], 0
    while t is not None or stack:
        while t is not None:
            stack.append(t)
            t = nodes[t][1]
        t = stack.pop()
        out.append(nodes[t][0])
        t = nodes[t][2]
    return out

def text(v):
    return '[' + ','.join('null' if x is None else str(x) for x in v) + ']'

N = 20000
CASES = {
    'sample/01-balanced': [4, 2, 6, 1, 3, 5, 7],
    'hidden/01-empty': [],
    'hidden/02-one': [-2147483648],
    'hidden/03-gaps': [5, 3, 8, None, 4, 7, None, None, None, 6, None, 2147483647],
    'hidden/04-right-chain': [x for i in range(1, N + 1) for x in (i, None)][:-1],
    'hidden/05-left-chain': [N] + [x for i in range(1, N) for x in (N - i, None)][:-1],
    'hidden/06-complete': list(range(1, 4096)),
}
here = os.path.dirname(os.path.abspath(__file__))
for name, level in CASES.items():
    path = os.path.join(here, 'tests', name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + '.in', 'w') as f:
        f.write(text(level) + '\n')
    with open(path + '.ans', 'w') as f:
        f.write(text(inorder(level)) + '\n')
