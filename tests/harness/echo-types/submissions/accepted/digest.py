import math


def tree_sum(t: Optional[TreeNode]) -> int:
    return t.val + tree_sum(t.left) + tree_sum(t.right) if t else 0


def digest(count: int, big: int, ratio: float, flag: bool, word: str, nums: List[int], longs: List[int], reals: List[float], bits: List[bool], words: List[str], grid: List[List[int]], long_grid: List[List[int]], real_grid: List[List[float]], bit_grid: List[List[bool]], word_grid: List[List[str]], head: Optional[ListNode], root: Optional[TreeNode]) -> List[int]:
    total = 0
    while head:
        total += head.val
        head = head.next
    return [count, big, math.floor(ratio), int(flag), int(word == "pairbox"), sum(nums), sum(longs),
            math.floor(sum(reals)), sum(bits), words.count("pairbox"), sum(map(sum, grid)), sum(map(sum, long_grid)),
            math.floor(sum(x for row in real_grid for x in row)), sum(map(sum, bit_grid)),
            sum(row.count("pairbox") for row in word_grid), total, tree_sum(root)]
