import java.util.ArrayDeque

class Solution {
    fun inorderList(root: TreeNode?): ListNode? {
        val stack = ArrayDeque<TreeNode>()
        val dummy = ListNode(0)
        var tail = dummy
        var t = root
        while (t != null || !stack.isEmpty()) {
            while (t != null) {
                stack.push(t)
                t = t.left
            }
            val top = stack.pop()
            val node = ListNode(top.`val`)
            tail.next = node
            tail = node
            t = top.right
        }
        return dummy.next
    }
}
