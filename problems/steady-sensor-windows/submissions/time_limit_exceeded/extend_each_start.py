import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, t = int(data[0]), int(data[1])
    a = list(map(int, data[2:2 + n]))
    total = 0
    for i in range(n):                 # O(n * longest steady stretch)
        mx = mn = a[i]
        for j in range(i, n):
            if a[j] > mx:
                mx = a[j]
            if a[j] < mn:
                mn = a[j]
            if mx - mn > t:
                break
            total += 1
    print(total)


main()
