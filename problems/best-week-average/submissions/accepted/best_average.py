def best_average(readings, k):
    window = sum(readings[:k])
    best = window
    for i in range(k, len(readings)):
        window += readings[i] - readings[i - k]
        if window > best:
            best = window
    return best / k
