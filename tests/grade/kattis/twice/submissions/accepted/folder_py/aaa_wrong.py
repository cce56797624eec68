print("the entrypoint is solve.py, not this file")
