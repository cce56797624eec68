# flood.py - hostile Python output flood (SANDBOX-OUTPUT) on stdout or stderr.
import sys

stream = sys.stderr if len(sys.argv) > 1 and sys.argv[1] == "stderr" else sys.stdout
line = "P" * 1023 + "\n"
while True:
    stream.write(line)
