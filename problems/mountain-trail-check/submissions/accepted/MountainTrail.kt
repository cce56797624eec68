// Climb while strictly rising, then descend while strictly falling; the
// summit needs a step on each side and the descent must reach the end.
class Solution {
    fun isMountainTrail(heights: IntArray): Boolean {
        val n = heights.size
        var i = 0
        while (i + 1 < n && heights[i] < heights[i + 1]) i++
        if (i == 0 || i == n - 1) return false
        while (i + 1 < n && heights[i] > heights[i + 1]) i++
        return i == n - 1
    }
}
