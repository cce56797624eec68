# Wrong: prints the first value, which is the sum only when n == 1.
import sys

data = sys.stdin.read().split()
print(data[1] if len(data) > 1 else 0)
