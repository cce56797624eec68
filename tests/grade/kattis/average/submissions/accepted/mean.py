# Python's shortest repr: 2.3333333333333335 -- other last digits than the answer file.
n = int(input())
a = list(map(int, input().split()))
print(sum(a) / n)
