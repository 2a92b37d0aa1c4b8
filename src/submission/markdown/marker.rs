//! Markers that point at the question a text answers: at the end of a line ("→ 37   ←
//! answer Q1", "36 instances <- Q2", "the pool is 30 (answer to 4)") or at the start of a
//! text ("→ Q4: the pool…", "(answer to 3) …", "Answer to Q3: …"). Offsets are byte
//! offsets into the text given; the placer decides what the marker covers.
//!
//! Accepted: an arrow (at a line's end one pointing back, `←`, `<-`, `<--`, `⟵`, `⇐`, `⬅`;
//! at a text's start one pointing on, `→`, `->`, `-->`, `=>`, `⇒`, `⟶`, `➜`, `➡`),
//! optionally followed by "answer" ("ans", "answer to", "answer for", "answers"), then a
//! question: "Q1", "Q 1", "Q7.1", "question 1", or a bare number after "answer". Or, in
//! parentheses or brackets, "answer" and a question ("(answer to 3)", "[ans Q3]"), or an
//! arrow and a question ("(← Q3)"). At a text's start, also "Answer to 3:" / "Answer for
//! Q3:". A marker at a line's end must end the line.
//!
//! Rejected: an arrow before a bare number ("→ 36", "← 3"): arrows also show results;
//! a question in parentheses with neither "answer" nor an arrow ("(Q1)", "(see Q1)": a
//! reference); a marker with text after it on its line ("← Q1 and more").

use crate::submission::markdown::cursor::reader_cursor;

reader_cursor!();

/// A marker found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Marker {
    /// For "Q7.1": the exercise number (7, counting from 1).
    pub exercise: Option<u32>,
    pub number: u32,
    /// Where the marker starts; for a leading marker, where the text after it starts.
    pub start: usize,
    pub end: usize,
}

const BACK: &[&str] = &["<--", "<-", "←", "⟵", "⇐", "⬅"];
const ON: &[&str] = &["-->", "->", "=>", "→", "⇒", "⟶", "➜", "➡"];

/// A marker at the end of `line` are looked for in its last this many bytes.
const TAIL: usize = 60;

/// The marker ending `line` (a line without its line end), if any.
pub(super) fn trailing_marker(line: &str) -> Option<Marker> {
    let end = line.trim_end().len();
    let mut from = end.saturating_sub(TAIL);
    while !line.is_char_boundary(from) {
        from += 1;
    }
    for (k, ch) in line[from..end].char_indices() {
        let at = from + k;
        if !(ch == '(' || ch == '[' || BACK.iter().any(|a| line[at..].starts_with(a))) {
            continue;
        }
        // A marker stands apart from the text before it.
        if at > 0 && !line[..at].ends_with(char::is_whitespace) {
            continue;
        }
        let mut c = Cursor::at(&line[..end], at);
        if let Some((exercise, number)) = c.marker(BACK) {
            c.skip_spaces();
            if c.i == end {
                return Some(Marker {
                    exercise,
                    number,
                    start: at,
                    end,
                });
            }
        }
    }
    None
}

/// The marker opening `text`, if any; `end` is where the text after it starts.
pub(super) fn leading_marker(text: &str) -> Option<Marker> {
    let mut c = Cursor::at(text, 0);
    c.skip_whitespace();
    let start = c.i;
    let (exercise, number) = c.marker(ON).or_else(|| {
        c.i = start;
        c.answer_to()
    })?;
    c.skip_spaces();
    let delimited = c.rest().starts_with([':', '.', ')', '-', '–', '—']);
    if delimited {
        c.i += c.peek().map_or(0, char::len_utf8);
    } else if !(c.rest().is_empty() || c.s[..c.i].ends_with(char::is_whitespace)) {
        return None;
    }
    c.skip_whitespace();
    Some(Marker {
        exercise,
        number,
        start,
        end: c.i,
    })
}

impl Cursor<'_> {
    /// An arrow from `arrows` then a question, or the same in parentheses or brackets, or
    /// "(answer to 3)".
    fn marker(&mut self, arrows: &[&str]) -> Option<(Option<u32>, u32)> {
        let close = if self.eat("(") {
            Some(')')
        } else if self.eat("[") {
            Some(']')
        } else {
            None
        };
        self.skip_spaces();
        let arrow = arrows.iter().any(|a| self.eat(a));
        if close.is_none() && !arrow {
            return None;
        }
        self.skip_spaces();
        let answer = self.answer_word();
        if !(arrow || answer) {
            return None;
        }
        let found = self.question(answer)?;
        if let Some(close) = close {
            self.skip_spaces();
            if self.peek() != Some(close) {
                return None;
            }
            self.i += 1;
        }
        Some(found)
    }

    /// "Answer to 3:", "Answer for Q3 -" (at a text's start, with a delimiter).
    fn answer_to(&mut self) -> Option<(Option<u32>, u32)> {
        if !(self.eat("answer") || self.eat("ans")) {
            return None;
        }
        self.eat(".");
        if !self.skip_spaces() || !(self.eat("to ") || self.eat("for ")) {
            return None;
        }
        self.skip_spaces();
        let found = self.question(true)?;
        self.skip_spaces();
        self.rest()
            .starts_with([':', '.', ')', '-', '–', '—'])
            .then_some(found)
    }

    /// "answer", "answers", "ans", "ans.", then optionally "to", "for" or "of", and the
    /// spaces after; whether there was one.
    fn answer_word(&mut self) -> bool {
        let save = self.i;
        let found = ["answers", "answer", "ans"]
            .into_iter()
            .any(|w| self.eat(w));
        if !found || self.peek().is_some_and(char::is_alphanumeric) {
            self.i = save;
            return false;
        }
        self.eat(".");
        self.skip_spaces();
        for link in ["to ", "for ", "of "] {
            if self.eat(link) {
                self.skip_spaces();
                break;
            }
        }
        true
    }

    /// "Q1", "Q 1", "Q.1", "Q7.1", "question 1", "#1", and a bare "1" when `bare`.
    fn question(&mut self, bare: bool) -> Option<(Option<u32>, u32)> {
        let keyword = ["question", "q"].into_iter().any(|k| self.eat(k));
        if keyword {
            self.eat(".");
            self.skip_spaces();
        }
        let hash = self.eat("#");
        if !(keyword || hash || bare) {
            return None;
        }
        let n = self.number_alone()?;
        let save = self.i;
        if self.eat(".") && self.peek().is_some_and(|c| c.is_ascii_digit()) {
            if let Some(q) = self.number_alone() {
                return Some((Some(n), q));
            }
        }
        self.i = save;
        Some((None, n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn tail(line: &str) -> Option<(u32, &str)> {
        trailing_marker(line).map(|m| (m.number, line[..m.start].trim_end()))
    }

    #[track_caller]
    fn lead(text: &str) -> Option<(u32, &str)> {
        leading_marker(text).map(|m| (m.number, &text[m.end..]))
    }

    #[test]
    fn markers_ending_a_line() {
        let cases = [
            (
                "+1 spare (AZ loss)      → 37   ← answer Q1",
                Some((1, "+1 spare (AZ loss)      → 37")),
            ),
            ("36 instances <- Q2", Some((2, "36 instances"))),
            ("36 instances <-- Q2  ", Some((2, "36 instances"))),
            ("the pool is 30 (answer to 4)", Some((4, "the pool is 30"))),
            ("the pool is 30 [ans Q4]", Some((4, "the pool is 30"))),
            ("min 12 (← Q3)", Some((3, "min 12"))),
            ("12 ← answer 2", Some((2, "12"))),
            ("12 ← question 2", Some((2, "12"))),
            ("12 ⇐ Q7.2", Some((2, "12"))),
            // Not markers.
            ("5000 / 140 = 35.7 → 36", None),
            ("rounded up ← 3", None),
            ("as in Q1 (Q1)", None),
            ("as before (see Q1)", None),
            ("12 ← Q2 and more", None),
            ("x<-Q2", None),
            ("12 ← Q200", None),
        ];
        for (line, want) in cases {
            assert_eq!(tail(line), want, "{line:?}");
        }
    }

    #[test]
    fn markers_opening_a_text() {
        let cases = [
            ("→ Q4: the pool is 30", Some((4, "the pool is 30"))),
            ("-> Q4 the pool is 30", Some((4, "the pool is 30"))),
            ("=> answer Q2: 12", Some((2, "12"))),
            ("(answer to 3) min 12", Some((3, "min 12"))),
            ("Answer to Q3: min 12", Some((3, "min 12"))),
            ("Answer for 3 - min 12", Some((3, "min 12"))),
            // Not markers.
            ("→ 36 instances", None),
            ("-> then retry", None),
            ("Answer to the question: x", None),
            ("Answer 3: x", None),
            ("(Q3) x", None),
        ];
        for (text, want) in cases {
            assert_eq!(lead(text), want, "{text:?}");
        }
    }
}
