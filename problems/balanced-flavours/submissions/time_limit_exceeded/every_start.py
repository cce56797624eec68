# Correct but O(n^2): counts from every starting position.
def longest_balanced(row: str) -> int:
    n = len(row)
    best = 0
    for i in range(n):
        a = b = c = 0
        for j in range(i, n):
            ch = row[j]
            if ch == "a":
                a += 1
            elif ch == "b":
                b += 1
            else:
                c += 1
            if a == b == c and j - i + 1 > best:
                best = j - i + 1
    return best
