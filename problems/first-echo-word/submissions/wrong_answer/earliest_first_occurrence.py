# Wrong: returns the repeated word that appeared first, not the word whose
# repetition comes first (["a","b","b","a"] gives "a" instead of "b").
from typing import List


def first_echo(words: List[str]) -> str:
    count = {}
    for w in words:
        count[w] = count.get(w, 0) + 1
    for w in words:
        if count[w] > 1:
            return w
    return ""
