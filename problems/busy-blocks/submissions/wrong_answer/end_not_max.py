def busy_blocks(bookings):
    blocks = []
    for start, end in sorted(bookings):
        if blocks and start <= blocks[-1][1]:
            blocks[-1][1] = end   # Bug: a booking inside the block shrinks it
        else:
            blocks.append([start, end])
    return blocks
