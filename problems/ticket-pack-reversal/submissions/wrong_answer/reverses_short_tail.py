# Bug: reverses the final pack even when it has fewer than k tickets
# (invisible when k divides the length, as in the samples).
def reverse_packs(head, k):
    dummy = ListNode(0, head)
    before = dummy
    while before.next:
        first = before.next
        prev, cur, count = None, first, 0
        while cur and count < k:
            nxt = cur.next
            cur.next = prev
            prev, cur = cur, nxt
            count += 1
        before.next = prev
        first.next = cur
        before = first
    return dummy.next
