# Bug: builds the strings for n from those for n - 1 by wrapping one in a
# pair or putting a pair beside it. Complete for n <= 3 (the samples), but
# from n = 4 on it misses strings such as "(())(())".
def shallow_brackets(n, max_depth):
    level = {"()"}
    for _ in range(n - 1):
        level = {w for s in level for w in ("(" + s + ")", "()" + s, s + "()")}

    def depth(s):
        d = best = 0
        for ch in s:
            d += 1 if ch == "(" else -1
            best = max(best, d)
        return best

    return sorted(s for s in level if depth(s) <= max_depth)
