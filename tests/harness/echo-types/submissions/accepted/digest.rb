def tree_sum(t)
  t.nil? ? 0 : t.val + tree_sum(t.left) + tree_sum(t.right)
end

def digest(count, big, ratio, flag, word, nums, longs, reals, bits, words, grid, long_grid, real_grid, bit_grid, word_grid, head, root)
  list = 0
  until head.nil?
    list += head.val
    head = head.next
  end
  [count, big, ratio.floor, flag ? 1 : 0, word == 'pairbox' ? 1 : 0, nums.sum, longs.sum, reals.sum.floor,
   bits.count(true), words.count('pairbox'), grid.flatten.sum, long_grid.flatten.sum, real_grid.flatten.sum.floor,
   bit_grid.flatten.count(true), word_grid.flatten.count('pairbox'), list, tree_sum(root)]
end
