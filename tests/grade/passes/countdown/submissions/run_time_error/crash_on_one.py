# Right while n >= 2; exit 3 on the pass that gets 1.
import sys
n = int(input())
if n == 1:
    sys.exit(3)
print(n - 1)
