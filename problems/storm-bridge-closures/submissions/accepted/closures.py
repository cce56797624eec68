import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, m, q = int(data[0]), int(data[1]), int(data[2])
    ends = list(map(int, data[3:3 + 2 * m]))
    closures = list(map(int, data[3 + 2 * m:3 + 2 * m + q]))
    parent = list(range(n + 1))
    size = [1] * (n + 1)
    groups = n

    def union(bridge):
        nonlocal groups
        a, b = ends[2 * bridge - 2], ends[2 * bridge - 1]
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        while parent[b] != b:
            parent[b] = parent[parent[b]]
            b = parent[b]
        if a != b:
            if size[a] < size[b]:
                a, b = b, a
            parent[b] = a
            size[a] += size[b]
            groups -= 1

    closed = [False] * (m + 1)
    for c in closures:
        closed[c] = True
    for bridge in range(1, m + 1):
        if not closed[bridge]:
            union(bridge)
    answer = [0] * q
    for j in range(q - 1, -1, -1):
        answer[j] = groups
        union(closures[j])
    sys.stdout.write("\n".join(map(str, answer)) + "\n")


main()
