def is_valid_catalogue(root):
    stack = [(root, None, None)] if root is not None else []
    while stack:
        node, low, high = stack.pop()
        if (low is not None and node.val <= low) or (high is not None and node.val >= high):
            return False
        if node.left is not None:
            stack.append((node.left, low, node.val))
        if node.right is not None:
            stack.append((node.right, node.val, high))
    return True
