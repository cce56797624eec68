const sum = (a) => a.reduce((s, x) => s + x, 0);
const treeSum = (t) => (t ? t.val + treeSum(t.left) + treeSum(t.right) : 0);

/**
 * @return {number[]}
 */
function digest(count, big, ratio, flag, word, nums, longs, reals, bits, words, grid, longGrid, realGrid, bitGrid, wordGrid, head, root) {
    let list = 0;
    for (let p = head; p; p = p.next) list += p.val;
    const isPairbox = (w) => (w === "pairbox" ? 1 : 0);
    return [count, big, Math.floor(ratio), flag ? 1 : 0, isPairbox(word), sum(nums), sum(longs), Math.floor(sum(reals)),
        bits.filter((b) => b).length, sum(words.map(isPairbox)), sum(grid.map(sum)), sum(longGrid.map(sum)),
        Math.floor(sum(realGrid.flat())), bitGrid.flat().filter((b) => b).length, sum(wordGrid.flat().map(isPairbox)),
        list, treeSum(root)];
}
