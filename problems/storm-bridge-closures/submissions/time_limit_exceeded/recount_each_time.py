# Correct but slow: after every closure, count the groups again with a
# breadth-first search over the open bridges, O(q * (n + m)).
import sys
from collections import deque

data = sys.stdin.buffer.read().split()
n, m, q = int(data[0]), int(data[1]), int(data[2])
bridges = [(int(data[3 + 2 * i]), int(data[4 + 2 * i])) for i in range(m)]
closures = [int(x) for x in data[3 + 2 * m:3 + 2 * m + q]]
is_open = [True] * m
out = []
for c in closures:
    is_open[c - 1] = False
    adj = [[] for _ in range(n + 1)]
    for i, (u, v) in enumerate(bridges):
        if is_open[i]:
            adj[u].append(v)
            adj[v].append(u)
    seen = [False] * (n + 1)
    groups = 0
    for s in range(1, n + 1):
        if seen[s]:
            continue
        groups += 1
        seen[s] = True
        queue = deque([s])
        while queue:
            x = queue.popleft()
            for y in adj[x]:
                if not seen[y]:
                    seen[y] = True
                    queue.append(y)
    out.append(groups)
print("\n".join(map(str, out)))
