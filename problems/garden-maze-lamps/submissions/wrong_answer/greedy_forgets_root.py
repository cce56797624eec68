# Bug: the greedy (light the parent of every dark child) is right, but it
# forgets that the root itself may be left dark at the end, since it has
# no parent to light it. Right on the samples, wrong on a lone dark room.
def min_new_lamps(root):
    DARK, LIT, LAMP = 0, 1, 2
    count = 0
    state = {}
    order = []
    stack = [root] if root else []
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(c for c in (node.left, node.right) if c)
    for node in reversed(order):
        kids = [state[c] for c in (node.left, node.right) if c]
        if node.val == 1:
            state[node] = LAMP
        elif DARK in kids:
            state[node] = LAMP
            count += 1
        elif LAMP in kids:
            state[node] = LIT
        else:
            state[node] = DARK
    return count
