# Wrong: checks that each letter of the sign occurs among the tiles, but
# not that there are enough of them ("aa" with one "a" tile says true).
def can_spell(sign: str, tiles: str) -> bool:
    return set(sign.replace(" ", "")) <= set(tiles)
