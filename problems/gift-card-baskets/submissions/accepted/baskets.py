def gift_baskets(prices, card):
    prices = sorted(prices)
    out = []
    chosen = []

    def go(start, left):
        if left == 0:
            out.append(chosen[:])
            return
        for i in range(start, len(prices)):
            if prices[i] > left:
                break  # sorted: every later price is too big as well
            if i > start and prices[i] == prices[i - 1]:
                continue  # the same price in the same position: already tried
            chosen.append(prices[i])
            go(i + 1, left - prices[i])
            chosen.pop()

    go(0, card)
    return out
