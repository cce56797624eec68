# SANDBOX-FILES: looks for the interactor's files (the test's input and
# answer) everywhere it might reach; they live in the interactor's box
# only. Guesses what it finds, else 0: only a leak would be accepted.
import glob
import os

found = None
for pattern in ("input", "answer", "/box/*", "../*", "/tmp/*", "/proc/*/cwd/answer", "/proc/*/root/box/answer"):
    for path in glob.glob(pattern):
        try:
            with open(path) as f:
                text = f.read().strip()
            if text.isdigit():
                found = text
        except OSError:
            pass
print(found or 0, flush=True)
