from typing import List


def max_element(nums: List[int]) -> int:
    best = nums[0]
    for x in nums:
        best = max(best, x)
    return best
