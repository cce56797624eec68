import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, goal = int(data[0]), int(data[1])
    a = list(map(int, data[2:2 + n]))
    best = n              # Bug: "no streak at all" is reported as n days instead of 0
    left = total = 0
    for right in range(n):
        total += a[right]
        while total - a[left] >= goal:
            total -= a[left]
            left += 1
        if total >= goal:
            best = min(best, right - left + 1)
    print(best)


main()
