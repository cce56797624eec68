# Correct but walks every factor: up to 10^18 steps.
def product_zeros(low: int, high: int) -> int:
    twos = fives = 0
    for k in range(low, high + 1):
        while k % 2 == 0:
            k //= 2
            twos += 1
        while k % 5 == 0:
            k //= 5
            fives += 1
    return min(twos, fives)
