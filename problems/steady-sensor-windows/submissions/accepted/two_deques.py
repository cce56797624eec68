import sys
from collections import deque


def main():
    data = sys.stdin.buffer.read().split()
    n, t = int(data[0]), int(data[1])
    a = list(map(int, data[2:2 + n]))
    maxq, minq = deque(), deque()      # indices; readings decreasing / increasing
    total = left = 0
    for right, x in enumerate(a):
        while maxq and a[maxq[-1]] <= x:
            maxq.pop()
        maxq.append(right)
        while minq and a[minq[-1]] >= x:
            minq.pop()
        minq.append(right)
        while a[maxq[0]] - a[minq[0]] > t:
            left += 1
            if maxq[0] < left:
                maxq.popleft()
            if minq[0] < left:
                minq.popleft()
        total += right - left + 1
    print(total)


main()
