# Correct but slow: fills the empty cells in reading order, trying 1..9 in
# each and checking row, column and box by scanning them. Exponential: a
# puzzle whose first row must read 987654321 makes it try almost
# everything before the right digits.
import sys

grid = [list(line.strip()) for line in sys.stdin.read().split()][:9]


def fits(r, c, d):
    for k in range(9):
        if grid[r][k] == d or grid[k][c] == d:
            return False
    br, bc = r - r % 3, c - c % 3
    for i in range(br, br + 3):
        for j in range(bc, bc + 3):
            if grid[i][j] == d:
                return False
    return True


def solve(pos):
    while pos < 81 and grid[pos // 9][pos % 9] != ".":
        pos += 1
    if pos == 81:
        return True
    r, c = divmod(pos, 9)
    for d in "123456789":
        if fits(r, c, d):
            grid[r][c] = d
            if solve(pos + 1):
                return True
    grid[r][c] = "."
    return False


solve(0)
print("\n".join("".join(row) for row in grid))
