# Wrong: when the masses are equal, only the west-bound cart is wrecked;
# the east-bound cart keeps rolling with its full mass.
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    st = []
    for i in range(1, n + 1):
        c = int(data[i])
        if c > 0:
            st.append(c)
            continue
        m = -c
        while m > 0 and st and st[-1] > 0:
            if st[-1] >= m:
                if st[-1] > m:
                    st[-1] -= m
                m = 0
            else:
                m -= st.pop()
        if m > 0:
            st.append(-m)
    print(len(st))
    print(" ".join(map(str, st)))


main()
