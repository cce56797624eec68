# Wrong: prints the line unchanged.
print(input())
