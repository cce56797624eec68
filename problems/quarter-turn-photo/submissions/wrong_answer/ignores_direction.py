def rotate_photo(photo, turns):
    # Bug: rotates clockwise |turns| times, so negative turns go the wrong way.
    for _ in range(abs(turns) % 4):
        photo = [list(row) for row in zip(*photo[::-1])]
    return photo
