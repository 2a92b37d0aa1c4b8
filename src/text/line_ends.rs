//! Line ends as the readers count them: `\n`, `\r\n` and a lone `\r` each end one line (the
//! Markdown parser reads a file of old Mac line ends as lines, so every place reported in one
//! must count them too).

/// How many lines end in `bytes`, and the offset where the last line starts (after the last
/// line end; `None` when there is none).
pub fn count(bytes: &[u8]) -> (usize, Option<usize>) {
    if memchr::memchr(b'\r', bytes).is_none() {
        // The usual text: `memchr` looks at many bytes at a time.
        let last = memchr::memrchr(b'\n', bytes).map(|nl| nl + 1);
        let n = match last {
            Some(_) => memchr::memchr_iter(b'\n', bytes).count(),
            None => 0,
        };
        return (n, last);
    }
    let mut n = 0;
    let mut last = None;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            n += 1;
            last = Some(i + 1);
        }
    }
    (n, last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_line_end_ends_one_line() {
        assert_eq!(count(b"one line"), (0, None));
        assert_eq!(count(b"a\nb\nc"), (2, Some(4)));
        assert_eq!(count(b"a\r\nb\r\nc"), (2, Some(6)));
        assert_eq!(count(b"a\rb\rc"), (2, Some(4)));
        assert_eq!(count(b"a\r\nb\rc\n"), (3, Some(7)));
        // A `\r` at the very end ends its line too (its `\n` may follow in the next piece).
        assert_eq!(count(b"a\r"), (1, Some(2)));
    }
}
