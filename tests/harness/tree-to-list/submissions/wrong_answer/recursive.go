package main

// Wrong: forgets the right subtrees.
func inorderList(root *TreeNode) *ListNode {
	if root == nil {
		return nil
	}
	head := inorderList(root.Left)
	node := &ListNode{Val: root.Val}
	if head == nil {
		return node
	}
	tail := head
	for tail.Next != nil {
		tail = tail.Next
	}
	tail.Next = node
	return head
}
