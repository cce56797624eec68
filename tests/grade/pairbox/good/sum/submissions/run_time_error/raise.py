# An exception: a non-zero exit status.
raise ValueError("no input parsing here")
