# Bug: moves on after every unlink, so a run of three or more copies keeps
# a duplicate (the samples only have pairs).
def dedupe_playlist(head):
    cur = head
    while cur is not None and cur.next is not None:
        if cur.next.val == cur.val:
            cur.next = cur.next.next
        cur = cur.next
    return head
