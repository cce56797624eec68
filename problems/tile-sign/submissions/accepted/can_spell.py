def can_spell(sign: str, tiles: str) -> bool:
    left = [0] * 26
    for ch in tiles:
        left[ord(ch) - 97] += 1
    for ch in sign:
        if ch == " ":
            continue
        k = ord(ch) - 97
        if left[k] == 0:
            return False
        left[k] -= 1
    return True
