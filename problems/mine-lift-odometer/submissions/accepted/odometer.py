import sys


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    pos = last = dist = reversals = 0
    for i in range(1, n + 1):
        x = int(data[i])
        d = x - pos
        if d:
            direction = 1 if d > 0 else -1
            if last and direction != last:
                reversals += 1
            last = direction
            dist += abs(d)
            pos = x
    print(dist, reversals)


main()
