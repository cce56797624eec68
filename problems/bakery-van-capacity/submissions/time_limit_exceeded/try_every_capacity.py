def min_van_capacity(trays, trips):
    # Correct, but tries the capacities one by one from the heaviest tray up.
    cap = max(trays)
    while True:
        used, load = 1, 0
        for w in trays:
            if load + w > cap:
                used, load = used + 1, w
            else:
                load += w
        if used <= trips:
            return cap
        cap += 1
