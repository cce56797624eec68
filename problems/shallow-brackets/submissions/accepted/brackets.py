def shallow_brackets(n, max_depth):
    out = []
    buf = []

    def go(opened, depth):
        if len(buf) == 2 * n:
            out.append("".join(buf))
            return
        if opened < n and depth < max_depth:
            buf.append("(")
            go(opened + 1, depth + 1)
            buf.pop()
        if depth > 0:
            buf.append(")")
            go(opened, depth - 1)
            buf.pop()

    go(0, 0)
    return out
