const assert = require('assert');

/**
 * @param {TreeNode} root
 * @return {ListNode}
 */
function inorderList(root) {
    const stack = [];
    const dummy = new ListNode();
    let tail = dummy, t = root;
    while (t || stack.length) {
        for (; t; t = t.left)
            stack.push(t);
        t = stack.pop();
        assert.ok(t);
        tail = tail.next = new ListNode(t.val);
        t = t.right;
    }
    return dummy.next;
}
