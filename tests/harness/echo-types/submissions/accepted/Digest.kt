import kotlin.math.floor

class Solution {
    private fun treeSum(t: TreeNode?): Long = if (t == null) 0L else t.`val` + treeSum(t.left) + treeSum(t.right)

    fun digest(count: Int, big: Long, ratio: Double, flag: Boolean, word: String, nums: IntArray, longs: LongArray, reals: DoubleArray, bits: BooleanArray, words: Array<String>, grid: Array<IntArray>, longGrid: Array<LongArray>, realGrid: Array<DoubleArray>, bitGrid: Array<BooleanArray>, wordGrid: Array<Array<String>>, head: ListNode?, root: TreeNode?): LongArray {
        var list = 0L
        var p = head
        while (p != null) {
            list += p.`val`
            p = p.next
        }
        return longArrayOf(
            count.toLong(), big, floor(ratio).toLong(), if (flag) 1L else 0L, if (word == "pairbox") 1L else 0L,
            nums.map { it.toLong() }.sum(), longs.sum(), floor(reals.sum()).toLong(), bits.count { it }.toLong(),
            words.count { it == "pairbox" }.toLong(), grid.map { r -> r.map { it.toLong() }.sum() }.sum(),
            longGrid.map { it.sum() }.sum(), floor(realGrid.map { it.sum() }.sum()).toLong(),
            bitGrid.map { r -> r.count { it } }.sum().toLong(), wordGrid.map { r -> r.count { it == "pairbox" } }.sum().toLong(),
            list, treeSum(root))
    }
}
