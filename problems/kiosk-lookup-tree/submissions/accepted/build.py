def build_lookup_tree(head):
    n, node = 0, head
    while node is not None:
        n += 1
        node = node.next
    cursor = [head]

    def build(lo, hi):
        if lo > hi:
            return None
        mid = (lo + hi) // 2
        left = build(lo, mid - 1)
        root = TreeNode(cursor[0].val, left)
        cursor[0] = cursor[0].next
        root.right = build(mid + 1, hi)
        return root

    return build(0, n - 1)
