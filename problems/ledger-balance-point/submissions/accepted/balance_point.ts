// One pass with the running sum on the left; the right is total - left - x.
function balancePoint(entries: number[]): number {
    const total = entries.reduce((a, b) => a + b, 0);
    let left = 0;
    for (let i = 0; i < entries.length; i++) {
        if (left === total - left - entries[i]) return i;
        left += entries[i];
    }
    return -1;
}
