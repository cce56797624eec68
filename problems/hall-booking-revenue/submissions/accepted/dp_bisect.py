import sys
from bisect import bisect_left


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    reqs = sorted(((int(data[1 + 3 * i]), int(data[2 + 3 * i]), int(data[3 + 3 * i])) for i in range(n)),
                  key=lambda r: r[1])
    ends = [e for _, e, _ in reqs]
    best = [0] * (n + 1)            # best[i]: most money from the first i requests by end day
    for i, (s, e, pay) in enumerate(reqs):
        j = bisect_left(ends, s)    # requests ending strictly before day s
        take = pay + best[j]
        best[i + 1] = take if take > best[i] else best[i]
    print(best[n])


main()
