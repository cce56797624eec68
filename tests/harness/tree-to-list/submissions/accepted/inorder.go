// A leading package clause is allowed: the harness drops it.
package main

import "container/list"

func inorderList(root *TreeNode) *ListNode {
	stack := list.New()
	dummy := &ListNode{}
	tail := dummy
	for t := root; t != nil || stack.Len() > 0; {
		for ; t != nil; t = t.Left {
			stack.PushBack(t)
		}
		t = stack.Remove(stack.Back()).(*TreeNode)
		tail.Next = &ListNode{Val: t.Val}
		tail = tail.Next
		t = t.Right
	}
	return dummy.Next
}
