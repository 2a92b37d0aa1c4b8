//! Where the text of a YAML form's answer stands in the file, stretch by stretch
//! (`Answer::parts`), so that evidence points at the learner's words: YAML reports a value's
//! place at its quote or block indicator, drops a block's indentation, reads escapes and joins
//! a plain or folded text's lines with a space. Read by [`value_parts`] from the value's
//! place against the file's lines; tested through the form reader (`yaml_form.rs`).

/// Where each line of a value that spans lines stands in the file, as `Answer::parts` (from
/// byte `base` of the answer's text on), when YAML kept the lines as written: a literal block
/// (`2: |`) drops only the block's indentation, so its text's line k is the block's line k,
/// after that indentation. The first line is looked for on the value's line and the next (a
/// block starts below its `|`); each later line must follow. Stops at the first line not
/// found as it is (a folded block or a plain scalar joins lines): the rest keeps the place of
/// the last line found, as before.
fn block_lines(file: &[&str], text: &str, line: u32, base: usize) -> Vec<(usize, u32, u32)> {
    let mut out = Vec::new();
    if !text.contains('\n') {
        return out;
    }
    // The file's line `l` (1-based) holds `piece` after spaces: its column.
    let column_of = |l: usize, piece: &str| -> Option<u32> {
        let s = file.get(l.checked_sub(1)?)?;
        let lead = s.strip_suffix(piece)?;
        lead.bytes()
            .all(|b| b == b' ')
            .then(|| lead.len() as u32 + 1)
    };
    let mut next = line as usize;
    let mut offset = 0;
    for (k, piece) in text.split('\n').enumerate() {
        let candidates = if k == 0 {
            next..next + 2
        } else {
            next..next + 1
        };
        let Some((l, col)) = candidates
            .filter_map(|l| column_of(l, piece).map(|c| (l, c)))
            .next()
        else {
            break;
        };
        if !piece.is_empty() {
            out.push((base + offset, l as u32, col));
        }
        offset += piece.len() + 1;
        next = l + 1;
    }
    out
}

/// Where each stretch of a value's `text` stands in the file, as `Answer::parts` (from byte
/// `base` of the answer's text on): a literal block's lines ([`block_lines`]), else what
/// [`scalar_parts`] finds from the value's place.
pub(super) fn value_parts(
    file: &[&str],
    text: &str,
    at: (u32, u32),
    base: usize,
) -> Vec<(usize, u32, u32)> {
    let block = block_lines(file, text, at.0, base);
    if !block.is_empty() {
        return block;
    }
    scalar_parts(file, text, at, base)
}

/// The places of a scalar's text, read against the file from the value's place (`at`, where
/// YAML reports it: at the opening quote of a quoted text, at `>` of a folded block): the text
/// starts after the quote (or on the block's first line), and a new stretch starts after each
/// escape (`\"`, `\u00e9`, `''`) and on each line a plain, quoted or folded text was joined
/// from (YAML joins lines with a space, and drops their indentation). The walk stops where the
/// text and the file part (a form YAML reads otherwise): the rest keeps the last place found,
/// as before. The first entry is the text's own start.
fn scalar_parts(
    file: &[&str],
    text: &str,
    (line, column): (u32, u32),
    base: usize,
) -> Vec<(usize, u32, u32)> {
    #[derive(PartialEq)]
    enum Style {
        Plain,
        Single,
        Double,
    }
    /// A line of the file being read: its text, the byte and (1-based) character column of
    /// the place reached, and where its text ends but for trailing spaces.
    struct At<'f> {
        src: &'f str,
        byte: usize,
        column: u32,
        end: usize,
    }
    impl<'f> At<'f> {
        /// `src` at its first character that is not a space; `None` for a blank line.
        fn text_of(src: &'f str) -> Option<At<'f>> {
            let byte = src.len() - src.trim_start().len();
            (byte < src.len()).then(|| At {
                src,
                byte,
                column: src[..byte].chars().count() as u32 + 1,
                end: src.trim_end().len(),
            })
        }
    }
    let mut l = line.saturating_sub(1) as usize;
    let Some(src) = file.get(l).copied() else {
        return Vec::new();
    };
    let Some((byte, _)) = src.char_indices().nth(column.saturating_sub(1) as usize) else {
        return Vec::new();
    };
    let mut at = At {
        src,
        byte,
        column,
        end: src.trim_end().len(),
    };
    let style = match src.as_bytes()[byte] {
        b'"' => Style::Double,
        b'\'' => Style::Single,
        // A folded block: its text starts on the next line that has any.
        b'>' => loop {
            l += 1;
            let Some(src) = file.get(l) else {
                return Vec::new();
            };
            if let Some(next) = At::text_of(src) {
                at = next;
                break Style::Plain;
            }
        },
        _ => Style::Plain,
    };
    if style != Style::Plain {
        at.byte += 1;
        at.column += 1;
    }
    let mut out = vec![(base, l as u32 + 1, at.column)];
    // Most answers are written on their line as they read: one stretch.
    if at.src[at.byte..].starts_with(text) {
        return out;
    }
    let mut text_chars = text.char_indices().peekable();
    while let Some((ti, c)) = text_chars.next() {
        let next = base + ti + c.len_utf8();
        // Past the line's text (YAML drops trailing spaces where it joins lines): a line
        // break the text was joined at, a space, or a `\n` for each blank line between.
        if (c == ' ' || c == '\n') && at.byte >= at.end {
            let mut blanks = usize::from(c == '\n');
            while text_chars.peek().is_some_and(|&(_, c)| c == '\n') {
                text_chars.next();
                blanks += 1;
            }
            // The text's own last line end (a block's): nothing after it to place.
            if text_chars.peek().is_none() {
                return out;
            }
            loop {
                l += 1;
                let Some(src) = file.get(l) else {
                    return out;
                };
                match At::text_of(src) {
                    Some(next) => {
                        at = next;
                        break;
                    }
                    None if blanks > 0 => blanks -= 1,
                    None => return out,
                }
            }
            let next = base + text_chars.peek().map_or(text.len(), |&(i, _)| i);
            out.push((next, l as u32 + 1, at.column));
            continue;
        }
        let rest = &at.src[at.byte..];
        // An escape (ASCII, as many characters as bytes) stands for one character.
        let skip = if style == Style::Double && rest.starts_with('\\') {
            match rest.as_bytes().get(1) {
                Some(b'x') => 4,
                Some(b'u') => 6,
                Some(b'U') => 10,
                Some(_) => 2,
                None => return out,
            }
        } else if style == Style::Single && c == '\'' && rest.starts_with("''") {
            2
        } else if rest.starts_with(c) {
            at.byte += c.len_utf8();
            at.column += 1;
            continue;
        } else {
            return out;
        };
        if !rest.is_char_boundary(skip.min(rest.len())) || skip > rest.len() {
            return out;
        }
        at.byte += skip;
        at.column += skip as u32;
        out.push((next, l as u32 + 1, at.column));
    }
    out
}
