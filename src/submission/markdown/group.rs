//! Labels that name several questions at once, for one text that answers them together:
//! "1–3:", "Q1-3.", "Q1–Q3:", "1 & 2:", "Q1/Q2:", "1, 2 and 3 together:", "(1-3)",
//! "**1–3 (answering these together because they run into each other)**". Offsets are
//! byte offsets into the text given; the placer decides whether the numbers are questions.
//!
//! Accepted, at the start of a text (inside emphasis or parentheses or not): an optional
//! "For" ("For 2 and 3: …", a cue in prose, then with a colon and no remark; when it is one
//! is the placer's to say, see `placer/groups.rs` `group_fits`), an optional
//! "Q", "Qs" or "Questions", then either a range (two numbers joined by `-`, `–`, `—` or
//! "to", the second greater, at most ten questions) or a list (numbers joined by `,`, `&`,
//! "and", `+`, and `/` after a "Q"; increasing), each number optionally with its own "Q";
//! then optionally "together", "combined", "both" or a parenthesised remark; then a
//! delimiter (`:`, `.`, `)`, a spaced dash) or the end of the line; parentheses or
//! emphasis around the label are a delimiter in themselves ("(1-3) …", "**Q1-3** …").
//!
//! Rejected: numbers followed by anything else ("1-3 seconds is normal", "1 & 2 are both
//! wrong", "3-4 instances: enough"), a bare "1/2" (a fraction), numbers above 99
//! ("2024-2025:"), and numbers that do not go up.

use crate::submission::markdown::cursor::reader_cursor;
use crate::submission::markdown::line_index::line_end;

reader_cursor!();

/// A label naming several questions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Group {
    /// At least two, increasing.
    pub numbers: Vec<u32>,
    /// Written with "Q" or "Questions".
    pub explicit: bool,
    /// Led by "For" ("For 2 and 3:"), a cue in prose rather than a label.
    pub cue: bool,
    /// Where the label starts, and where the text after it starts.
    pub start: usize,
    pub end: usize,
}

/// At most this many questions in a range ("1-30:" is no range of questions).
const MAX_RANGE: u32 = 10;

/// The group label at the start of `text`, if any.
pub(super) fn group_at_start(text: &str) -> Option<Group> {
    group_with_code(text, "")
}

/// The rest of a group label after an exercise code ("A2 & A3:" read after "A", see
/// `named.rs`): `text` starts at the first number, and each later number may carry the
/// `code` (ASCII letters, any case) as it may carry a "Q".
pub(super) fn group_after_code(text: &str, code: &str) -> Option<Group> {
    group_with_code(text, code).filter(|g| g.start == 0)
}

fn group_with_code(text: &str, code: &str) -> Option<Group> {
    let mut c = Cursor::at(text, 0);
    c.skip_blank(true);
    let start = c.i;
    let emphasis = c.open_emphasis();
    let paren = c.eat("(");
    // "For 2 and 3:": the cue of a learner who answers two questions in one paragraph.
    let at = c.i;
    let cue = c.eat("for") && c.skip_blank(false);
    if !cue {
        c.i = at;
    }
    let explicit = c.keyword("");
    let first = c.number_alone()?;
    let numbers = c
        .range(first, code)
        .or_else(|| c.list(first, explicit, code))?;
    if cue {
        // In prose a parenthesised remark is content ("For 2 and 3 (Redis, in-process):
        // …"), and the cue ends with a colon.
        c.skip_blank(false);
        if !c.rest().starts_with(':') {
            return None;
        }
    }
    c.remark();
    if paren && !c.eat(")") {
        return None;
    }
    if let Some(d) = emphasis {
        c.skip_blank(false);
        if c.rest().starts_with([':', '.', ')']) {
            c.i += 1;
        }
        if !c.eat(d) {
            return None;
        }
    }
    // Parentheses or emphasis around the label delimit it.
    if !c.delimiter() {
        if !(paren || emphasis.is_some()) {
            return None;
        }
        c.skip_blank(true);
    }
    Some(Group {
        numbers,
        explicit,
        cue,
        start,
        end: c.i,
    })
}

impl Cursor<'_> {
    /// "Questions", "Qs", "Q", "Q." (or the exercise `code`, when not empty) before a
    /// number; whether there was one.
    fn keyword(&mut self, code: &str) -> bool {
        let save = self.i;
        for k in ["questions", "question", "qs", "q", code] {
            if k.is_empty() {
                continue;
            }
            if self.eat(k) {
                self.eat(".");
                self.skip_blank(false);
                if self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    return true;
                }
                self.i = save;
            }
        }
        false
    }

    /// "–3", " to Q3": the rest of a range from `first`.
    fn range(&mut self, first: u32, code: &str) -> Option<Vec<u32>> {
        let save = self.i;
        self.skip_blank(false);
        let joined = ["-", "–", "—"].into_iter().any(|d| self.eat(d)) || {
            let spaced = self.s[..self.i].ends_with(' ');
            spaced && self.eat("to ")
        };
        if joined {
            self.skip_blank(false);
            self.keyword(code);
            if let Some(last) = self.number_alone() {
                if last > first && last - first < MAX_RANGE {
                    return Some((first..=last).collect());
                }
            }
        }
        self.i = save;
        None
    }

    /// ", 2 and 3", " & Q2", "/Q2": the rest of a list from `first`; `/` only after a "Q".
    fn list(&mut self, first: u32, keyword: bool, code: &str) -> Option<Vec<u32>> {
        let mut numbers = vec![first];
        loop {
            let save = self.i;
            let mut joined = false;
            loop {
                self.skip_blank(false);
                let before = self.i;
                let spaced = self.s[..self.i].ends_with(' ');
                if self.eat(",") || self.eat("&") || self.eat("+") || (keyword && self.eat("/")) {
                    joined = true;
                } else if spaced && self.eat("and ") {
                    joined = true;
                    self.i -= 1;
                }
                if self.i == before {
                    break;
                }
            }
            self.skip_blank(false);
            self.keyword(code);
            let next = if joined { self.number_alone() } else { None };
            match next {
                Some(n) if n > *numbers.last()? => numbers.push(n),
                _ => {
                    self.i = save;
                    break;
                }
            }
        }
        (numbers.len() >= 2).then_some(numbers)
    }

    /// " together", " combined", " both", " (answering these together …)".
    fn remark(&mut self) {
        let save = self.i;
        self.skip_blank(false);
        for word in ["together", "combined", "both"] {
            let at = self.i;
            if self.eat(word) && !self.peek().is_some_and(char::is_alphanumeric) {
                self.skip_blank(false);
                break;
            }
            self.i = at;
        }
        if self.eat("(") {
            let line = line_end(self.rest()).unwrap_or(self.rest().len());
            match self.rest()[..line].find(')') {
                Some(at) => self.i += at + 1,
                None => self.i = save,
            }
        }
        if self.i == save {
            return;
        }
        // Nothing eaten but spaces: leave them to the delimiter.
        if self.s[save..self.i].trim().is_empty() {
            self.i = save;
        }
    }

    /// A delimiter (`:`, `.`, `)`, a dash with a space after it) or the end of the line;
    /// on success the cursor is at the text after it, else where it was.
    fn delimiter(&mut self) -> bool {
        let save = self.i;
        let found = self.delimiter_here();
        if !found {
            self.i = save;
        }
        found
    }

    fn delimiter_here(&mut self) -> bool {
        self.skip_blank(false);
        let at_end = self.rest().is_empty() || self.rest().starts_with(['\n', '\r']);
        if at_end {
            self.skip_blank(true);
            return true;
        }
        let Some(c) = self.peek() else {
            return true;
        };
        if [':', '.', ')'].contains(&c) {
            self.i += 1;
        } else if ['-', '–', '—'].contains(&c) {
            self.i += c.len_utf8();
            if !self.peek().is_none_or(char::is_whitespace) {
                return false;
            }
        } else {
            return false;
        }
        if !self.peek().is_none_or(char::is_whitespace) {
            return false;
        }
        self.skip_blank(true);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn at(text: &str) -> Option<(Vec<u32>, &str)> {
        group_at_start(text).map(|g| (g.numbers, &text[g.end..]))
    }

    /// A text and the numbers and rest of the text it should give.
    type Case = (&'static str, Option<(&'static [u32], &'static str)>);

    #[test]
    fn group_labels() {
        let cases: &[Case] = &[
            (
                "1–3: Vertical is bigger",
                Some((&[1, 2, 3], "Vertical is bigger")),
            ),
            ("Q1-3. x", Some((&[1, 2, 3], "x"))),
            ("Q1–Q3: x", Some((&[1, 2, 3], "x"))),
            ("Questions 2 to 4: x", Some((&[2, 3, 4], "x"))),
            ("1 & 2: x", Some((&[1, 2], "x"))),
            ("Q1/Q2: x", Some((&[1, 2], "x"))),
            ("Q1 + Q3 - x", Some((&[1, 3], "x"))),
            ("1, 2 and 3 together: x", Some((&[1, 2, 3], "x"))),
            ("1, 2, & 3: x", Some((&[1, 2, 3], "x"))),
            ("(1-3) x", Some((&[1, 2, 3], "x"))),
            ("1–3) x", Some((&[1, 2, 3], "x"))),
            ("4 and 5 (combined): x", Some((&[4, 5], "x"))),
            (
                "**1–3 (answering these together because they run into each other)**",
                Some((&[1, 2, 3], "")),
            ),
            ("**Q2 & Q3:** x", Some((&[2, 3], "x"))),
            // the cue of prose that answers two questions in one paragraph
            ("For 2 and 3: the CDN", Some((&[2, 3], "the CDN"))),
            ("For questions 4-5: x", Some((&[4, 5], "x"))),
            ("For 2 and 3 (Redis, in-process): x", None),
            ("For 2 and 3 - x", None),
            (
                "1-3\nVertical is bigger",
                Some((&[1, 2, 3], "Vertical is bigger")),
            ),
            // Not groups.
            ("1-3 seconds is normal", None),
            ("1 & 2 are both wrong", None),
            ("3-4 instances: enough", None),
            ("1/2: half the traffic", None),
            ("2024-2025: a year", None),
            ("3-1: down", None),
            ("1-30: x", None),
            ("1 - the vertical one", None),
            ("1. & more", None),
            ("1,667 rps: peak", None),
            ("1-3x faster", None),
            ("Q1: vertical", None),
            ("1, 2, 3, go", None),
            ("For 2 and 3 instances: x", None),
            ("For 1-2 weeks we ran it", None),
            ("Format 1-2: x", None),
            (
                "**1–3** more words after",
                Some((&[1, 2, 3], "more words after")),
            ),
        ];
        for (text, want) in cases {
            let want = want.map(|(n, r)| (n.to_vec(), r));
            assert_eq!(at(text), want, "{text:?}");
        }
    }
}
