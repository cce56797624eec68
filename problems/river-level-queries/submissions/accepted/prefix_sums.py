import sys
from itertools import accumulate


def main():
    data = sys.stdin.buffer.read().split()
    n, q = int(data[0]), int(data[1])
    pre = [0]
    pre.extend(accumulate(map(int, data[2:2 + n])))
    qs = data[2 + n:2 + n + 2 * q]
    out = [pre[int(qs[2 * i + 1])] - pre[int(qs[2 * i]) - 1] for i in range(q)]
    sys.stdout.write("\n".join(map(str, out)) + "\n")


main()
