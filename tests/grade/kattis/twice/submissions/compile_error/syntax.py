# A syntax error: packages check Python's syntax when compiling, as
# problemtools and DOMjudge do, so this never runs.
print(2 * int(input())
