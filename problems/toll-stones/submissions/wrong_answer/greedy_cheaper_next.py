# Bug: greedily lands on the cheaper of the next two positions; a cheap
# stone can lead into expensive ones (the samples are greedy-friendly).
def min_crossing_toll(tolls):
    n = len(tolls)
    pos, total = -1, 0
    while pos < n:
        if pos + 2 >= n:
            return total  # the far bank is in reach
        if tolls[pos + 1] <= tolls[pos + 2]:
            pos += 1
        else:
            pos += 2
        total += tolls[pos]
    return total
