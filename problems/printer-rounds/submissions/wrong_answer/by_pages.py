# Wrong: assumes shorter jobs always finish first (ignores that every job
# gets up to k pages per round).
import sys


def main():
    data = sys.stdin.read().split()
    n = int(data[0])
    pages = [int(x) for x in data[2:2 + n]]
    order = sorted(range(n), key=lambda i: (pages[i], i))
    print(" ".join(str(i + 1) for i in order))


main()
