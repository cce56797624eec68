# An unknown verdict folder: reported and skipped.
print(0)
