# Echoes the line: passes the case-insensitive sample, fails the secret group (case_sensitive).
print(input())
