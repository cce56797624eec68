# Right while n >= 2, then 1 again: wrong on the pass that gets 1.
n = int(input())
print(n - 1 if n >= 2 else 1)
