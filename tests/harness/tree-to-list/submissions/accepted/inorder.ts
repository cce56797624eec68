function inorderList(root: TreeNode | null): ListNode | null {
    const stack: TreeNode[] = [];
    const dummy = new ListNode();
    let tail: ListNode = dummy;
    let t: TreeNode | null = root;
    while (t !== null || stack.length > 0) {
        for (; t !== null; t = t.left)
            stack.push(t);
        const top = stack.pop() as TreeNode;
        tail.next = new ListNode(top.val);
        tail = tail.next;
        t = top.right;
    }
    return dummy.next;
}
