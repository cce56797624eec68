# Correct but O(n k): takes the maximum of every window from scratch.
import sys


def main():
    data = sys.stdin.read().split()
    n, k = int(data[0]), int(data[1])
    x = [int(v) for v in data[2:2 + n]]
    print(" ".join(str(max(x[i:i + k])) for i in range(n - k + 1)))


main()
