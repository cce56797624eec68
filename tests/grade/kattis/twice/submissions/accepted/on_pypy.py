import sys
n = int(input())
print(2 * n if sys.implementation.name == "pypy" else "not on pypy")
