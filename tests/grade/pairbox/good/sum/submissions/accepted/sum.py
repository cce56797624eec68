import sys

data = sys.stdin.read().split()
n = int(data[0])
print(sum(int(v) for v in data[1:1 + n]))
