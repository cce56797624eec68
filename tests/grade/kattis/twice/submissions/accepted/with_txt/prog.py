with open("factor.txt") as f:
    k = int(f.read())
print(k * int(input()))
