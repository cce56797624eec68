# Bug: skips a price equal to its left neighbour at every step, not only
# at the same position of the basket, so a basket can never hold the same
# price twice ([3,3] is lost). The samples have distinct prices.
def gift_baskets(prices, card):
    prices.sort()
    out = []

    def go(start, left, chosen):
        if left == 0:
            out.append(list(chosen))
            return
        for i in range(start, len(prices)):
            if prices[i] > left:
                break
            if i > 0 and prices[i] == prices[i - 1]:
                continue
            go(i + 1, left - prices[i], chosen + [prices[i]])

    go(0, card, [])
    return out
