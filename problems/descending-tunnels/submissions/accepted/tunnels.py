def count_tunnels(root, target):
    if root is None:
        return 0
    seen = {0: 1}
    total = 0
    stack = [(root, 0, False)]
    while stack:
        node, s, leaving = stack.pop()
        if leaving:
            seen[s] -= 1
            continue
        s += node.val
        total += seen.get(s - target, 0)
        seen[s] = seen.get(s, 0) + 1
        stack.append((node, s, True))
        if node.right is not None:
            stack.append((node.right, s, False))
        if node.left is not None:
            stack.append((node.left, s, False))
    return total
