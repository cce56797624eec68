// Breadth-first, one terrace (level) at a time; sums in long.
class Solution {
    public double[] levelAverages(TreeNode root) {
        List<Double> out = new ArrayList<>();
        ArrayDeque<TreeNode> queue = new ArrayDeque<>();
        if (root != null)
            queue.add(root);
        while (!queue.isEmpty()) {
            int count = queue.size();
            long total = 0;
            for (int i = 0; i < count; i++) {
                TreeNode node = queue.poll();
                total += node.val;
                if (node.left != null)
                    queue.add(node.left);
                if (node.right != null)
                    queue.add(node.right);
            }
            out.add((double) total / count);
        }
        double[] result = new double[out.size()];
        for (int i = 0; i < result.length; i++)
            result[i] = out.get(i);
        return result;
    }
}
