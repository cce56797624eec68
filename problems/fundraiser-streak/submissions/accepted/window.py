import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, goal = int(data[0]), int(data[1])
    a = list(map(int, data[2:2 + n]))
    best = 0
    left = total = 0
    for right in range(n):
        total += a[right]
        while total - a[left] >= goal:    # the window without its first day still reaches the goal
            total -= a[left]
            left += 1
        if total >= goal and (best == 0 or right - left + 1 < best):
            best = right - left + 1
    print(best)


main()
