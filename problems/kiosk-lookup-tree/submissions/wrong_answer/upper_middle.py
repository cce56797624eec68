# Bug: takes the upper of the two middles on even ranges; identical to the
# rule on lists of length 2^k - 1 (the samples), different otherwise.
def build_lookup_tree(head):
    vals = []
    while head:
        vals.append(head.val)
        head = head.next

    def build(lo, hi):
        if lo > hi:
            return None
        mid = (lo + hi + 1) // 2
        return TreeNode(vals[mid], build(lo, mid - 1), build(mid + 1, hi))

    return build(0, len(vals) - 1)
