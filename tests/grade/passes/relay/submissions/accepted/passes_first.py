# Says "pass" a few thousand times (more than a pipe holds) while the
# interactor is still sending, then answers.
import sys
for _ in range(20000):
    sys.stdout.write("pass\n")
sys.stdout.flush()
n = int(sys.stdin.readline())
print(sum(int(sys.stdin.readline()) for _ in range(n)), flush=True)
