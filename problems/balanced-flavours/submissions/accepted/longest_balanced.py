def longest_balanced(row: str) -> int:
    first = {(0, 0): 0}
    ab = bc = 0
    best = 0
    for j, ch in enumerate(row, 1):
        if ch == "a":
            ab += 1
        elif ch == "b":
            ab -= 1
            bc += 1
        else:
            bc -= 1
        key = (ab, bc)
        i = first.setdefault(key, j)
        if j - i > best:
            best = j - i
    return best
