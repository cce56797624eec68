def rotate_lights(head, k):
    if head is None:
        return None
    n, tail = 1, head
    while tail.next is not None:
        tail = tail.next
        n += 1
    r = k % n
    if r == 0:
        return head
    tail.next = head  # close the ring
    new_tail = head
    for _ in range(n - r - 1):
        new_tail = new_tail.next
    new_head = new_tail.next
    new_tail.next = None
    return new_head
