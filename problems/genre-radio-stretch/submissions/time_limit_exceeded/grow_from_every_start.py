def longest_stretch(playlist, k):
    # Correct, but restarts the window at every song: O(n * answer), O(n^2) when k is large.
    n = len(playlist)
    best = 0
    for start in range(n):
        seen = set()
        end = start
        while end < n and (playlist[end] in seen or len(seen) < k):
            seen.add(playlist[end])
            end += 1
        best = max(best, end - start)
    return best
