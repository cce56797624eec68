"""pbgen.py - helpers the bank's gen.py scripts share: the test-file
encoding and canonical answer printing of docs/problems.md, tree shapes
and their level-order encoding, and writing tests/ afresh.

A gen.py imports it with
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
and stays deterministic: every random choice comes from a seeded
random.Random the gen.py owns. Python 3 standard library only."""

import json
import os
import shutil


def canon(v):
    """The canonical printing of one value (one line, no spaces)."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        s = "%.6f" % v
        return "0.000000" if s == "-0.000000" else s
    if isinstance(v, str):
        out = ['"']
        for ch in v:
            if ch == '"' or ch == "\\":
                out.append("\\" + ch)
            elif ch == "\n":
                out.append("\\n")
            elif ch == "\r":
                out.append("\\r")
            elif ch == "\t":
                out.append("\\t")
            elif ord(ch) < 0x20:
                out.append("\\u%04x" % ord(ch))
            else:
                out.append(ch)
        out.append('"')
        return "".join(out)
    if isinstance(v, (list, tuple)):
        return "[" + ",".join(canon(x) for x in v) + "]"
    raise TypeError("no canonical printing for %r" % type(v))


def fn_input(*params):
    """A function-style test input: one JSON value per parameter, a line each."""
    return "".join(json.dumps(p, separators=(",", ":")) + "\n" for p in params)


def fn_answer(v):
    return canon(v) + "\n"


# Trees are built as arrays: vals[i], left[i], right[i] (child index or -1)
# and a root index (-1 for the empty tree).

class Tree:
    def __init__(self, vals, left, right, root):
        self.vals, self.left, self.right, self.root = vals, left, right, root

    def __len__(self):
        return len(self.vals)

    def level_order(self):
        """LeetCode's level order: null for missing children, trailing nulls trimmed."""
        if self.root < 0:
            return []
        out, queue, head = [], [self.root], 0
        while head < len(queue):
            i = queue[head]
            head += 1
            if i < 0:
                out.append(None)
                continue
            out.append(self.vals[i])
            queue.append(self.left[i])
            queue.append(self.right[i])
        while out and out[-1] is None:
            out.pop()
        return out

    def postorder(self):
        """Node indices, children before parents (iterative)."""
        if self.root < 0:
            return []
        order, stack = [], [self.root]
        while stack:
            i = stack.pop()
            order.append(i)
            for c in (self.left[i], self.right[i]):
                if c >= 0:
                    stack.append(c)
        order.reverse()
        return order


def tree_from_level(arr):
    """The Tree a level-order array (with None for missing children) describes."""
    vals, left, right = [], [], []
    if not arr:
        return Tree(vals, left, right, -1)

    def node(v):
        vals.append(v)
        left.append(-1)
        right.append(-1)
        return len(vals) - 1

    queue, head, k = [node(arr[0])], 0, 1
    while k < len(arr):
        p = queue[head]
        head += 1
        for side in (left, right):
            if k < len(arr) and arr[k] is not None:
                side[p] = node(arr[k])
                queue.append(side[p])
            k += 1
    return Tree(vals, left, right, 0)


def tree_shape(rng, n, shape):
    """An n-node shape with values left 0: 'random' (attach each new node to
    a random free child slot), 'left' / 'right' (a path), 'zigzag',
    'complete', or 'caterpillar' (a long path with leaves hanging off it)."""
    left, right = [-1] * n, [-1] * n
    if n == 0:
        return Tree([], left, right, -1)
    if shape == "complete":
        for i in range(n):
            if 2 * i + 1 < n:
                left[i] = 2 * i + 1
            if 2 * i + 2 < n:
                right[i] = 2 * i + 2
    elif shape in ("left", "right", "zigzag"):
        for i in range(1, n):
            go_left = shape == "left" or (shape == "zigzag" and i % 2 == 0)
            (left if go_left else right)[i - 1] = i
    elif shape == "caterpillar":
        spine = [0]
        for i in range(1, n):
            p = spine[-1]
            if rng.random() < 0.5:
                right[p] = i
                spine.append(i)
            elif left[p] < 0:
                left[p] = i
            else:
                right[p] = i
                spine.append(i)
    elif shape == "random":
        free = [(0, 0), (0, 1)]
        for i in range(1, n):
            j = rng.randrange(len(free))
            free[j], free[-1] = free[-1], free[j]
            p, side = free.pop()
            (left if side == 0 else right)[p] = i
            free.append((i, 0))
            free.append((i, 1))
    else:
        raise ValueError(shape)
    return Tree([0] * n, left, right, 0)


def write_tests(folder, samples, hidden):
    """Replace folder/tests with the given tests: lists of (name, input, answer)."""
    tests = os.path.join(folder, "tests")
    shutil.rmtree(tests, ignore_errors=True)
    for group, items in (("sample", samples), ("hidden", hidden)):
        os.makedirs(os.path.join(tests, group))
        names = set()
        for name, inp, ans in items:
            if name in names:
                raise ValueError("duplicate test name " + name)
            names.add(name)
            for ext, text in ((".in", inp), (".ans", ans)):
                with open(os.path.join(tests, group, name + ext), "w", encoding="utf-8", newline="\n") as f:
                    f.write(text)


def here(file):
    """The folder of the gen.py whose __file__ is given."""
    return os.path.dirname(os.path.abspath(file))
