def count_perfect_runs(points, k):
    seen = {0: 1}          # prefix total -> how many prefixes had it
    prefix = total = 0
    for x in points:
        prefix += x
        total += seen.get(prefix - k, 0)
        seen[prefix] = seen.get(prefix, 0) + 1
    return total
