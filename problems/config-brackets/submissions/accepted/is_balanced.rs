// A stack of the openers seen; every closer must match the latest one.
fn is_balanced(line: String) -> bool {
    let mut stack: Vec<char> = Vec::new();
    for ch in line.chars() {
        let opener = match ch {
            '(' | '[' | '{' | '<' => {
                stack.push(ch);
                continue;
            }
            ')' => '(',
            ']' => '[',
            '}' => '{',
            '>' => '<',
            _ => continue,
        };
        if stack.pop() != Some(opener) {
            return false;
        }
    }
    stack.is_empty()
}
