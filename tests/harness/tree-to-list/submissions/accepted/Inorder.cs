using System.Collections.Generic;

public class Solution {
    public ListNode InorderList(TreeNode root) {
        var stack = new Stack<TreeNode>();
        var dummy = new ListNode();
        var tail = dummy;
        for (var t = root; t != null || stack.Count > 0;) {
            for (; t != null; t = t.left)
                stack.Push(t);
            t = stack.Pop();
            tail = tail.next = new ListNode(t.val);
            t = t.right;
        }
        return dummy.next;
    }
}
