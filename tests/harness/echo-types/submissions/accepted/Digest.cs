using System;
using System.Linq;

public class Solution {
    private long TreeSum(TreeNode t) {
        return t == null ? 0 : t.val + TreeSum(t.left) + TreeSum(t.right);
    }

    public long[] Digest(int count, long big, double ratio, bool flag, string word, int[] nums, long[] longs, double[] reals, bool[] bits, string[] words, int[][] grid, long[][] longGrid, double[][] realGrid, bool[][] bitGrid, string[][] wordGrid, ListNode head, TreeNode root) {
        long list = 0;
        for (var p = head; p != null; p = p.next)
            list += p.val;
        return new long[] {
            count, big, (long) Math.Floor(ratio), flag ? 1 : 0, word == "pairbox" ? 1 : 0,
            nums.Select(x => (long) x).Sum(), longs.Sum(), (long) Math.Floor(reals.Sum()), bits.Count(b => b),
            words.Count(w => w == "pairbox"), grid.SelectMany(r => r).Select(x => (long) x).Sum(),
            longGrid.SelectMany(r => r).Sum(), (long) Math.Floor(realGrid.SelectMany(r => r).Sum()),
            bitGrid.SelectMany(r => r).Count(b => b), wordGrid.SelectMany(r => r).Count(w => w == "pairbox"),
            list, TreeSum(root)
        };
    }
}
