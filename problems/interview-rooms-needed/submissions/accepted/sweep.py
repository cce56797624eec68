import sys


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    starts = sorted(map(int, data[1:1 + 2 * n:2]))
    ends = sorted(map(int, data[2:2 + 2 * n:2]))
    busy = best = j = 0
    for s in starts:
        while ends[j] <= s:       # rooms freed at or before s can be reused
            j += 1
            busy -= 1
        busy += 1
        if busy > best:
            best = busy
    print(best)


main()
