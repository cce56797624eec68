import sys


def main():
    rows = [line.strip() for line in sys.stdin.read().split()][:9]
    grid = [[0 if ch == "." else int(ch) for ch in row] for row in rows]
    row_used, col_used, box_used = [0] * 9, [0] * 9, [0] * 9
    empty = []
    for r in range(9):
        for c in range(9):
            d = grid[r][c]
            if d:
                bit = 1 << d
                row_used[r] |= bit
                col_used[c] |= bit
                box_used[r // 3 * 3 + c // 3] |= bit
            else:
                empty.append((r, c))
    ALL = 0b1111111110  # digits 1..9

    def solve():
        if not empty:
            return True
        # Most constrained cell first: the one with the fewest candidates.
        best, best_free, best_count = -1, 0, 10
        for k, (r, c) in enumerate(empty):
            free = ALL & ~(row_used[r] | col_used[c] | box_used[r // 3 * 3 + c // 3])
            count = bin(free).count("1")
            if count < best_count:
                best, best_free, best_count = k, free, count
                if count <= 1:
                    break
        if best_count == 0:
            return False
        r, c = empty[best]
        empty[best] = empty[-1]
        empty.pop()
        b = r // 3 * 3 + c // 3
        free = best_free
        while free:
            bit = free & -free
            free ^= bit
            row_used[r] |= bit
            col_used[c] |= bit
            box_used[b] |= bit
            grid[r][c] = bit.bit_length() - 1
            if solve():
                return True
            row_used[r] ^= bit
            col_used[c] ^= bit
            box_used[b] ^= bit
        grid[r][c] = 0
        empty.append((r, c))
        return False

    solve()
    sys.stdout.write("".join("".join(map(str, row)) + "\n" for row in grid))


main()
