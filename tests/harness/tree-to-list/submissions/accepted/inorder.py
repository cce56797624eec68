from collections import deque


def inorder_list(root: Optional[TreeNode]) -> Optional[ListNode]:
    stack, values, t = deque(), [], root
    while t or stack:
        while t:
            stack.append(t)
            t = t.left
        t = stack.pop()
        values.append(t.val)
        t = t.right
    head = None
    for v in reversed(values):
        head = ListNode(v, head)
    return head
