# Waits for the interactor to speak first; it never does: both wait until
# the program's wall-time limit ends the pair.
input()
