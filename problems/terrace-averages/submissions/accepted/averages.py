from collections import deque


def level_averages(root):
    out = []
    queue = deque([root] if root is not None else [])
    while queue:
        count = len(queue)
        total = 0
        for _ in range(count):
            node = queue.popleft()
            total += node.val
            if node.left is not None:
                queue.append(node.left)
            if node.right is not None:
                queue.append(node.right)
        out.append(total / count)
    return out
