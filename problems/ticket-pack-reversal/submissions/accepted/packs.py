def reverse_packs(head, k):
    dummy = ListNode(0, head)
    before = dummy
    while True:
        probe = before
        for _ in range(k):
            probe = probe.next
            if probe is None:
                return dummy.next  # a short final pack keeps its order
        after = probe.next
        first = before.next
        prev, cur = after, first
        for _ in range(k):
            cur.next, prev, cur = prev, cur, cur.next
        before.next = prev
        before = first
