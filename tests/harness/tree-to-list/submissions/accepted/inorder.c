#include <assert.h>

/* In order with an explicit stack: the tree may be a long chain. */
struct ListNode* inorderList(struct TreeNode* root) {
    int cap = 64, n = 0;
    struct TreeNode **stack = malloc(cap * sizeof(*stack));
    struct ListNode head = { 0, NULL }, *tail = &head;
    struct TreeNode *t = root;
    while (t || n > 0) {
        for (; t; t = t->left) {
            if (n == cap)
                stack = realloc(stack, (cap *= 2) * sizeof(*stack));
            stack[n++] = t;
        }
        assert(n > 0);
        t = stack[--n];
        tail->next = malloc(sizeof(struct ListNode));
        tail = tail->next;
        tail->val = t->val;
        tail->next = NULL;
        t = t->right;
    }
    free(stack);
    return head.next;
}
