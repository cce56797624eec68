import java.util.Arrays;

class Solution {
    private long treeSum(TreeNode t) {
        return t == null ? 0 : t.val + treeSum(t.left) + treeSum(t.right);
    }

    public long[] digest(int count, long big, double ratio, boolean flag, String word, int[] nums, long[] longs, double[] reals, boolean[] bits, String[] words, int[][] grid, long[][] longGrid, double[][] realGrid, boolean[][] bitGrid, String[][] wordGrid, ListNode head, TreeNode root) {
        long[] r = new long[17];
        r[0] = count;
        r[1] = big;
        r[2] = (long) Math.floor(ratio);
        r[3] = flag ? 1 : 0;
        r[4] = word.equals("pairbox") ? 1 : 0;
        r[5] = Arrays.stream(nums).asLongStream().sum();
        r[6] = Arrays.stream(longs).sum();
        r[7] = (long) Math.floor(Arrays.stream(reals).sum());
        for (boolean b : bits) r[8] += b ? 1 : 0;
        for (String w : words) r[9] += w.equals("pairbox") ? 1 : 0;
        for (int[] row : grid) for (int x : row) r[10] += x;
        for (long[] row : longGrid) for (long x : row) r[11] += x;
        double s = 0;
        for (double[] row : realGrid) for (double x : row) s += x;
        r[12] = (long) Math.floor(s);
        for (boolean[] row : bitGrid) for (boolean b : row) r[13] += b ? 1 : 0;
        for (String[] row : wordGrid) for (String w : row) r[14] += w.equals("pairbox") ? 1 : 0;
        for (ListNode p = head; p != null; p = p.next) r[15] += p.val;
        r[16] = treeSum(root);
        return r;
    }
}
