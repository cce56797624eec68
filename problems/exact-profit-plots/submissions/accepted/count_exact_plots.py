def count_exact_plots(field, target):
    # Pairs of rows over the smaller dimension, a prefix-sum count over the other.
    if len(field) > len(field[0]):
        field = [list(col) for col in zip(*field)]
    rows, cols = len(field), len(field[0])
    total = 0
    for top in range(rows):
        col = [0] * cols                      # column totals of rows top..bottom
        for bottom in range(top, rows):
            row = field[bottom]
            seen = {0: 1}
            run = 0
            for j in range(cols):
                col[j] += row[j]
                run += col[j]
                total += seen.get(run - target, 0)
                seen[run] = seen.get(run, 0) + 1
    return total
