#[allow(unused_imports)] use std::rc::*; #[allow(unused_imports)] use std::cell::*; // runtime.rs - the Rust harness of function-style problems (docs/problems.md): the prelude (this line: globs, so the user's own `use std::rc::Rc` is no conflict), the user's code at the marker, then the runtime; harness_gen.c adds main.
// pairbox:user-code

#[allow(dead_code)]
#[derive(PartialEq, Eq, Clone, Debug)]
pub struct ListNode {
    pub val: i32,
    pub next: Option<Box<ListNode>>,
}

#[allow(dead_code)]
impl ListNode {
    #[inline]
    pub fn new(val: i32) -> Self {
        ListNode { next: None, val }
    }
}

#[allow(dead_code)]
#[derive(Debug, PartialEq, Eq)]
pub struct TreeNode {
    pub val: i32,
    pub left: Option<Rc<RefCell<TreeNode>>>,
    pub right: Option<Rc<RefCell<TreeNode>>>,
}

#[allow(dead_code)]
impl TreeNode {
    #[inline]
    pub fn new(val: i32) -> Self {
        TreeNode { val, left: None, right: None }
    }
}

// Input: all of stdin, one JSON value per parameter, read by the type the
// parameter is declared with (trait PbType); output: the result printed
// canonically on one line. Malformed input exits 2 with a message on stderr.
#[allow(dead_code)]
mod pb_rt {
    use super::{ListNode, TreeNode};
    use std::cell::RefCell;
    use std::collections::VecDeque;
    use std::io::{Read, Write};
    use std::rc::Rc;

    pub struct Runtime {
        input: Vec<u8>,
        pos: usize,
        n: usize,
        what: String,
        out: Vec<u8>,
    }

    pub trait PbType: Sized {
        fn name() -> String;
        fn get(rt: &mut Runtime) -> Self;
        fn put(&self, out: &mut Vec<u8>);
    }

    impl Runtime {
        pub fn new() -> Self {
            let mut input = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut input) {
                eprintln!("pairbox harness: reading the input: {}", e);
                std::process::exit(2);
            }
            Runtime { input, pos: 0, n: 0, what: String::new(), out: Vec::new() }
        }

        pub fn fail(&self, msg: &str) -> ! {
            eprintln!("pairbox harness: input value {} ({}): {}", self.n, self.what, msg);
            std::process::exit(2);
        }

        fn peek(&mut self) -> Option<u8> {
            while self.pos < self.input.len() && matches!(self.input[self.pos], b' ' | b'\t' | b'\n' | b'\r') {
                self.pos += 1;
            }
            self.input.get(self.pos).copied()
        }

        fn digit(&self, i: usize) -> bool {
            i < self.input.len() && self.input[i].is_ascii_digit()
        }

        // A JSON number's text, and whether it has neither fraction nor exponent.
        fn number(&mut self) -> (String, bool) {
            self.peek();
            let (mut i, mut integer) = (self.pos, true);
            if i < self.input.len() && self.input[i] == b'-' {
                i += 1;
            }
            if !self.digit(i) {
                self.fail("expected a number");
            }
            if self.input[i] == b'0' && self.digit(i + 1) {
                self.fail("a number does not start with 0");
            }
            while self.digit(i) {
                i += 1;
            }
            if i < self.input.len() && self.input[i] == b'.' {
                integer = false;
                i += 1;
                if !self.digit(i) {
                    self.fail("digits expected after '.'");
                }
                while self.digit(i) {
                    i += 1;
                }
            }
            if i < self.input.len() && (self.input[i] == b'e' || self.input[i] == b'E') {
                integer = false;
                i += 1;
                if i < self.input.len() && (self.input[i] == b'+' || self.input[i] == b'-') {
                    i += 1;
                }
                if !self.digit(i) {
                    self.fail("digits expected in the exponent");
                }
                while self.digit(i) {
                    i += 1;
                }
            }
            let tok = String::from_utf8_lossy(&self.input[self.pos..i]).into_owned();
            self.pos = i;
            (tok, integer)
        }

        fn integer(&mut self, lo: i64, hi: i64) -> i64 {
            let (tok, integer) = self.number();
            if !integer {
                self.fail(&format!("expected an integer, found {}", tok));
            }
            match tok.parse::<i64>() {
                Ok(v) if v >= lo && v <= hi => v,
                _ => self.fail(&format!("{} is out of range", tok)),
            }
        }

        fn real(&mut self) -> f64 {
            let (tok, _) = self.number();
            match tok.parse::<f64>() {
                Ok(v) if v.is_finite() => v,
                _ => self.fail(&format!("{} is out of range", tok)),
            }
        }

        fn word(&mut self, w: &str) -> bool {
            if self.peek().is_none() || !self.input[self.pos..].starts_with(w.as_bytes()) {
                return false;
            }
            self.pos += w.len();
            true
        }

        fn hex4(&mut self) -> u32 {
            let h = self.input.get(self.pos..self.pos + 4).and_then(|b| std::str::from_utf8(b).ok());
            match h.and_then(|h| if h.bytes().all(|c| c.is_ascii_hexdigit()) { u32::from_str_radix(h, 16).ok() } else { None }) {
                Some(v) => {
                    self.pos += 4;
                    v
                }
                None => self.fail("\\u needs four hex digits"),
            }
        }

        fn string(&mut self) -> String {
            if self.peek() != Some(b'"') {
                self.fail("expected a string");
            }
            self.pos += 1;
            let mut s: Vec<u8> = Vec::new();
            loop {
                let c = match self.input.get(self.pos) {
                    Some(&c) => c,
                    None => self.fail("unterminated string"),
                };
                self.pos += 1;
                match c {
                    b'"' => break,
                    0..=0x1f => self.fail("control character in a string (escape it)"),
                    b'\\' => {}
                    _ => {
                        s.push(c);
                        continue;
                    }
                }
                let e = self.input.get(self.pos).copied().unwrap_or(0);
                self.pos += 1;
                match e {
                    b'"' | b'\\' | b'/' => s.push(e),
                    b'b' => s.push(8),
                    b'f' => s.push(12),
                    b'n' => s.push(b'\n'),
                    b'r' => s.push(b'\r'),
                    b't' => s.push(b'\t'),
                    b'u' => {
                        let mut cp = self.hex4();
                        if (0xdc00..=0xdfff).contains(&cp) {
                            self.fail("lone low surrogate");
                        }
                        if (0xd800..=0xdbff).contains(&cp) {
                            if !self.input[self.pos..].starts_with(b"\\u") {
                                self.fail("lone high surrogate");
                            }
                            self.pos += 2;
                            let lo = self.hex4();
                            if !(0xdc00..=0xdfff).contains(&lo) {
                                self.fail("lone high surrogate");
                            }
                            cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                        }
                        if cp == 0 {
                            self.fail("\\u0000 is not allowed in a string");
                        }
                        let ch = char::from_u32(cp).unwrap_or('\u{fffd}');
                        let mut b = [0u8; 4];
                        s.extend_from_slice(ch.encode_utf8(&mut b).as_bytes());
                    }
                    _ => self.fail("unknown escape in a string"),
                }
            }
            match String::from_utf8(s) {
                Ok(s) => s,
                Err(_) => self.fail("a string is not UTF-8"),
            }
        }

        // The elements of a JSON array, each read by elem.
        fn seq<T>(&mut self, mut elem: impl FnMut(&mut Runtime) -> T) -> Vec<T> {
            let mut items = Vec::new();
            if self.peek() != Some(b'[') {
                self.fail("expected an array");
            }
            self.pos += 1;
            if self.peek() == Some(b']') {
                self.pos += 1;
                return items;
            }
            loop {
                items.push(elem(self));
                let c = self.peek();
                self.pos += 1;
                match c {
                    Some(b']') => return items,
                    Some(b',') => {}
                    _ => self.fail("expected ',' or ']' in an array"),
                }
            }
        }

        pub fn read<T: PbType>(&mut self) -> T {
            self.n += 1;
            self.what = T::name();
            if self.peek().is_none() {
                self.fail("missing");
            }
            T::get(self)
        }

        pub fn end(&mut self) {
            if self.peek().is_some() {
                eprintln!("pairbox harness: extra input after the last parameter (value {})", self.n);
                std::process::exit(2);
            }
        }

        pub fn write<T: PbType>(&mut self, v: &T) {
            v.put(&mut self.out);
            self.out.push(b'\n');
        }

        // Exits at once: dropping a long list recursively could overflow the stack.
        pub fn finish(&mut self) -> ! {
            let mut so = std::io::stdout();
            if so.write_all(&self.out).and_then(|_| so.flush()).is_err() {
                std::process::exit(1);
            }
            std::process::exit(0);
        }
    }

    impl PbType for i32 {
        fn name() -> String {
            "int".into()
        }
        fn get(rt: &mut Runtime) -> Self {
            rt.integer(i32::MIN as i64, i32::MAX as i64) as i32
        }
        fn put(&self, out: &mut Vec<u8>) {
            out.extend_from_slice(self.to_string().as_bytes());
        }
    }

    impl PbType for i64 {
        fn name() -> String {
            "int64".into()
        }
        fn get(rt: &mut Runtime) -> Self {
            rt.integer(i64::MIN, i64::MAX)
        }
        fn put(&self, out: &mut Vec<u8>) {
            out.extend_from_slice(self.to_string().as_bytes());
        }
    }

    impl PbType for f64 {
        fn name() -> String {
            "float64".into()
        }
        fn get(rt: &mut Runtime) -> Self {
            rt.real()
        }
        fn put(&self, out: &mut Vec<u8>) {
            let s = format!("{:.6}", self);
            out.extend_from_slice(if s == "-0.000000" { "0.000000" } else { &s }.as_bytes());
        }
    }

    impl PbType for bool {
        fn name() -> String {
            "bool".into()
        }
        fn get(rt: &mut Runtime) -> Self {
            if rt.word("true") {
                true
            } else if rt.word("false") {
                false
            } else {
                rt.fail("expected true or false")
            }
        }
        fn put(&self, out: &mut Vec<u8>) {
            out.extend_from_slice(if *self { b"true" as &[u8] } else { b"false" });
        }
    }

    impl PbType for String {
        fn name() -> String {
            "string".into()
        }
        fn get(rt: &mut Runtime) -> Self {
            rt.string()
        }
        fn put(&self, out: &mut Vec<u8>) {
            out.push(b'"');
            for &c in self.as_bytes() {
                match c {
                    b'"' | b'\\' => out.extend_from_slice(&[b'\\', c]),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    b'\t' => out.extend_from_slice(b"\\t"),
                    0..=0x1f => out.extend_from_slice(format!("\\u{:04x}", c).as_bytes()),
                    _ => out.push(c),
                }
            }
            out.push(b'"');
        }
    }

    impl<T: PbType> PbType for Vec<T> {
        fn name() -> String {
            T::name() + "[]"
        }
        fn get(rt: &mut Runtime) -> Self {
            rt.seq(|rt| T::get(rt))
        }
        fn put(&self, out: &mut Vec<u8>) {
            out.push(b'[');
            for (i, x) in self.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                x.put(out);
            }
            out.push(b']');
        }
    }

    impl PbType for Option<Box<ListNode>> {
        fn name() -> String {
            "ListNode".into()
        }
        fn get(rt: &mut Runtime) -> Self {
            let v: Vec<i32> = rt.seq(|rt| i32::get(rt));
            let mut head = None;
            for &x in v.iter().rev() {
                head = Some(Box::new(ListNode { val: x, next: head }));
            }
            head
        }
        fn put(&self, out: &mut Vec<u8>) {
            out.push(b'[');
            let mut p = self.as_ref();
            let mut first = true;
            while let Some(node) = p {
                if !first {
                    out.push(b',');
                }
                first = false;
                node.val.put(out);
                p = node.next.as_ref();
            }
            out.push(b']');
        }
    }

    type Tree = Option<Rc<RefCell<TreeNode>>>;

    fn new_tree(val: i32) -> Rc<RefCell<TreeNode>> {
        Rc::new(RefCell::new(TreeNode { val, left: None, right: None }))
    }

    impl PbType for Tree {
        fn name() -> String {
            "TreeNode".into()
        }
        // Level order, LeetCode's way: the values after the root are the
        // children, left then right, of each non-null node in turn.
        fn get(rt: &mut Runtime) -> Self {
            let v: Vec<Option<i32>> = rt.seq(|rt| if rt.word("null") { None } else { Some(i32::get(rt)) });
            if v.is_empty() {
                return None;
            }
            let root = match v[0] {
                Some(x) => new_tree(x),
                None => rt.fail("a tree's root is not null (the empty tree is [])"),
            };
            let mut q = VecDeque::new();
            q.push_back(root.clone());
            let mut i = 1;
            while i < v.len() {
                let p = match q.pop_front() {
                    Some(p) => p,
                    None => rt.fail(&format!("tree value {} has no parent", i + 1)),
                };
                if let Some(x) = v[i] {
                    let t = new_tree(x);
                    p.borrow_mut().left = Some(t.clone());
                    q.push_back(t);
                }
                i += 1;
                if i < v.len() {
                    if let Some(x) = v[i] {
                        let t = new_tree(x);
                        p.borrow_mut().right = Some(t.clone());
                        q.push_back(t);
                    }
                }
                i += 1;
            }
            Some(root)
        }
        // Level order with null for each missing child of a node, trailing
        // nulls left out.
        fn put(&self, out: &mut Vec<u8>) {
            let mut q: Vec<Tree> = Vec::new();
            if self.is_some() {
                q.push(self.clone());
            }
            let mut head = 0;
            while head < q.len() {
                if let Some(t) = q[head].clone() {
                    let t = t.borrow();
                    q.push(t.left.clone());
                    q.push(t.right.clone());
                }
                head += 1;
            }
            while matches!(q.last(), Some(None)) {
                q.pop();
            }
            out.push(b'[');
            for (i, t) in q.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                match t {
                    Some(t) => t.borrow().val.put(out),
                    None => out.extend_from_slice(b"null"),
                }
            }
            out.push(b']');
        }
    }
}
