# Bug: compares every node only with its own children, so a value that is
# misplaced relative to a grandparent or higher ancestor goes unnoticed.
def is_valid_catalogue(root):
    stack = [root] if root else []
    while stack:
        node = stack.pop()
        if node.left:
            if node.left.val >= node.val:
                return False
            stack.append(node.left)
        if node.right:
            if node.right.val <= node.val:
                return False
            stack.append(node.right)
    return True
