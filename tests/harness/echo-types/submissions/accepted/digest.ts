function total(a: number[]): number {
    let s = 0;
    for (const x of a) s += x;
    return s;
}

function treeTotal(t: TreeNode | null): number {
    return t === null ? 0 : t.val + treeTotal(t.left) + treeTotal(t.right);
}

function digest(count: number, big: number, ratio: number, flag: boolean, word: string, nums: number[], longs: number[], reals: number[], bits: boolean[], words: string[], grid: number[][], longGrid: number[][], realGrid: number[][], bitGrid: boolean[][], wordGrid: string[][], head: ListNode | null, root: TreeNode | null): number[] {
    const pairbox = (w: string): number => (w === "pairbox" ? 1 : 0);
    const trues = (b: boolean[]): number => b.filter((x) => x).length;
    let list = 0;
    for (let p = head; p !== null; p = p.next) list += p.val;
    let realGridSum = 0;
    for (const row of realGrid) realGridSum += total(row);
    return [count, big, Math.floor(ratio), flag ? 1 : 0, pairbox(word), total(nums), total(longs), Math.floor(total(reals)),
        trues(bits), total(words.map(pairbox)), total(grid.map(total)), total(longGrid.map(total)), Math.floor(realGridSum),
        total(bitGrid.map(trues)), total(wordGrid.map((row) => total(row.map(pairbox)))), list, treeTotal(root)];
}
