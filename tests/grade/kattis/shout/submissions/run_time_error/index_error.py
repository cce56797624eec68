# Looks past the end of the line: IndexError, exit status 1.
line = input()
print(line.upper() + line[len(line) + 1])
