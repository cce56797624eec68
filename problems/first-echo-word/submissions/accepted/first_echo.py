from typing import List


def first_echo(words: List[str]) -> str:
    seen = set()
    for w in words:
        if w in seen:
            return w
        seen.add(w)
    return ""
