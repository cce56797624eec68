def rotate_photo(photo, turns):
    # A counterclockwise turn is three clockwise ones; Python's % is never negative.
    for _ in range(turns % 4):
        photo = [list(row) for row in zip(*photo[::-1])]
    return photo
