# Correct but exponential: tries every split of the text among the starred
# tokens, without remembering failed (text, pattern) positions.
def matches_filter(text, pattern):
    def match(i, j):
        if j == len(pattern):
            return i == len(text)
        first = i < len(text) and pattern[j] in (".", text[i])
        if j + 1 < len(pattern) and pattern[j + 1] == "*":
            return match(i, j + 2) or (first and match(i + 1, j))
        if j + 1 < len(pattern) and pattern[j + 1] == "+":
            return first and (match(i + 1, j + 2) or match(i + 1, j))
        return first and match(i + 1, j + 1)

    return match(0, 0)
