import java.util.ArrayDeque;
import java.util.Deque;

class Solution {
    public ListNode inorderList(TreeNode root) {
        Deque<TreeNode> stack = new ArrayDeque<>();
        ListNode dummy = new ListNode(), tail = dummy;
        TreeNode t = root;
        while (t != null || !stack.isEmpty()) {
            for (; t != null; t = t.left)
                stack.push(t);
            t = stack.pop();
            tail = tail.next = new ListNode(t.val);
            t = t.right;
        }
        return dummy.next;
    }
}
