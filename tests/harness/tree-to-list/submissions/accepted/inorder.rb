require 'set'

# @param {TreeNode} root
# @return {ListNode}
def inorder_list(root)
  stack = []
  seen = Set.new
  dummy = ListNode.new
  tail = dummy
  t = root
  until t.nil? && stack.empty?
    until t.nil?
      stack.push(t)
      t = t.left
    end
    t = stack.pop
    seen.add(t)
    tail = tail.next = ListNode.new(t.val)
    t = t.right
  end
  dummy.next
end
