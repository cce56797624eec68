import sys


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    iv = [(int(data[1 + 2 * i]), int(data[2 + 2 * i])) for i in range(n)]
    best = 0
    for t, _ in iv:                       # O(n^2): count what runs at every start
        running = 0
        for s, e in iv:
            if s <= t < e:
                running += 1
        best = max(best, running)
    print(best)


main()
