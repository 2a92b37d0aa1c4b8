//! Question labels written in the text: at the start of a block ("Q1:", "Q1.", "Q1 -",
//! "1.", "1)", "(1)", "1 -", "1:", "Question 1:", "**1.**", "**Q1**") and further labels
//! inside one paragraph ("(1) … (2) …", or one "Q2:" per line of a paragraph).
//! Offsets are byte offsets into the text given; the caller adds the block's position.

use std::ops::Range;

use crate::submission::markdown::cursor::reader_cursor;
use crate::submission::markdown::line_index::line_end;
use crate::submission::markdown::sub_label::{
    dotted_in_sequence, ends_in_working, first_part, sub_label_at_start,
};
use crate::submission::markdown::words::is_invisible;

reader_cursor!();

/// How a label spells its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// "Q1", "Question 1", "Answer 1", with any delimiter.
    Q,
    /// "(1)".
    Paren,
    /// "1)".
    Close,
    /// "1.".
    Dot,
    /// "1:".
    Colon,
    /// "1 -", "1 –", "1 —".
    Dash,
    /// A bare "1", only alone in a table cell or heading, or inside emphasis ("**1**").
    Plain,
    /// "a)", "(b)", "c.": a letter standing for the question's place (a = 1), read only
    /// by `letter_label_at`.
    Letter,
}

/// Where a label may stand, which decides how bare a number may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// The start of a paragraph or list item: a bare number needs a delimiter.
    Block,
    /// A whole table cell or heading text: "1" alone is a label too.
    Cell,
}

/// A question label found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Label {
    pub number: u32,
    /// For "5.3" and "Q5.3": the exercise number (5, counting from 1).
    pub exercise: Option<u32>,
    pub shape: Shape,
    /// Whether a delimiter (`:`, `.`, `)`, dash) followed the number.
    pub delimited: bool,
    /// Where the label starts.
    pub start: usize,
    /// Where the text after the label (its delimiters and spaces) starts.
    pub end: usize,
    /// For a label inside emphasis followed by more emphasised text ("**Q1. How many
    /// instances at peak?** 34"): that text, and where the text after the emphasis starts.
    pub emphasis_tail: Option<EmphasisTail>,
}

/// The emphasised text after a label, see `Label::emphasis_tail`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct EmphasisTail {
    pub rest: Range<usize>,
    pub after: usize,
}

impl Label {
    fn new(core: Core, start: usize, end: usize, emphasis_tail: Option<EmphasisTail>) -> Self {
        let Core {
            number,
            exercise,
            shape,
            delimited,
        } = core;
        Label {
            number,
            exercise,
            shape,
            delimited,
            start,
            end,
            emphasis_tail,
        }
    }

    /// A delimited label of `shape` for question `number` at `span`, standing in for
    /// something read like one (a continuation, a group, a marker) when the labels after
    /// it are read.
    pub(super) fn stand_in(number: u32, shape: Shape, span: Range<usize>) -> Self {
        Label {
            number,
            exercise: None,
            shape,
            delimited: true,
            start: span.start,
            end: span.end,
            emphasis_tail: None,
        }
    }

    /// The label found in a text that starts `by` bytes into the text it is placed in.
    pub(super) fn shifted(mut self, by: usize) -> Self {
        self.start += by;
        self.end += by;
        if let Some(tail) = &mut self.emphasis_tail {
            tail.rest = tail.rest.start + by..tail.rest.end + by;
            tail.after += by;
        }
        self
    }

    /// Labels of the "Q" family ("Q1", "Question 1") and "5.3)" are explicit; bare numbers,
    /// and "5.3" without a delimiter, may also be the learner's own numbered steps or numbers.
    pub(super) fn is_explicit(&self) -> bool {
        self.shape == Shape::Q || (self.exercise.is_some() && self.delimited)
    }
}

/// The label at the start of `text` (after spaces and invisible characters), if any.
pub(super) fn label_at_start(text: &str, place: Place) -> Option<Label> {
    let mut c = Cursor::at(text, 0);
    c.skip_blank(true);
    let start = c.i;
    for delim in ["**", "__", "*", "_"] {
        if c.rest().starts_with(delim) {
            return emphasised_label(text, start, delim);
        }
    }
    let core = c.label(place, false)?;
    Some(Label::new(core, start, c.i, None))
}

/// "7.1", "**7.1**": a whole table cell that is only a dotted number, with no delimiter
/// after it; the exercise's number (7, counting from 1) and the question's (1). Such a cell
/// is as often a number of the learner's (a version, a measurement) as a label: the caller
/// decides which (`placer/rows.rs`). "7.1." and "7.1)" are labels (`label_at_start`).
pub(super) fn dotted_alone(cell: &str) -> Option<(u32, u32)> {
    let mut c = Cursor::at(cell, 0);
    c.skip_blank(true);
    let emphasis = c.open_emphasis();
    let exercise = c.number()?;
    let (exercise, number) = c.dotted(exercise)?;
    if let Some(d) = emphasis {
        c.skip_spaces();
        if !c.eat(d) {
            return None;
        }
    }
    c.skip_whitespace();
    c.rest().is_empty().then_some((exercise, number))
}

/// "**Q1**: …", "**1.** …", "**Q1. How many…?** …": a label just inside emphasis.
fn emphasised_label(text: &str, start: usize, delim: &str) -> Option<Label> {
    let mut c = Cursor::at(text, start + delim.len());
    c.skip_blank(false);
    let core = c.label(Place::Cell, true)?;
    let line_end = line_end(&text[c.i..]).map_or(text.len(), |k| c.i + k);
    let close = text[c.i..line_end].find(delim)? + c.i;
    let mut after = Cursor::at(text, close + delim.len());
    after.skip_spaces();
    if after.rest().starts_with([':', '.', ')', '-', '–', '—']) {
        after.i += after.rest().chars().next().map_or(0, char::len_utf8);
        after.skip_spaces();
    }
    let (end, emphasis_tail) = if text[c.i..close].trim().is_empty() {
        (after.i, None)
    } else {
        (
            c.i,
            Some(EmphasisTail {
                rest: c.i..close,
                after: after.i,
            }),
        )
    };
    Some(Label::new(core, start, end, emphasis_tail))
}

/// The labels after `first` inside one paragraph's text, in order: a label at the start of
/// a later line (any "Q" label; a bare one, or one numbering the question inside its
/// exercise like `first`, "Q1b" after "Q1a", when it continues the sequence), or inside a
/// line after a space when it has the first label's shape ("(N)", "N)" or a delimited
/// "QN:") and continues the sequence. Without `first`, only "Q" labels at line starts.
pub(super) fn further_labels(text: &str, first: Option<&Label>) -> Vec<Label> {
    // Inside a line only a label of the first one's shape can be taken, and only the shapes
    // "(N)", "N)" and "Q": after any other (no first label, "1.", a letter…) only line
    // starts are read, and the rest of each line is skipped many bytes at a time.
    if first.is_some_and(|f| matches!(f.shape, Shape::Paren | Shape::Close | Shape::Q)) {
        labels_after::<true>(text, first)
    } else {
        labels_after::<false>(text, first)
    }
}

/// [`further_labels`]; `INLINE`: whether a label inside a line can be taken.
fn labels_after<const INLINE: bool>(text: &str, first: Option<&Label>) -> Vec<Label> {
    let mut found = Vec::new();
    let mut last = first.map(|l| l.number);
    let mut from = first.map_or(0, |l| l.end);
    let bytes = text.as_bytes();
    let mut line_start = false;
    let mut prev_space = false;
    let mut brackets = Brackets::default();
    while from < text.len() {
        if !INLINE && !line_start {
            // What is left of this line can hold no label (see `further_labels`): each
            // byte would only say whether a space was read, which matters only inside it.
            match line_end(&text[from..]) {
                Some(k) => from += k,
                None => break,
            }
        }
        if !line_start && !prev_space {
            // Inside a word nothing can start (a label needs a line start or a space before
            // it): skip to the next space, line end or non-ASCII character.
            let word = bytes[from..]
                .iter()
                .take_while(|&&b| {
                    b.is_ascii() && !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
                })
                .count();
            if word > 0 {
                from += word;
                continue;
            }
        }
        let b = bytes[from];
        if b == b'\n' || b == b'\r' {
            line_start = true;
            prev_space = true;
            from += 1;
            continue;
        }
        let candidate = matches!(
            b,
            b'(' | b'*' | b'_' | b'0'..=b'9' | b'q' | b'Q' | b'a' | b'A'
        );
        if !line_start && b.is_ascii() && !(candidate && prev_space && first.is_some()) {
            // Inside a line only a candidate after a space can start a label (the last
            // branch below): any other ASCII byte (the spaces between words, the first
            // letter of most words, punctuation) only says whether a space was just read,
            // as the general step at the end would (ASCII's `char::is_whitespace`).
            prev_space = matches!(b, b' ' | b'\t' | 0x0B | 0x0C);
            from += 1;
            continue;
        }
        let mut accepted = None;
        if line_start && first.is_some_and(|f| f.shape == Shape::Letter) {
            accepted =
                letter_label_at(&text[from..]).filter(|l| last.is_some_and(|n| l.number == n + 1));
        } else if candidate && line_start {
            accepted = label_at_start(&text[from..], Place::Block).filter(|l| {
                let bare_dotted = l.exercise.is_some() && !l.is_explicit();
                // "1.2" after "1.1", never after a label of another shape ("2.5 concurrent"
                // on the line after "Q4:" is a number).
                let continues = last.is_some_and(|n| l.number == n + 1)
                    && (!bare_dotted
                        || first.is_some_and(|f| f.exercise == l.exercise)
                            && !ends_in_working(&text[..from]));
                l.is_explicit() || continues
            });
            // "Q1b:" on the line after "Q1a: …", "7.3 min 12" on the line after "7.2 …": the
            // next question of the same exercise.
            if accepted.is_none()
                && let Some(f) = first.filter(|f| f.exercise.is_some())
            {
                let next =
                    |l: &Label| l.exercise == f.exercise && last.is_some_and(|n| l.number == n + 1);
                accepted = sub_label_at_start(&text[from..]).filter(next).or_else(|| {
                    dotted_in_sequence(&text[from..])
                        .filter(|l| next(l) && !ends_in_working(&text[..from]))
                });
            }
            // "2a) …" on the line after "1)" or "1a) …" (see `sub_label::first_part`): the
            // first part of the next question.
            if accepted.is_none() && first.is_some_and(|f| f.exercise.is_none()) {
                accepted = (sub_label_at_start(&text[from..]).as_ref())
                    .and_then(first_part)
                    .filter(|l| last.is_some_and(|n| l.number == n + 1));
            }
        } else if let Some(first) = first.filter(|_| candidate && prev_space) {
            let mut c = Cursor::at(text, from);
            if let Some(core) = c.label(Place::Block, false) {
                let shape = core.shape;
                let same_shape =
                    shape == first.shape && matches!(shape, Shape::Paren | Shape::Close | Shape::Q);
                // "(mean is peak ÷ 3, not × 3)": a "3)" after an operator, closing a bracket
                // the line opened, is no label ("(rounded up from 35.7 2) 12" labels 2).
                let closes_bracket = shape == Shape::Close
                    && brackets.open_at(text, from)
                    && after_operator(&text[..from]);
                if same_shape
                    && core.delimited
                    && !closes_bracket
                    && last.is_some_and(|n| core.number == n + 1)
                {
                    accepted = Some(Label::new(core, 0, c.i - from, None));
                }
            }
        }
        if let Some(label) = accepted {
            let label = label.shifted(from);
            last = Some(label.number);
            from = label.end.max(from + 1);
            found.push(label);
            line_start = false;
            prev_space = false;
            continue;
        }
        let ch = text[from..].chars().next().unwrap_or(' ');
        if !(ch == ' ' || ch == '\t' || is_invisible(ch)) {
            line_start = false;
        }
        prev_space = ch.is_whitespace();
        from += ch.len_utf8();
    }
    found
}

/// Does `before` end in an operator or a word that takes a number after it ("× ", "/ ",
/// "times ", "than ", "or ")?
fn after_operator(before: &str) -> bool {
    let before = before.trim_end();
    let last_word = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    before.ends_with(['×', '*', '/', '÷', '+', '-', '−', '=', '~', '≈'])
        || matches!(
            last_word.to_ascii_lowercase().as_str(),
            "x" | "times" | "by" | "over" | "than" | "of" | "to" | "and" | "or" | "not"
        )
}

/// How many round brackets the line has left open, read on as a scan moves forward (once
/// over each byte, however often it is asked).
#[derive(Default)]
struct Brackets {
    read_to: usize,
    depth: u32,
}

impl Brackets {
    /// Does the line leave a bracket open before `at` ("x (mean is peak ÷ 3, not × ")?
    /// `at` never moves back.
    fn open_at(&mut self, text: &str, at: usize) -> bool {
        for &b in &text.as_bytes()[self.read_to.min(at)..at] {
            match b {
                b'\n' => self.depth = 0,
                b'(' => self.depth += 1,
                b')' => self.depth = self.depth.saturating_sub(1),
                _ => {}
            }
        }
        self.read_to = self.read_to.max(at);
        self.depth > 0
    }
}

/// "a) …", "(b) …", "c. …", "**d)** …": a letter label at the start of `text`, the letter
/// standing for the question's place on the sheet (a = 1). Learners use letters for the
/// questions of an exercise; the placer decides when a letter is that rather than an
/// option inside an answer ("(a) pure stateless JWT"). A `.` needs a space after it
/// ("e.g." is no label).
pub(super) fn letter_label_at(text: &str) -> Option<Label> {
    let mut c = Cursor::at(text, 0);
    c.skip_blank(true);
    let start = c.i;
    let strong = ["**", "__"].into_iter().find(|d| c.rest().starts_with(d));
    if let Some(d) = strong {
        c.i += d.len();
    }
    let paren = c.eat("(");
    let letter = c.peek().filter(char::is_ascii_alphabetic)?;
    c.i += 1;
    let closed = if paren {
        c.eat(")")
    } else {
        c.eat(")") || (c.rest().starts_with(". ") && c.eat("."))
    };
    if !closed {
        return None;
    }
    if let Some(d) = strong {
        if !c.eat(d) {
            return None;
        }
    }
    if !c.at_boundary() {
        return None;
    }
    c.skip_spaces();
    let number = u32::from(letter.to_ascii_lowercase() as u8 - b'a') + 1;
    Some(Label {
        number,
        exercise: None,
        shape: Shape::Letter,
        delimited: true,
        start,
        end: c.i,
        emphasis_tail: None,
    })
}

/// "I picked Spotify. (1) The client holds… (2) …": labels inside a paragraph that does not
/// start with one. The first "(1)" or "1)" after a space starts the sequence when the same
/// paragraph goes on with "(2)" (or "2)"), see `further_labels`; the labels, the first
/// one included, or none. Only the first candidate of each shape is tried, so the cost
/// stays linear.
pub(super) fn inline_sequence(text: &str) -> Vec<Label> {
    let mut tried = Vec::new();
    let mut prev_space = false;
    for (i, ch) in text.char_indices() {
        let candidate = prev_space && (ch == '(' || ch == '1');
        prev_space = ch.is_whitespace();
        if !candidate {
            continue;
        }
        let mut c = Cursor::at(text, i);
        let Some(core) = c.label(Place::Block, false) else {
            continue;
        };
        if core.number != 1
            || !matches!(core.shape, Shape::Paren | Shape::Close)
            || tried.contains(&core.shape)
        {
            continue;
        }
        tried.push(core.shape);
        let first = Label::new(core, i, c.i, None);
        let further = further_labels(text, Some(&first));
        if !further.is_empty() {
            let mut labels = vec![first];
            labels.extend(further);
            return labels;
        }
        if tried.len() == 2 {
            break;
        }
    }
    Vec::new()
}

/// A label as parsed, before it is placed in the text.
struct Core {
    number: u32,
    exercise: Option<u32>,
    shape: Shape,
    delimited: bool,
}

impl Cursor<'_> {
    /// Parses a label here; on success the cursor is after its delimiter and spaces.
    /// Returns the number, the shape and whether a delimiter followed the number.
    fn label(&mut self, place: Place, in_emphasis: bool) -> Option<Core> {
        let save = self.i;
        if let Some(found) = self.exercise_item() {
            return Some(found);
        }
        self.i = save;
        if let Some(found) = self.q_label() {
            return Some(found);
        }
        self.i = save;
        if self.eat("(") {
            let number = self.number()?;
            if !self.eat(")") || !self.at_boundary() {
                return None;
            }
            self.skip_spaces();
            return Some(Core {
                number,
                exercise: None,
                shape: Shape::Paren,
                delimited: true,
            });
        }
        let n = self.number()?;
        if let Some((exercise, number)) = self.dotted(n) {
            // "5.3)" or "5.3:": question 3 of exercise 5. "1.1 Vertical is …" too, at the
            // start of a block and before a word; "2.5 instances", "1.5 s" and "2.5 × 200"
            // are numbers, not labels.
            // "**1.1** Vertical …": the end of the emphasis sets it off like a delimiter.
            let (shape, delimited) = self.delimiter()?;
            let bare_ok = !delimited
                && ((place == Place::Block
                    && (self.before_word() || self.at_line_end_before_more()))
                    || (in_emphasis && self.rest().starts_with(['*', '_'])));
            return (delimited || bare_ok).then_some(Core {
                number,
                exercise: Some(exercise),
                shape,
                delimited,
            });
        }
        let (shape, delimited) = self.delimiter()?;
        let plain_ok = (place == Place::Cell && self.rest().trim().is_empty())
            || (in_emphasis && self.rest().starts_with(['*', '_']));
        if shape == Shape::Plain && !plain_ok {
            return None;
        }
        Some(Core {
            number: n,
            exercise: None,
            shape,
            delimited,
        })
    }

    /// Is the cursor before a word that does not read as a quantity's unit or a number's
    /// continuation (what a number like "2.5" at the start of a line is usually followed by)?
    /// Inline markup (math, code, emphasis) may open the word when it opens a formula, an `=`
    /// soon after: "8.3 $N = …$", "8.3 `N = …`", "8.3 **N** = …", "7.4 $\lambda W = …$";
    /// "8.3 **raw** instances at the mean" and "7.5 `L` requests" are numbers.
    fn before_word(&self) -> bool {
        let rest = self.rest();
        let opened = rest.trim_start_matches(['$', '`', '*', '_', '\\']);
        if opened.len() != rest.len() {
            let formula = (rest.chars())
                .take_while(|&c| c != '\n')
                .take(40)
                .any(|c| c == '=');
            if !formula {
                return false;
            }
        }
        let word: String = opened
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '/' || *c == '%')
            .collect::<String>()
            .to_lowercase();
        let alphabetic = word.chars().next().is_some_and(char::is_alphabetic);
        alphabetic && !is_unit_word(&word)
    }

    /// Is the cursor at the end of a line ("4.1" alone on its line or in its paragraph, its
    /// answer below) that is not the end of a one-line text with nothing before the number?
    fn at_line_end_before_more(&self) -> bool {
        let rest = self.rest().trim_start_matches([' ', '\t']);
        rest.starts_with('\n') || rest.starts_with("\r\n") || rest.is_empty()
    }

    /// After a number `n`: ".3" makes it exercise `n`, question 3.
    fn dotted(&mut self, n: u32) -> Option<(u32, u32)> {
        let save = self.i;
        if self.eat(".") && self.peek().is_some_and(|c| c.is_ascii_digit()) {
            if let Some(q) = self.number() {
                return Some((n, q));
            }
        }
        self.i = save;
        None
    }

    /// "Exercise 7, item 2:", "Part 3 question 1 -", "Ex. 2, Q4)", "Task 5 / part 3:":
    /// question 2 of the seventh exercise, like "7.2)". The exercise keyword, its number,
    /// an optional `,` or `/`, a question keyword and its number, then a delimiter.
    fn exercise_item(&mut self) -> Option<Core> {
        ["exercise", "part", "section", "task", "ex"]
            .into_iter()
            .find(|k| self.eat(k))?;
        self.eat(".");
        if !self.peek().is_some_and(|c| c == ' ' || c == '#') {
            return None;
        }
        self.skip_spaces();
        self.eat("#");
        let exercise = self.number()?;
        self.skip_spaces();
        if self.eat(",") || self.eat("/") {
            self.skip_spaces();
        } else if self.i == 0 || !self.s[..self.i].ends_with(' ') {
            return None;
        }
        let keyword = ["question", "item", "part", "task", "q"]
            .into_iter()
            .find(|k| self.eat(k))?;
        if keyword != "q"
            && !self
                .peek()
                .is_some_and(|c| c == ' ' || c == '#' || c == '.')
        {
            return None;
        }
        self.eat(".");
        self.skip_spaces();
        self.eat("#");
        let number = self.number()?;
        if self.rest().starts_with(['.', ')', ':'])
            && self.rest()[1..].starts_with(|c: char| c.is_ascii_digit())
        {
            return None;
        }
        let (_, delimited) = self.delimiter()?;
        Some(Core {
            number,
            exercise: Some(exercise),
            shape: Shape::Q,
            delimited,
        })
    }

    /// "Q1", "Q 1", "Q.1", "Q#1", "Q5.3", "Question 1", "Question #1", "Answer 1", "Ans. 1";
    /// "Q1:36" needs no space after its colon.
    fn q_label(&mut self) -> Option<Core> {
        let keyword = ["question", "answer", "ans", "q"]
            .into_iter()
            .find(|k| self.eat(k))?;
        let next_ok = |c: char| c == ' ' || c == '.' || c == '#' || c.is_ascii_digit();
        if keyword != "q" && !self.peek().is_some_and(next_ok) {
            return None;
        }
        self.eat(".");
        self.skip_spaces();
        self.eat("#");
        let n = self.number()?;
        let (exercise, number) = match self.dotted(n) {
            Some((e, q)) => (Some(e), q),
            None => (None, n),
        };
        if self.rest().starts_with([':', ')']) {
            self.i += 1;
            self.skip_spaces();
            return Some(Core {
                number,
                exercise,
                shape: Shape::Q,
                delimited: true,
            });
        }
        let (_, delimited) = self.delimiter()?;
        Some(Core {
            number,
            exercise,
            shape: Shape::Q,
            delimited,
        })
    }

    /// The delimiter after a number and the spaces after it.
    fn delimiter(&mut self) -> Option<(Shape, bool)> {
        let shape = match self.peek() {
            Some('.') => Shape::Dot,
            Some(')') => Shape::Close,
            Some(':') => Shape::Colon,
            _ => {
                if !self.at_boundary() {
                    return None;
                }
                let save = self.i;
                self.skip_spaces();
                if self.rest().starts_with(['-', '–', '—', ':']) {
                    let dash = self.peek().map_or(0, char::len_utf8);
                    self.i += dash;
                    if self.at_boundary() {
                        self.skip_spaces();
                        return Some((Shape::Dash, true));
                    }
                }
                self.i = save;
                self.skip_spaces();
                return Some((Shape::Plain, false));
            }
        };
        self.i += 1;
        if !self.at_boundary() {
            return None;
        }
        self.skip_spaces();
        Some((shape, true))
    }
}

/// Words that follow a decimal number as its unit or scale ("1.5 seconds", "2.5 instances",
/// "1.7 k", "2.5 times", "1.5 million") rather than the first word of an answer.
fn is_unit_word(w: &str) -> bool {
    const UNITS: &[&str] = &[
        "ms",
        "msec",
        "millisecond",
        "milliseconds",
        "sec",
        "secs",
        "second",
        "seconds",
        "min",
        "mins",
        "minute",
        "minutes",
        "hr",
        "hrs",
        "hour",
        "hours",
        "day",
        "days",
        "rps",
        "qps",
        "tps",
        "req",
        "reqs",
        "request",
        "requests",
        "s",
        "h",
        "k",
        "m",
        "b",
        "kb",
        "mb",
        "gb",
        "tb",
        "gib",
        "mib",
        "gbps",
        "mbps",
        "kbps",
        "ghz",
        "x",
        "times",
        "thousand",
        "million",
        "billion",
        "percent",
        "instance",
        "instances",
        "server",
        "servers",
        "node",
        "nodes",
        "pod",
        "pods",
        "replica",
        "replicas",
        "thread",
        "threads",
        "machine",
        "machines",
        "box",
        "boxes",
        "vm",
        "vms",
        "core",
        "cores",
        "cpu",
        "cpus",
        "users",
        "user",
        "ops",
        "hits",
        "per",
        "of",
        "to",
        "and",
        "or",
        "is",
        "are",
        "on",
        "in",
        "at",
    ];
    UNITS.contains(&w) || w.starts_with("req/") || w.starts_with("ms/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn starts(text: &str, place: Place) -> Option<(u32, &str)> {
        label_at_start(text, place).map(|l| (l.number, &text[l.end..]))
    }

    #[test]
    fn labels_at_block_start() {
        let cases = [
            ("1. Vertical adds CPU", Some((1, "Vertical adds CPU"))),
            ("1) Vertical", Some((1, "Vertical"))),
            ("Q1: Vertical", Some((1, "Vertical"))),
            ("Q1. Vertical", Some((1, "Vertical"))),
            ("Q1 - Vertical", Some((1, "Vertical"))),
            ("q 2 — Vertical", Some((2, "Vertical"))),
            ("Q#3 Vertical", Some((3, "Vertical"))),
            ("(1) Vertical", Some((1, "Vertical"))),
            ("1 - Vertical", Some((1, "Vertical"))),
            ("1: Vertical", Some((1, "Vertical"))),
            ("Question 1: Vertical", Some((1, "Vertical"))),
            ("Question #12 – x", Some((12, "x"))),
            ("Answer 4: x", Some((4, "x"))),
            ("**1.** Vertical", Some((1, "Vertical"))),
            ("**Q1** Vertical", Some((1, "Vertical"))),
            ("**Q1**: Vertical", Some((1, "Vertical"))),
            ("__Question 2:__ x", Some((2, "x"))),
            ("\u{200B} Q5: x", Some((5, "x"))),
            ("Q1", Some((1, ""))),
            ("Q1:36 instances", Some((1, "36 instances"))),
            ("5.3) purge", Some((3, "purge"))),
            ("Q7.1: 36", Some((1, "36"))),
            ("Exercise 7, item 2: 11", Some((2, "11"))),
            ("Exercise 6, item 3:", Some((3, ""))),
            ("Part 3 question 1 - no", Some((1, "no"))),
            ("Ex. 2, Q4) purge", Some((4, "purge"))),
            ("Task 5 / part 3: x", Some((3, "x"))),
            (
                "1.1 Vertical is a bigger box",
                Some((1, "Vertical is a bigger box")),
            ),
            ("4.1\n- client: token", Some((1, "\n- client: token"))),
            // Not labels.
            ("1.5 million products", None),
            ("2.5 instances", None),
            ("1.5 seconds is the TTL", None),
            ("2.5 × 200 = 500", None),
            ("8.5 -> 9 instances", None),
            ("1.7k rps", None),
            ("3.5 GB fits in RAM", None),
            ("1.2 Gbps of egress", None),
            ("1.5 x the mean", None),
            ("4.2", Some((2, ""))),
            ("8.3 N = peak / 140", Some((3, "N = peak / 140"))),
            ("1.5 s", None),
            ("2.5 k users", None),
            ("Q1.5x", None),
            ("2024: a year", None),
            ("100. x", None),
            ("5 million products", None),
            ("Quick answer", None),
            ("Question: what?", None),
            ("Q1a is unclear", None),
            ("(a) stateless JWT", None),
            ("1:30 pm", None),
            ("0. zero", None),
            ("Exercise 7 is hard", None),
            ("Part 3 – Common mistakes", None),
            ("Exercise 2, item 2.5x", None),
            ("Section 2 items 3", None),
        ];
        for (text, want) in cases {
            assert_eq!(starts(text, Place::Block), want, "{text:?}");
        }
    }

    #[test]
    fn dotted_labels_name_the_exercise() {
        let l = label_at_start("5.3) purge", Place::Block).unwrap();
        assert_eq!((l.exercise, l.number, l.is_explicit()), (Some(5), 3, true));
        assert_eq!(label_at_start("Q3", Place::Block).unwrap().exercise, None);
        let l = label_at_start("Exercise 7, item 2: 11", Place::Block).unwrap();
        assert_eq!((l.exercise, l.number, l.is_explicit()), (Some(7), 2, true));
        // Without a delimiter it may be a number: not explicit.
        let l = label_at_start("1.1 Vertical", Place::Block).unwrap();
        assert_eq!((l.exercise, l.number, l.is_explicit()), (Some(1), 1, false));
        // Inline math, code or emphasis may open the answer; a number's unit stays a unit.
        for (text, dotted) in [
            ("8.3 $N = 5000 / 140$", (8, 3)),
            ("8.3 `N = 5000 / 140`", (8, 3)),
            ("8.3 **N** = 36", (8, 3)),
            ("7.4 $\\lambda W = 200 \\times 0.05 = 10$", (7, 4)),
        ] {
            let l = label_at_start(text, Place::Block).expect(text);
            assert_eq!((l.exercise, l.number), (Some(dotted.0), dotted.1), "{text}");
        }
        // Markup that opens no formula leaves a number.
        for text in [
            "2.5 **instances**",
            "1.5 `s` per call",
            "2.5 $",
            "8.3 **raw** instances at the mean, so 12 once the target is applied",
            "7.5 `L` requests per instance",
            "8.3 $N$ instances",
        ] {
            assert!(label_at_start(text, Place::Block).is_none(), "{text}");
        }
    }

    #[test]
    fn bare_numbers_only_alone_in_cells() {
        assert_eq!(starts("3", Place::Cell), Some((3, "")));
        assert_eq!(starts(" 3 ", Place::Cell), Some((3, "")));
        assert_eq!(starts("3 things", Place::Cell), None);
        assert_eq!(starts("3", Place::Block), None);
    }

    #[test]
    fn dotted_numbers_alone_in_a_cell() {
        assert_eq!(dotted_alone("7.1"), Some((7, 1)));
        assert_eq!(dotted_alone(" 7.12 \n"), Some((7, 12)));
        assert_eq!(dotted_alone("**7.2**"), Some((7, 2)));
        assert_eq!(dotted_alone("_7.2_"), Some((7, 2)));
        for not in [
            "7", "7.", "7.1.", "7.1)", "Q7.1", "7.1 peak", "7.1.2", "7.1a", "100.5", "7.100",
            "0.5", "7.0", "**7.1", "7.1**", ".5", "", "7,1",
        ] {
            assert_eq!(dotted_alone(not), None, "{not:?}");
        }
    }

    #[test]
    fn emphasised_label_with_restated_prompt() {
        let text = "**Q1. How many instances at peak?** 34 instances.";
        let l = label_at_start(text, Place::Block).unwrap();
        let tail = l.emphasis_tail.unwrap();
        assert_eq!(&text[tail.rest], "How many instances at peak?");
        assert_eq!(&text[tail.after..], "34 instances.");
        assert_eq!(
            &text[l.end..],
            "How many instances at peak?** 34 instances."
        );
    }

    #[test]
    fn letter_labels() {
        let at = |t: &'static str| letter_label_at(t).map(|l| (l.number, &t[l.end..]));
        assert_eq!(at("a) Vertical"), Some((1, "Vertical")));
        assert_eq!(at("(b) sticky"), Some((2, "sticky")));
        assert_eq!(at("C. purge"), Some((3, "purge")));
        assert_eq!(at("**d)** jitter"), Some((4, "jitter")));
        assert_eq!(at("c)"), Some((3, "")));
        assert_eq!(at("e.g. Redis"), None);
        assert_eq!(at("ab) x"), None);
        assert_eq!(at("a)b"), None);
        assert_eq!(at("A cache"), None);
        // Further letters at line starts continue the sequence.
        let text = "a) up\nb) out\n   c) inside\ne) skip";
        let first = letter_label_at(text).unwrap();
        let later: Vec<u32> = further_labels(text, Some(&first))
            .iter()
            .map(|l| l.number)
            .collect();
        assert_eq!(later, [2, 3]);
    }

    /// `further_labels` as first written (every byte looked at).
    fn reference_further_labels(text: &str, first: Option<&Label>) -> Vec<Label> {
        let mut found = Vec::new();
        let mut last = first.map(|l| l.number);
        let mut from = first.map_or(0, |l| l.end);
        let bytes = text.as_bytes();
        let mut line_start = false;
        let mut prev_space = false;
        while from < text.len() {
            let b = bytes[from];
            if b == b'\n' || b == b'\r' {
                line_start = true;
                prev_space = true;
                from += 1;
                continue;
            }
            let candidate = matches!(
                b,
                b'(' | b'*' | b'_' | b'0'..=b'9' | b'q' | b'Q' | b'a' | b'A'
            );
            let mut accepted = None;
            if line_start && first.is_some_and(|f| f.shape == Shape::Letter) {
                accepted = letter_label_at(&text[from..])
                    .filter(|l| last.is_some_and(|n| l.number == n + 1));
            } else if candidate && line_start {
                accepted = label_at_start(&text[from..], Place::Block).filter(|l| {
                    let bare_dotted = l.exercise.is_some() && !l.is_explicit();
                    // "1.2" after "1.1", never after a label of another shape ("2.5 concurrent"
                    // on the line after "Q4:" is a number).
                    let continues = last.is_some_and(|n| l.number == n + 1)
                        && (!bare_dotted
                            || first.is_some_and(|f| f.exercise == l.exercise)
                                && !ends_in_working(&text[..from]));
                    l.is_explicit() || continues
                });
            } else if let Some(first) = first.filter(|_| candidate && prev_space) {
                let mut c = Cursor::at(text, from);
                if let Some(core) = c.label(Place::Block, false) {
                    let shape = core.shape;
                    let same_shape = shape == first.shape
                        && matches!(shape, Shape::Paren | Shape::Close | Shape::Q);
                    // (The line's brackets counted afresh each time.)
                    let line = text[..from].rsplit('\n').next().unwrap_or("");
                    let open = line.chars().fold(0u32, |depth, c| match c {
                        '(' => depth + 1,
                        ')' => depth.saturating_sub(1),
                        _ => depth,
                    }) > 0;
                    if same_shape
                        && core.delimited
                        && !(shape == Shape::Close && open && after_operator(&text[..from]))
                        && last.is_some_and(|n| core.number == n + 1)
                    {
                        accepted = Some(Label::new(core, 0, c.i - from, None));
                    }
                }
            }
            if let Some(label) = accepted {
                let label = label.shifted(from);
                last = Some(label.number);
                from = label.end.max(from + 1);
                found.push(label);
                line_start = false;
                prev_space = false;
                continue;
            }
            let ch = text[from..].chars().next().unwrap_or(' ');
            if !(ch == ' ' || ch == '\t' || is_invisible(ch)) {
                line_start = false;
            }
            prev_space = ch.is_whitespace();
            from += ch.len_utf8();
        }
        found
    }

    #[test]
    fn further_labels_agree_with_the_first_version() {
        let pieces = [
            "(1) ",
            "(2)",
            "2) ",
            "3)",
            "Q3: ",
            "q4:",
            "a) ",
            "b) ",
            "(c) ",
            "word",
            "x",
            " ",
            "  ",
            "\n",
            "\r\n",
            "\t",
            "\u{a0}",
            "\u{2003}",
            "é",
            "\u{200B}",
            "**",
            "__",
            "\u{b}",
            "\0",
            "1.2 ",
            "1. ",
            "Question 2: ",
            ".",
            "(",
            " (x ",
        ];
        // A fixed pseudo-random sequence of texts made of those pieces.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut found = 0;
        for _ in 0..20_000 {
            let len = 1 + next(12);
            let text: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
            let firsts = [
                None,
                label_at_start(&text, Place::Block),
                letter_label_at(&text),
                // An ordered item's marker, as the placer gives it.
                Some(Label::stand_in(1, Shape::Dot, 0..0)),
                Some(Label::stand_in(1, Shape::Close, 0..0)),
            ];
            for first in firsts {
                let got = further_labels(&text, first.as_ref());
                found += got.len();
                assert_eq!(
                    got,
                    reference_further_labels(&text, first.as_ref()),
                    "{text:?}"
                );
            }
        }
        assert!(found > 1_000, "{found}");
    }

    #[track_caller]
    fn further(text: &str) -> Vec<(u32, &str)> {
        let first = label_at_start(text, Place::Block);
        further_labels(text, first.as_ref())
            .into_iter()
            .map(|l| (l.number, &text[l.start..l.end]))
            .collect()
    }

    #[test]
    fn inline_labels_split_in_sequence() {
        assert_eq!(
            further("(1) up (2) out (3) both"),
            [(2, "(2) "), (3, "(3) ")]
        );
        assert_eq!(further("1) up 2) out 3) both"), [(2, "2) "), (3, "3) ")]);
        // Out of sequence or another shape: not a split.
        assert_eq!(further("(1) up (3) out"), []);
        assert_eq!(further("(1) we need 2) things"), []);
        assert_eq!(further("1. we need 2. Then"), []);
        // One "Q" label per line, in any order; bare ones at line starts in sequence.
        assert_eq!(further("Q1: a\nQ3: c\nQ2: b"), [(3, "Q3: "), (2, "Q2: ")]);
        assert_eq!(further("1) a\n2) b\n4) d"), [(2, "2) ")]);
        assert_eq!(further("**Q1:** a\r\n**Q2:** b"), [(2, "**Q2:** ")]);
        let seq: Vec<(u32, &str)> = {
            let text = "I picked Spotify. (1) the queue (2) a retry (3) Redis";
            inline_sequence(text)
                .into_iter()
                .map(|l| (l.number, &text[l.start..l.end]))
                .collect()
        };
        assert_eq!(seq, [(1, "(1) "), (2, "(2) "), (3, "(3) ")]);
        assert_eq!(inline_sequence("we need (1) thing only"), []);
        assert_eq!(inline_sequence("see (2) and (3)"), []);
        assert_eq!(inline_sequence("x 1) a 2) b").len(), 2);
        let none = further_labels("intro line\nQ2: b", None);
        assert_eq!(none.len(), 1);
        assert_eq!(further_labels("x (2) y", None), []);
    }
}
