# Wrong: subtracts.
def add_two(a: int, b: int) -> int:
    return a - b
