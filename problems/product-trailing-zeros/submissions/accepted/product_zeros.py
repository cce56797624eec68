def product_zeros(low: int, high: int) -> int:
    def exponent(n, p):
        e = 0
        while n:
            n //= p
            e += n
        return e

    twos = exponent(high, 2) - exponent(low - 1, 2)
    fives = exponent(high, 5) - exponent(low - 1, 5)
    return min(twos, fives)
