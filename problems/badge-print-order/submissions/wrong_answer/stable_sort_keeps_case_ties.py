def badge_order(names):
    # Bug: names that differ only in case keep their input order (the sort
    # is stable), instead of the exact-spelling order the third rule asks for.
    return sorted(names, key=lambda s: (len(s), s.lower()))
