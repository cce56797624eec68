from typing import *  # runtime.py - the Python 3 harness of function-style problems (docs/problems.md): the prelude (to the marker: annotations need the classes first), the user's code at the marker, then the runtime; harness_gen.c adds main.
class ListNode:
    def __init__(self, val=0, next=None): self.val = val; self.next = next
class TreeNode:
    def __init__(self, val=0, left=None, right=None): self.val = val; self.left = left; self.right = right
# pairbox:user-code


# Input: all of stdin, one JSON value per parameter (json's own decoder,
# one value at a time); output: the result printed canonically on one line.
# Malformed input exits 2 with a message on stderr.
import json as _pb_json
import re as _pb_re
import sys as _pb_sys

_PB_WS = _pb_re.compile(r'[ \t\n\r]*')
_PB_ESC = _pb_re.compile(r'[\x00-\x1f"\\]')
_PB_ESC_MAP = {'"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t'}
_PB_RANGE = {'int': (-2**31, 2**31 - 1), 'int64': (-2**63, 2**63 - 1)}


def _pb_bad_constant(name):
    raise ValueError('%s is not JSON' % name)


class _PbRuntime:
    def __init__(self):
        self.n = 0
        self.what = ''
        try:
            self.text = _pb_sys.stdin.buffer.read().decode('utf-8')
        except UnicodeDecodeError as e:
            self.fail('the input is not UTF-8 (%s)' % e)
        self.pos = 0
        self.decoder = _pb_json.JSONDecoder(parse_constant=_pb_bad_constant)

    def fail(self, msg):
        _pb_sys.stderr.write('pairbox harness: input value %d (%s): %s\n' % (self.n, self.what, msg))
        _pb_sys.exit(2)

    def read(self, base, dims):
        self.n += 1
        self.what = {'list': 'ListNode', 'tree': 'TreeNode'}.get(base, base) + '[]' * dims
        self.pos = _PB_WS.match(self.text, self.pos).end()
        if self.pos >= len(self.text):
            self.fail('missing')
        try:
            v, self.pos = self.decoder.raw_decode(self.text, self.pos)
        except (ValueError, RecursionError) as e:
            self.fail('not JSON: %s' % e)
        return self.convert(v, base, dims)

    def end(self):
        if _PB_WS.match(self.text, self.pos).end() < len(self.text):
            _pb_sys.stderr.write('pairbox harness: extra input after the last parameter (value %d)\n' % self.n)
            _pb_sys.exit(2)

    def scalar(self, v, base):
        t = type(v)
        if base in _PB_RANGE:
            lo, hi = _PB_RANGE[base]
            if t is not int:
                self.fail('expected an integer, found %r' % (v,))
            if not lo <= v <= hi:
                self.fail('%d is out of range' % v)
        elif base == 'float64':
            if t is not int and t is not float:
                self.fail('expected a number, found %r' % (v,))
            v = float(v)
            if v in (float('inf'), float('-inf')):
                self.fail('out of range')
        elif base == 'bool':
            if t is not bool:
                self.fail('expected true or false, found %r' % (v,))
        elif t is not str:
            self.fail('expected a string, found %r' % (v,))
        elif '\0' in v:
            self.fail('\\u0000 is not allowed in a string')
        else:
            try:
                v.encode('utf-8')
            except UnicodeEncodeError:
                self.fail('lone surrogate in a string')
        return v

    def convert(self, v, base, dims):
        if dims or base in ('list', 'tree'):
            if type(v) is not list:
                self.fail('expected an array, found %r' % (v,))
        if dims == 1 and base in _PB_RANGE and all(type(x) is int for x in v):
            lo, hi = _PB_RANGE[base]
            if not v or lo <= min(v) and max(v) <= hi:
                return v                # the common case, checked in bulk
        if dims:
            return [self.convert(x, base, dims - 1) for x in v]
        if base == 'list':
            head = None
            for x in reversed(v):
                head = ListNode(self.scalar(x, 'int'), head)
            return head
        if base == 'tree':
            return self.tree([x if x is None else self.scalar(x, 'int') for x in v])
        return self.scalar(v, base)

    def tree(self, v):
        # Level order, LeetCode's way: the values after the root are the
        # children, left then right, of each non-null node in turn.
        if not v:
            return None
        if v[0] is None:
            self.fail("a tree's root is not null (the empty tree is [])")
        root = TreeNode(v[0])
        queue, head, i = [root], 0, 1
        while i < len(v):
            if head == len(queue):
                self.fail('tree value %d has no parent' % (i + 1))
            node = queue[head]
            head += 1
            if v[i] is not None:
                node.left = TreeNode(v[i])
                queue.append(node.left)
            i += 1
            if i < len(v) and v[i] is not None:
                node.right = TreeNode(v[i])
                queue.append(node.right)
            i += 1
        return root

    def write(self, v, base, dims):
        out = []
        self.put(out, v, base, dims)
        out.append('\n')
        _pb_sys.stdout.buffer.write(''.join(out).encode('utf-8'))
        _pb_sys.stdout.flush()

    def put(self, out, v, base, dims):
        if dims:
            if v is None:
                out.append('null')
                return
            if dims == 1 and base in _PB_RANGE and all(isinstance(x, int) for x in v):
                out.append('[' + ','.join(['%d' % x for x in v]) + ']')
                return
            out.append('[')
            for i, x in enumerate(v):
                if i:
                    out.append(',')
                self.put(out, x, base, dims - 1)
            out.append(']')
        elif base in ('int', 'int64'):
            out.append('%d' % v if isinstance(v, int) else repr(v))
        elif base == 'float64':
            s = '%.6f' % v
            out.append('0.000000' if s == '-0.000000' else s)
        elif base == 'bool':
            out.append('true' if v else 'false')
        elif base == 'string':
            out.append('null' if v is None else
                       '"' + _PB_ESC.sub(lambda m: _PB_ESC_MAP.get(m.group(0)) or '\\u%04x' % ord(m.group(0)), v) + '"')
        elif base == 'list':
            vals = []
            while v is not None:
                vals.append('%d' % v.val)
                v = v.next
            out.append('[' + ','.join(vals) + ']')
        else:
            # Level order with null for each missing child of a node,
            # trailing nulls left out.
            queue, head = ([v] if v is not None else []), 0
            while head < len(queue):
                node = queue[head]
                head += 1
                if node is not None:
                    queue.append(node.left)
                    queue.append(node.right)
            while queue and queue[-1] is None:
                queue.pop()
            out.append('[' + ','.join('null' if t is None else '%d' % t.val for t in queue) + ']')
