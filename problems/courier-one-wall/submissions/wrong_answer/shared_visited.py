# Bug: one "visited" mark per cell, whether or not the wall was already
# broken on the way there. A cell first reached after breaking a wall is
# then closed to the slower path that still has its wall to spend.
import sys
from collections import deque

rows, cols = map(int, sys.stdin.readline().split())
grid = [sys.stdin.readline().strip() for _ in range(rows)]
for r in range(rows):
    for c in range(cols):
        if grid[r][c] == "S":
            start = (r, c)
seen = [[False] * cols for _ in range(rows)]
seen[start[0]][start[1]] = True
queue = deque([(start[0], start[1], 0, False)])
answer = -1
while queue:
    r, c, d, broken = queue.popleft()
    if grid[r][c] == "T":
        answer = d
        break
    for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
        if 0 <= nr < rows and 0 <= nc < cols and not seen[nr][nc]:
            if grid[nr][nc] == "#":
                if broken:
                    continue
                seen[nr][nc] = True
                queue.append((nr, nc, d + 1, True))
            else:
                seen[nr][nc] = True
                queue.append((nr, nc, d + 1, broken))
print(answer)
