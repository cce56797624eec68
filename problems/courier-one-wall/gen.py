#!/usr/bin/env python3
"""gen.py - writes tests/ for courier-one-wall (deterministic: fixed seed)."""
import os
import random
import sys
from collections import deque

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lib"))
from pbgen import here, write_tests  # noqa: E402


def neighbours(grid, r, c):
    for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
        if 0 <= nr < len(grid) and 0 <= nc < len(grid[0]):
            yield nr, nc


def open_bfs(grid, src):
    """Distances from src through open cells only."""
    dist = {src: 0}
    queue = deque([src])
    while queue:
        cell = queue.popleft()
        for nb in neighbours(grid, *cell):
            if grid[nb[0]][nb[1]] != "#" and nb not in dist:
                dist[nb] = dist[cell] + 1
                queue.append(nb)
    return dist


def fewest_moves(grid):
    """Reference: wall-free distances from S and from T; breaking wall w
    costs (nearest S-side neighbour) + 2 + (nearest T-side neighbour)."""
    find = {ch: (r, c) for r, row in enumerate(grid) for c, ch in enumerate(row) if ch in "ST"}
    from_s, from_t = open_bfs(grid, find["S"]), open_bfs(grid, find["T"])
    best = from_s.get(find["T"], -1)
    for r, row in enumerate(grid):
        for c, ch in enumerate(row):
            if ch != "#":
                continue
            a = [from_s[nb] for nb in neighbours(grid, r, c) if nb in from_s]
            b = [from_t[nb] for nb in neighbours(grid, r, c) if nb in from_t]
            if a and b and (best < 0 or min(a) + min(b) + 2 < best):
                best = min(a) + min(b) + 2
    return best


def case(name, grid):
    assert sum(row.count("S") for row in grid) == 1 and sum(row.count("T") for row in grid) == 1
    text = "%d %d\n" % (len(grid), len(grid[0])) + "".join(row + "\n" for row in grid)
    return (name, text, "%d\n" % fewest_moves(grid))


rng = random.Random(5012)


def place(cells, rows, cols, s, t):
    cells[s[0]][s[1]] = "S"
    cells[t[0]][t[1]] = "T"
    return ["".join(row) for row in cells]


def scatter(rows, cols, density):
    cells = [["#" if rng.random() < density else "." for _ in range(cols)] for _ in range(rows)]
    s, t = rng.sample([(r, c) for r in range(rows) for c in range(cols)], 2)
    return place(cells, rows, cols, s, t)


def maze(rows, cols):
    """A perfect maze carved by randomized DFS on odd cells; S and T in
    opposite corners."""
    cells = [["#"] * cols for _ in range(rows)]
    cells[0][0] = "."
    stack = [(0, 0)]
    while stack:
        r, c = stack[-1]
        options = [(r + dr, c + dc, r + dr // 2, c + dc // 2)
                   for dr, dc in ((-2, 0), (2, 0), (0, -2), (0, 2))
                   if 0 <= r + dr < rows and 0 <= c + dc < cols and cells[r + dr][c + dc] == "#"]
        if not options:
            stack.pop()
            continue
        nr, nc, wr, wc = rng.choice(options)
        cells[wr][wc] = cells[nr][nc] = "."
        stack.append((nr, nc))
    return place(cells, rows, cols, (0, 0), ((rows - 1) // 2 * 2, (cols - 1) // 2 * 2))


def two_barriers(rows, cols):
    """Open ground split by two parallel full walls: unreachable."""
    cells = [["."] * cols for _ in range(rows)]
    for r in range(rows):
        cells[r][cols // 2] = cells[r][cols // 2 + 1] = "#"
    return place(cells, rows, cols, (rows // 2, 0), (rows // 2, cols - 1))


samples = [
    case("01", ["S.#.", "..#T", "....", "###."]),
    case("02", ["S#.#T"]),
    case("03", ["S.#", "###", "#.T"]),
]
hidden = [
    case("01-adjacent", ["ST"]),
    case("02-one-wall-between", ["S#T"]),
    case("03-two-walls-between", ["S##T"]),
    case("04-column", ["S", ".", "#", ".", "T"]),
    case("05-no-walls", ["S..", "...", "..T"]),
    case("06-break-shortcut", ["S...", "###.", "T..."]),
    case("07-walled-in-start", ["...", ".#.", "#S#", ".#.", "..T"]),
    case("08-shared-visit-trap", [".###.", "##..T", "#.###", ".#.#.", "...S.", "#...#"]),
    case("09-random-small", scatter(6, 7, 0.4)),
    case("10-random-small-dense", scatter(8, 8, 0.55)),
    case("11-random-medium", scatter(40, 50, 0.35)),
    case("12-maze-medium", maze(61, 81)),
    case("13-one-row-one-wall", ["S" + "." * 150 + "#" + "." * 147 + "T"]),
    case("14-one-row-walls", ["S" + "".join(rng.choice(".#.") for _ in range(298)) + "T"]),
    case("15-large-open", scatter(300, 300, 0.05)),
    case("16-large-maze", maze(300, 300)),
    case("17-large-random", scatter(300, 300, 0.3)),
    case("18-large-unreachable", two_barriers(300, 300)),
]
write_tests(here(__file__), samples, hidden)
