# Loops forever before answering.
line = input()
while True:
    pass
