import sys
from collections import deque


def main():
    data = sys.stdin.buffer.read().split()
    n, k = int(data[0]), int(data[1])
    x = list(map(int, data[2:2 + n]))
    window = deque()
    out = []
    for j in range(n):
        v = x[j]
        while window and x[window[-1]] <= v:
            window.pop()
        window.append(j)
        if window[0] <= j - k:
            window.popleft()
        if j >= k - 1:
            out.append(x[window[0]])
    sys.stdout.write(" ".join(map(str, out)) + "\n")


main()
