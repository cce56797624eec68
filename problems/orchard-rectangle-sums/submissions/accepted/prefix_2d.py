import sys


def main():
    data = sys.stdin.buffer.read().split()
    r, c, q = int(data[0]), int(data[1]), int(data[2])
    pos = 3
    # S[i][j]: total of rows 1..i, columns 1..j; row 0 and column 0 are zero.
    S = [[0] * (c + 1)]
    for i in range(r):
        prev = S[-1]
        row = [0] * (c + 1)
        run = 0
        for j in range(c):
            run += int(data[pos + j])
            row[j + 1] = prev[j + 1] + run
        pos += c
        S.append(row)
    out = []
    for _ in range(q):
        r1, c1, r2, c2 = int(data[pos]), int(data[pos + 1]), int(data[pos + 2]), int(data[pos + 3])
        pos += 4
        out.append(S[r2][c2] - S[r1 - 1][c2] - S[r2][c1 - 1] + S[r1 - 1][c1 - 1])
    sys.stdout.write("\n".join(map(str, out)) + "\n")


main()
