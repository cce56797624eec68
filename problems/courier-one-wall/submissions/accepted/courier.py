import sys


def main():
    data = sys.stdin.buffer.read().split()
    rows, cols = int(data[0]), int(data[1])
    grid = b"".join(data[2:2 + rows])
    cells = rows * cols
    start, goal = grid.index(b"S"), grid.index(b"T")
    wall = [ch == 35 for ch in grid]  # '#'
    # State: cell + cells * (walls broken so far, 0 or 1).
    dist = [-1] * (2 * cells)
    dist[start] = 0
    frontier = [start]
    steps = 0
    while frontier:
        steps += 1
        nxt = []
        for state in frontier:
            used, cell = divmod(state, cells)
            r, c = divmod(cell, cols)
            for ok, other in ((r > 0, cell - cols), (r < rows - 1, cell + cols),
                              (c > 0, cell - 1), (c < cols - 1, cell + 1)):
                if not ok:
                    continue
                if wall[other]:
                    if used:
                        continue
                    s = other + cells
                else:
                    s = other + used * cells
                if dist[s] < 0:
                    if other == goal:
                        print(steps)
                        return
                    dist[s] = steps
                    nxt.append(s)
        frontier = nxt
    print(-1)


main()
