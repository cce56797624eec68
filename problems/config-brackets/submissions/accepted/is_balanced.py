def is_balanced(line: str) -> bool:
    opener = {")": "(", "]": "[", "}": "{", ">": "<"}
    stack = []
    for ch in line:
        if ch in "([{<":
            stack.append(ch)
        elif ch in opener:
            if not stack or stack.pop() != opener[ch]:
                return False
    return not stack
