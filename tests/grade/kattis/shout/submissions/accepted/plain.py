# Needs no include file.
print(input().upper())
