//! Continuation labels: the learner goes back to a question already answered and goes on
//! with it ("4 cont.) I'd set the pool to 200", "Q4 (cont.)", "4 (continued):",
//! "(cont'd) 4:", "Continued from Q4:", "**Q4 (cont.)**", "7.4 contd:"). Offsets are byte
//! offsets into the text given; the placer decides what the text continues.
//!
//! Accepted, at the start of a text (inside emphasis or not):
//! - a question number ("4", "Q4", "Question 4", "#4", "7.4"), optionally followed by `.`,
//!   `)` or `:`, then a continuation word: "cont", "contd", "cont'd", "continued",
//!   "continuation", "continuing", in parentheses or brackets (with anything after it
//!   inside them: "(continued from above)") or bare;
//! - a continuation word in parentheses or bare (optionally followed by "from", "of" or
//!   "on"), then a question number.
//!
//! Rejected: a bare continuation word with text straight after it and no delimiter
//! ("4 continued to grow", "Q4 cont more"), "cont" as the start of another word ("4
//! containers"), and a number after a bare continuation word without a delimiter
//! ("Continued 4 times"), unless it is a "Q" label. "cont." with its dot is a delimiter in
//! itself ("4 cont. more threads").

use crate::submission::markdown::cursor::reader_cursor;
use crate::submission::markdown::line_index::line_end;

reader_cursor!();

/// A continuation label at the start of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Continued {
    /// For "7.4": the exercise number (7, counting from 1).
    pub exercise: Option<u32>,
    pub number: u32,
    /// Written with "Q" or "Question", or with its exercise ("7.4").
    pub explicit: bool,
    /// Where the label starts, and where the text after it starts.
    pub start: usize,
    pub end: usize,
}

/// The words that say a text continues an answer, longest first.
const WORDS: &[&str] = &[
    "continuation",
    "continuing",
    "continued",
    "cont'd",
    "cont\u{2019}d",
    "contd",
    "cont",
];

/// The continuation label at the start of `text`, if any.
pub(super) fn continued_at_start(text: &str) -> Option<Continued> {
    let mut c = Cursor::at(text, 0);
    c.skip_blank(true);
    let start = c.i;
    let emphasis = c.open_emphasis();
    let save = c.i;
    let found = number_then_word(&mut c).or_else(|| {
        c.i = save;
        word_then_number(&mut c)
    })?;
    let (exercise, number, explicit) = found;
    c.delimiter();
    if let Some(d) = emphasis {
        if c.eat(d) {
            c.delimiter();
        }
    }
    Some(Continued {
        exercise,
        number,
        explicit,
        start,
        end: c.i,
    })
}

/// "(cont.) …", "cont.) …", "continued: …": a continuation word opening `text` (the text
/// of a list item numbered by its marker, "4. (cont.) …"), delimited by parentheses, its
/// dot or a delimiter after it; where the text after it starts.
pub(super) fn continuation_word_at_start(text: &str) -> Option<usize> {
    let mut c = Cursor::at(text, 0);
    c.skip_blank(true);
    let delimited = c.word()?;
    if !(delimited || c.delimiter_follows()) {
        return None;
    }
    c.delimiter();
    Some(c.i)
}

/// "4 cont.)", "Q4 (continued)": the number, then the word.
fn number_then_word(c: &mut Cursor<'_>) -> Option<(Option<u32>, u32, bool)> {
    let (exercise, number, explicit) = c.question()?;
    if c.rest().starts_with(['.', ')', ':']) {
        c.i += 1;
    }
    if !c.skip_blank(false) {
        return None;
    }
    let delimited = c.word()?;
    (delimited || c.delimiter_follows()).then_some((exercise, number, explicit))
}

/// "(cont'd) 4:", "Continued from Q4:": the word, then the number.
fn word_then_number(c: &mut Cursor<'_>) -> Option<(Option<u32>, u32, bool)> {
    let parenthesised = c.word()?;
    if !c.skip_blank(false) {
        return None;
    }
    if !parenthesised {
        for link in ["from ", "of ", "on "] {
            if c.eat(link) {
                c.skip_blank(false);
                break;
            }
        }
    }
    let (exercise, number, explicit) = c.question()?;
    (explicit || c.delimiter_follows()).then_some((exercise, number, explicit))
}

impl Cursor<'_> {
    /// A question number: "4", "Q4", "Q 4", "Q.4", "Question 4", "#4", "7.4", "Q7.4";
    /// its exercise (for "7.4"), number, and whether it is explicit.
    fn question(&mut self) -> Option<(Option<u32>, u32, bool)> {
        let keyword = ["question", "q"]
            .into_iter()
            .find(|k| self.eat(k))
            .is_some();
        if keyword {
            self.eat(".");
            self.skip_blank(false);
        }
        self.eat("#");
        let n = self.number_alone()?;
        let save = self.i;
        if self.eat(".") && self.peek().is_some_and(|c| c.is_ascii_digit()) {
            if let Some(q) = self.number_alone() {
                return Some((Some(n), q, true));
            }
        }
        self.i = save;
        Some((None, n, keyword))
    }

    /// A continuation word, in parentheses or brackets (up to the closing one) or bare;
    /// returns whether it delimits itself (parenthesised, or "cont." with its dot).
    fn word(&mut self) -> Option<bool> {
        let close = if self.eat("(") {
            Some(')')
        } else if self.eat("[") {
            Some(']')
        } else {
            None
        };
        if close.is_some() {
            self.skip_blank(false);
        }
        WORDS.iter().find(|w| self.eat(w))?;
        if self.peek().is_some_and(char::is_alphanumeric) {
            return None;
        }
        let dot = self.eat(".");
        match close {
            Some(close) => {
                let line = line_end(self.rest()).unwrap_or(self.rest().len());
                let at = self.rest()[..line].find(close)?;
                self.i += at + 1;
                Some(true)
            }
            None => Some(dot),
        }
    }

    /// Skips spaces, one delimiter if there is one, and the spaces after it.
    fn delimiter(&mut self) {
        self.skip_blank(false);
        if self.rest().starts_with([':', ')', '.', '-', '–', '—']) {
            self.i += self.peek().map_or(0, char::len_utf8);
        }
        self.skip_blank(false);
    }

    /// Whether a delimiter, the end of the line or a closing emphasis comes next (after
    /// spaces).
    fn delimiter_follows(&self) -> bool {
        let rest = self.rest().trim_start_matches([' ', '\t']);
        rest.is_empty() || rest.starts_with([':', ')', '.', '-', '–', '—', '\n', '\r', '*', '_'])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn at(text: &str) -> Option<(Option<u32>, u32, bool, &str)> {
        continued_at_start(text).map(|c| (c.exercise, c.number, c.explicit, &text[c.end..]))
    }

    #[test]
    fn continuation_labels() {
        let cases = [
            (
                "4 cont.) I'd set 200",
                Some((None, 4, false, "I'd set 200")),
            ),
            ("4 cont) more", Some((None, 4, false, "more"))),
            (
                "4 cont. more threads",
                Some((None, 4, false, "more threads")),
            ),
            ("Q4 (cont.)", Some((None, 4, true, ""))),
            ("Q4 (cont.): the pool", Some((None, 4, true, "the pool"))),
            ("4 (continued) the pool", Some((None, 4, false, "the pool"))),
            ("4 (continued from above): x", Some((None, 4, false, "x"))),
            ("4. (cont'd) x", Some((None, 4, false, "x"))),
            ("(cont'd) 4", Some((None, 4, false, ""))),
            ("(cont’d) 4: x", Some((None, 4, false, "x"))),
            ("[cont.] Q2 - x", Some((None, 2, true, "x"))),
            ("Continued from Q4: x", Some((None, 4, true, "x"))),
            ("cont. 3) x", Some((None, 3, false, "x"))),
            ("**Q4 (cont.)** x", Some((None, 4, true, "x"))),
            ("**4 contd:** x", Some((None, 4, false, "x"))),
            ("Question 2 continued: x", Some((None, 2, true, "x"))),
            ("Q 3 continuation\nx", Some((None, 3, true, "\nx"))),
            ("7.4 contd: x", Some((Some(7), 4, true, "x"))),
            // Not continuations.
            ("4 continued to grow", None),
            ("Q4 cont more", None),
            ("4 containers per node", None),
            ("Continued 4 times", None),
            ("continued: as above", None),
            ("Q4: cont. from above", Some((None, 4, true, "from above"))),
            ("4cont.) x", None),
            ("400 cont. x", None),
            ("0 cont. x", None),
            ("(continued without a close 4", None),
            ("4 (con) x", None),
        ];
        for (text, want) in cases {
            assert_eq!(at(text), want, "{text:?}");
        }
    }

    #[test]
    fn continuation_words_opening_an_item() {
        let after = |t: &'static str| continuation_word_at_start(t).map(|end| &t[end..]);
        assert_eq!(after("(cont.) the pool"), Some("the pool"));
        assert_eq!(after("cont.) the pool"), Some("the pool"));
        assert_eq!(after("continued: the pool"), Some("the pool"));
        assert_eq!(after("continued to grow"), None);
        assert_eq!(after("containers"), None);
    }
}
