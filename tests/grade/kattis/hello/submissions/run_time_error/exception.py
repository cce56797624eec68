# Reads a second line that is not there: EOFError, exit status 1.
name = input().strip()
greeting = input().strip()
print(f"{greeting}, {name}!")
