def badge_order(names):
    return sorted(names, key=lambda s: (len(s), s.lower(), s))
