def min_crossing_toll(tolls):
    two_back, one_back = float("inf"), 0  # positions -2 and -1 (near bank)
    for toll in tolls + [0]:  # the far bank is free
        two_back, one_back = one_back, toll + min(one_back, two_back)
    return one_back
