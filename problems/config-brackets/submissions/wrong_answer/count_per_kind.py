# Wrong: one counter per bracket kind (never negative, zero at the end)
# accepts crossed pairs such as "([)]".
def is_balanced(line: str) -> bool:
    kinds = {"(": (0, 1), ")": (0, -1), "[": (1, 1), "]": (1, -1),
             "{": (2, 1), "}": (2, -1), "<": (3, 1), ">": (3, -1)}
    depth = [0, 0, 0, 0]
    for ch in line:
        if ch in kinds:
            k, d = kinds[ch]
            depth[k] += d
            if depth[k] < 0:
                return False
    return depth == [0, 0, 0, 0]
