//! Parenthesised remarks, which a prompt's options and a heading's asides are written in.

/// `text` without its parenthesised remarks ("Audit (app: Netflix)" → "Audit "), nested
/// ones included; an unclosed "(" drops the rest. Each remark becomes one space.
pub fn strip_parens(text: &str) -> String {
    if memchr::memchr(b'(', text.as_bytes()).is_none() {
        // No remark: every character is kept (a `)` alone is kept too).
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => {
                if depth == 0 {
                    out.push(' ');
                }
                depth += 1;
            }
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parenthesised_remarks_are_dropped() {
        assert_eq!(strip_parens("audit (app: netflix)"), "audit  ");
        assert_eq!(strip_parens("a (b (c) d) e"), "a   e");
        assert_eq!(strip_parens("a (unclosed"), "a  ");
        // Without a `(` the text is kept as it is, a lone `)` included.
        assert_eq!(strip_parens("audit) – é"), "audit) – é");
        assert_eq!(strip_parens(""), "");
        assert_eq!(strip_parens("a) b"), "a) b");
    }
}
