# Wrong: forgets to strip leading zeros ("10200", 1 gives "0200").
def smallest_after_removal(num: str, k: int) -> str:
    stack = []
    for d in num:
        while k and stack and stack[-1] > d:
            stack.pop()
            k -= 1
        stack.append(d)
    if k:
        del stack[-k:]
    return "".join(stack) or "0"
