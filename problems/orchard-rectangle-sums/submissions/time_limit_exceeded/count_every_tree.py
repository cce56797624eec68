import sys


def main():
    data = sys.stdin.buffer.read().split()
    r, c, q = int(data[0]), int(data[1]), int(data[2])
    g = [[int(x) for x in data[3 + i * c:3 + (i + 1) * c]] for i in range(r)]
    pos = 3 + r * c
    out = []
    for _ in range(q):
        r1, c1, r2, c2 = (int(x) for x in data[pos:pos + 4])
        pos += 4
        total = 0
        for i in range(r1 - 1, r2):          # O(area) per question
            for j in range(c1 - 1, c2):
                total += g[i][j]
        out.append(total)
    sys.stdout.write("\n".join(map(str, out)) + "\n")


main()
