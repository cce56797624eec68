"""Given to Python 3 submissions only (include/python3/)."""


def shout(s: str) -> str:
    return "".join(chr(ord(c) - 32) if "a" <= c <= "z" else c for c in s)
