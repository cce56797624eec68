import java.util.ArrayDeque;
import java.util.Deque;

// Wrong: pre-order instead of in-order.
class Solution {
    public ListNode inorderList(TreeNode root) {
        Deque<TreeNode> stack = new ArrayDeque<>();
        ListNode dummy = new ListNode(), tail = dummy;
        if (root != null)
            stack.push(root);
        while (!stack.isEmpty()) {
            TreeNode t = stack.pop();
            tail = tail.next = new ListNode(t.val);
            if (t.right != null)
                stack.push(t.right);
            if (t.left != null)
                stack.push(t.left);
        }
        return dummy.next;
    }
}
