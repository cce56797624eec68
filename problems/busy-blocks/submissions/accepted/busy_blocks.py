def busy_blocks(bookings):
    blocks = []
    for start, end in sorted(bookings):
        if blocks and start <= blocks[-1][1]:
            if end > blocks[-1][1]:
                blocks[-1][1] = end
        else:
            blocks.append([start, end])
    return blocks
