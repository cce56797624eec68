# Correct but slow: performs the (k mod n) steps one at a time, each one
# walking to the end of the list: O(n * (k mod n)).
def rotate_lights(head, k):
    if head is None or head.next is None:
        return head
    n, node = 0, head
    while node is not None:
        n += 1
        node = node.next
    for _ in range(k % n):
        before = head
        while before.next.next is not None:
            before = before.next
        last = before.next
        before.next = None
        last.next = head
        head = last
    return head
