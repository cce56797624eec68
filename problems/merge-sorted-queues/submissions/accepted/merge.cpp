// Splice the two queues together, always taking the smaller head; on a tie
// the first queue's ticket goes first.
class Solution {
public:
    ListNode* mergeQueues(ListNode* first, ListNode* second) {
        ListNode dummy;
        ListNode* tail = &dummy;
        while (first && second) {
            if (first->val <= second->val) {
                tail->next = first;
                first = first->next;
            } else {
                tail->next = second;
                second = second->next;
            }
            tail = tail->next;
        }
        tail->next = first ? first : second;
        return dummy.next;
    }
};
