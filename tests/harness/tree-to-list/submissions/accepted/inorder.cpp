#include <stack>

class Solution {
public:
    ListNode* inorderList(TreeNode* root) {
        std::stack<TreeNode*> s;
        ListNode dummy;
        ListNode* tail = &dummy;
        for (TreeNode* t = root; t || !s.empty();) {
            for (; t; t = t->left)
                s.push(t);
            t = s.top();
            s.pop();
            tail = tail->next = new ListNode(t->val);
            t = t->right;
        }
        return dummy.next;
    }
};
