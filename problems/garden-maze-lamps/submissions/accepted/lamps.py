def min_new_lamps(root):
    if root is None:
        return 0
    INF = float("inf")
    # Breadth-first order: parents before children, so walking it backwards
    # finishes every child before its parent.
    order, parent = [root], [-1]
    for i, node in enumerate(order):
        for child in (node.left, node.right):
            if child is not None:
                order.append(child)
                parent.append(i)
    n = len(order)
    # What the children of each room contribute (a missing child counts as
    # "lit, no lamp", cost 0):
    sum_any = [0] * n      # sum of each child's cheapest state
    sum_lit = [0] * n      # sum of min(lamp, lit by its own child)
    extra = [INF] * n      # cheapest surcharge to force one child lamp
    sum_kid = [0] * n      # sum of "lit by its own child" costs
    for i in range(n - 1, -1, -1):
        # The three costs of room i's subtree, every room in it lit:
        lamp = (0 if order[i].val == 1 else 1) + sum_any[i]
        if order[i].val == 1:
            by_kid = waiting = INF  # the room has a lamp, no choice
        else:
            by_kid = sum_lit[i] + extra[i]   # a child's lamp lights it
            waiting = sum_kid[i]             # dark: the parent must light it
        p = parent[i]
        if p < 0:
            return min(lamp, by_kid)
        lit = min(lamp, by_kid)
        sum_any[p] += min(lit, waiting)
        sum_lit[p] += lit
        extra[p] = min(extra[p], lamp - lit)
        sum_kid[p] += by_kid
