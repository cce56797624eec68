import sys
from collections import deque


def main():
    data = sys.stdin.buffer.read().split()
    n, k = int(data[0]), int(data[1])
    queue = deque((i + 1, int(data[2 + i])) for i in range(n))
    done = []
    while queue:
        job, pages = queue.popleft()
        if pages <= k:
            done.append(job)
        else:
            queue.append((job, pages - k))
    print(" ".join(map(str, done)))


main()
