use std::cell::RefCell;
use std::rc::Rc;

fn tree_sum(t: &Option<Rc<RefCell<TreeNode>>>) -> i64 {
    match t {
        Some(n) => {
            let n = n.borrow();
            n.val as i64 + tree_sum(&n.left) + tree_sum(&n.right)
        }
        None => 0,
    }
}

fn digest(count: i32, big: i64, ratio: f64, flag: bool, word: String, nums: Vec<i32>, longs: Vec<i64>, reals: Vec<f64>, bits: Vec<bool>, words: Vec<String>, grid: Vec<Vec<i32>>, long_grid: Vec<Vec<i64>>, real_grid: Vec<Vec<f64>>, bit_grid: Vec<Vec<bool>>, word_grid: Vec<Vec<String>>, head: Option<Box<ListNode>>, root: Option<Rc<RefCell<TreeNode>>>) -> Vec<i64> {
    let pairbox = |w: &String| (w == "pairbox") as i64;
    let mut list = 0i64;
    let mut p = &head;
    while let Some(n) = p {
        list += n.val as i64;
        p = &n.next;
    }
    vec![
        count as i64,
        big,
        ratio.floor() as i64,
        flag as i64,
        pairbox(&word),
        nums.iter().map(|&x| x as i64).sum(),
        longs.iter().sum(),
        reals.iter().sum::<f64>().floor() as i64,
        bits.iter().filter(|&&b| b).count() as i64,
        words.iter().map(pairbox).sum(),
        grid.iter().flatten().map(|&x| x as i64).sum(),
        long_grid.iter().flatten().sum(),
        real_grid.iter().flatten().sum::<f64>().floor() as i64,
        bit_grid.iter().flatten().filter(|&&b| b).count() as i64,
        word_grid.iter().flatten().map(pairbox).sum(),
        list,
        tree_sum(&root),
    ]
}
