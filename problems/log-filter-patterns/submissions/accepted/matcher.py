def matches_filter(text, pattern):
    # Tokens: (char, repeatable). "c+" is the same as "c c*".
    tokens = []
    for ch in pattern:
        if ch == "*":
            tokens[-1] = (tokens[-1][0], True)
        elif ch == "+":
            tokens.append((tokens[-1][0], True))
        else:
            tokens.append((ch, False))
    n = len(text)
    # ok[i]: text[i:] matches the tokens from the current one on;
    # computed from the last token backwards.
    ok = [False] * n + [True]
    for ch, star in reversed(tokens):
        new = [False] * (n + 1)
        if star:
            new[n] = ok[n]
            for i in range(n - 1, -1, -1):
                new[i] = ok[i] or ((ch == "." or text[i] == ch) and new[i + 1])
        else:
            for i in range(n - 1, -1, -1):
                new[i] = (ch == "." or text[i] == ch) and ok[i + 1]
        ok = new
    return ok[0]
