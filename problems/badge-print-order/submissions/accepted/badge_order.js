// Shorter names first, then alphabetical ignoring case, then the exact
// spelling (uppercase before lowercase) so the order is total.
function badgeOrder(names) {
    const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
    return names.slice().sort((a, b) =>
        a.length - b.length || cmp(a.toLowerCase(), b.toLowerCase()) || cmp(a, b));
}
