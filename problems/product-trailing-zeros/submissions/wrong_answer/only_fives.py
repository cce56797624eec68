# Wrong: assumes the 2s always outnumber the 5s, which holds for n! but
# not for a range such as 5..5.
def product_zeros(low: int, high: int) -> int:
    def fives(n):
        e = 0
        while n:
            n //= 5
            e += n
        return e

    return fives(high) - fives(low - 1)
