import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, limit = int(data[0]), int(data[1])
    w = sorted(map(int, data[2:2 + n]))
    lo, hi, count = 0, n - 1, 0
    while lo < hi:
        if w[lo] + w[hi] <= limit:
            count += hi - lo          # w[lo] fits with every paddler up to hi
            lo += 1
        else:
            hi -= 1
    print(count)


main()
