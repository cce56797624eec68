use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

fn inorder_list(root: Option<Rc<RefCell<TreeNode>>>) -> Option<Box<ListNode>> {
    let mut stack = VecDeque::new();
    let mut values = Vec::new();
    let mut t = root;
    while t.is_some() || !stack.is_empty() {
        while let Some(n) = t {
            t = n.borrow().left.clone();
            stack.push_back(n);
        }
        let n = stack.pop_back().unwrap();
        values.push(n.borrow().val);
        t = n.borrow().right.clone();
    }
    let mut head = None;
    for &v in values.iter().rev() {
        let mut node = Box::new(ListNode::new(v));
        node.next = head;
        head = Some(node);
    }
    head
}
