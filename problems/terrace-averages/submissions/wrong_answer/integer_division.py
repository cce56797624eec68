# Bug: integer (floor) division of the level sum; right only when every
# level's mean is a whole number, as in the samples.
def level_averages(root):
    out = []
    level = [root] if root else []
    while level:
        out.append(sum(n.val for n in level) // len(level))
        level = [c for n in level for c in (n.left, n.right) if c]
    return out
