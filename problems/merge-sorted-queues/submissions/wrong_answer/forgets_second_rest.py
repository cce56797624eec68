# Bug: after the loop only the rest of `first` is attached; whatever is
# left of `second` is lost (passes the samples, where `first` ends last).
def merge_queues(first, second):
    dummy = ListNode()
    tail = dummy
    while first and second:
        if first.val <= second.val:
            tail.next = first
            first = first.next
        else:
            tail.next = second
            second = second.next
        tail = tail.next
    tail.next = first
    return dummy.next
