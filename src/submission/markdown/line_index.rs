//! Byte offset → 1-based line and column (in characters), with `\n`, `\r\n` and a lone
//! `\r` all ending a line. Built once per file; each look-up is a binary search plus a
//! count of the characters before the offset on its line.

/// The start offsets of the lines of one text.
#[derive(Debug)]
pub(super) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(super) fn new(src: &str) -> Self {
        let mut starts = vec![0];
        let bytes = src.as_bytes();
        if memchr::memchr(b'\r', bytes).is_none() {
            // The usual file: `memchr` looks for a byte many at a time, not byte by byte.
            starts.extend(memchr::memchr_iter(b'\n', bytes).map(|k| k + 1));
            return LineIndex { starts };
        }
        for (i, &b) in bytes.iter().enumerate() {
            let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    /// The 1-based line of `offset`.
    pub(super) fn line(&self, offset: usize) -> u32 {
        let line = self.starts.partition_point(|&s| s <= offset);
        u32::try_from(line).unwrap_or(u32::MAX)
    }

    /// The 1-based line and column (in characters; a byte order mark is not counted).
    pub(super) fn position(&self, src: &str, offset: usize) -> (u32, u32) {
        let line = self.line(offset);
        let start = self.starts[line as usize - 1];
        let before = &src[start..offset];
        let chars = before
            .chars()
            .filter(|&c| !(start == 0 && c == '\u{FEFF}'))
            .count();
        (line, u32::try_from(chars + 1).unwrap_or(u32::MAX))
    }
}

/// The offset of the first line ending (`\n` or `\r`) in `text`, if any.
///
/// `str::find(['\n', '\r'])` decodes and compares every character, and the reader asks this
/// of every line it looks at (named labels line by line, prompt copies, cells): it was some
/// 0.1 M instructions per submission. Both endings are ASCII bytes, which never occur inside
/// another character's UTF-8 encoding, so `memchr2` over the bytes (many at a time) finds the
/// same offset, and it is always a char boundary.
#[inline]
pub(super) fn line_end(text: &str) -> Option<usize> {
    memchr::memchr2(b'\n', b'\r', text.as_bytes())
}

/// The lines of `text` with their `\n`, as `str::split_inclusive('\n')` gives them (no
/// empty piece after a final `\n`), found with `memchr` (see [`line_end`]).
pub(super) fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let mut from = 0;
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes());
    std::iter::from_fn(move || {
        let end = ends.next().map_or(text.len(), |k| k + 1);
        if from == end {
            return None;
        }
        let line = &text[from..end];
        from = end;
        Some(line)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_inclusive_agrees_with_split_inclusive() {
        let texts = [
            "",
            "a",
            "\n",
            "\n\n",
            "a\n",
            "a\nb",
            "a\n\nb\n",
            "é\r\n€\n",
            "no newline at all é",
        ];
        for t in texts {
            let got: Vec<&str> = lines_inclusive(t).collect();
            let want: Vec<&str> = t.split_inclusive('\n').collect();
            assert_eq!(got, want, "{t:?}");
        }
    }

    #[test]
    fn line_end_agrees_with_find() {
        let texts = [
            "",
            "abc",
            "a\nb",
            "a\rb",
            "a\r\nb",
            "\n",
            "\r",
            "é€\nx",
            "é€x\r",
            "no ending but long enough to take more than one word at a time: ééééééééééé",
            "a long first line before its ending, longer than thirty-two bytes\r\nsecond",
        ];
        for t in texts {
            assert_eq!(line_end(t), t.find(['\n', '\r']), "{t:?}");
        }
    }

    #[test]
    fn positions_for_every_line_ending() {
        let cases = [
            ("ab\ncd", 4, (2, 2)),
            ("ab\r\ncd", 5, (2, 2)),
            ("ab\rcd", 4, (2, 2)),
            ("ab\r\rcd", 4, (3, 1)),
            ("é€x", 5, (1, 3)),
            ("\u{FEFF}x", 3, (1, 1)),
            ("", 0, (1, 1)),
            ("a\n", 2, (2, 1)),
            ("a\n\nb\nc", 5, (4, 1)),
            ("a\n\nb\r\nc", 6, (4, 1)),
        ];
        for (src, offset, want) in cases {
            let index = LineIndex::new(src);
            assert_eq!(index.position(src, offset), want, "{src:?} @ {offset}");
        }
    }
}
