import sys
n = int(sys.stdin.readline())
print(sum(int(sys.stdin.readline()) for _ in range(n)), flush=True)
