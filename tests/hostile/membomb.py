# membomb.py - hostile Python memory bomb (SANDBOX-MEM): keep 1 MiB blocks
# (touched: bytearray zero-fills) until the box stops it.
hoard = []
while True:
    hoard.append(bytearray(1 << 20))
