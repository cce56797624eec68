# Scans from the right with a dictionary: usually another pair than the answer file's.
n, t = map(int, input().split())
a = list(map(int, input().split()))
seen = {}
for i in range(n - 1, -1, -1):
    if t - a[i] in seen:
        print(i + 1, seen[t - a[i]] + 1)
        break
    seen.setdefault(a[i], i)
else:
    print("impossible")
