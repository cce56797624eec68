# Unlink each node equal to the one before it; stay put after an unlink,
# since the next node may repeat the value again.
def dedupe_playlist(head)
  cur = head
  while cur && cur.next
    if cur.next.val == cur.val
      cur.next = cur.next.next
    else
      cur = cur.next
    end
  end
  head
end
