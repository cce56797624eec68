# Correct but slow: from every chamber, walk down every path and sum:
# O(n * height), about 2e9 steps on a long shaft.
def count_tunnels(root, target):
    count = 0
    starts = [root] if root else []
    while starts:
        start = starts.pop()
        starts.extend(c for c in (start.left, start.right) if c)
        stack = [(start, 0)]
        while stack:
            node, s = stack.pop()
            s += node.val
            if s == target:
                count += 1
            if node.left:
                stack.append((node.left, s))
            if node.right:
                stack.append((node.right, s))
    return count
