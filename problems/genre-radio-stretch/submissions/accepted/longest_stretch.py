def longest_stretch(playlist, k):
    count = {}
    left = best = 0
    for right, genre in enumerate(playlist):
        count[genre] = count.get(genre, 0) + 1
        while len(count) > k:
            g = playlist[left]
            count[g] -= 1
            if count[g] == 0:
                del count[g]
            left += 1
        if right - left + 1 > best:
            best = right - left + 1
    return best
