def best_average(readings, k):
    # Correct, but sums every window from scratch: O(n * k).
    best = None
    for i in range(len(readings) - k + 1):
        s = sum(readings[i:i + k])
        if best is None or s > best:
            best = s
    return best / k
