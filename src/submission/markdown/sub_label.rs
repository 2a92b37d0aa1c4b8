//! Labels that number a question inside its exercise, read only where nothing else reads a
//! label ("Q1a:", "1b)", "2.ii", "3(c)", and "5.3 On a price change …" inside a run of
//! "5.1", "5.2"). The placer decides where they count (`Placer::block_label`): a learner who
//! writes "Q2a" inside another exercise means a part of an answer, not a question.

use crate::submission::markdown::cursor::reader_cursor;
use crate::submission::markdown::label::{Label, Shape};

reader_cursor!();

/// The letters read as a question's place after an exercise number: a to h (a = 1). Later
/// letters are more often a number's unit ("5k", "2m") than a ninth question.
const LETTERS: &[u8] = b"abcdefgh";

/// Roman numerals read as a question's place after "N.", "N(" or "Q N.": i to xii.
const ROMAN: &[&str] = &[
    "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
];

/// "Q1a:", "Q1a -", "1b)", "1b.", "2.ii", "2.iii:", "3(c)", "Q3.iv": the exercise's number
/// (`exercise`, counting from 1) and the question's place in it written as a letter (a = 1)
/// or a roman numeral, at the start of `text`. Without "Q" or a dot before the letter,
/// a delimiter must follow it ("1a)"; "5b users" is a number).
pub(super) fn sub_label_at_start(text: &str) -> Option<Label> {
    sub_label(text, false)
}

/// [`sub_label_at_start`] for a heading's text, where the label may also stand alone
/// ("### Q1a", "## 2.ii"): the heading's end delimits it.
pub(super) fn heading_sub_label(text: &str) -> Option<Label> {
    sub_label(text, true)
}

fn sub_label(text: &str, alone: bool) -> Option<Label> {
    let mut c = Cursor::at(text, 0);
    c.skip_blank(true);
    let start = c.i;
    // "**Q1a:** …", "**Q1a**: …": the label in strong emphasis.
    let strong = ["**", "__"].into_iter().find(|d| c.rest().starts_with(d));
    if let Some(d) = strong {
        c.i += d.len();
    }
    let q = c.eat("q");
    if q {
        c.eat(".");
        c.skip_spaces();
    }
    let exercise = c.number()?;
    let (number, marked) = if c.eat(".") {
        (c.place(true)?, true)
    } else if c.eat("(") {
        let n = c.place(true)?;
        if !c.eat(")") {
            return None;
        }
        (n, true)
    } else {
        (c.place(false)?, q)
    };
    let delimited = match strong {
        None => c.delimiter(),
        Some(d) if c.eat(d) => c.delimiter(),
        Some(d) => {
            let delimited = c.delimiter();
            if !c.eat(d) {
                return None;
            }
            c.skip_spaces();
            delimited
        }
    };
    let ends = alone && c.rest().trim().is_empty();
    if !(delimited || ends || marked && c.before_text()) {
        return None;
    }
    Some(Label {
        number,
        exercise: Some(exercise),
        shape: if q { Shape::Q } else { Shape::Dot },
        delimited,
        start,
        end: c.i,
        emphasis_tail: None,
    })
}

/// A sub-label read the other way, in a file that does not number questions with letters
/// ([`lettered_exercises`]): "1a)" as the first part of question 1 of the exercise under
/// way, so a label of question 1 ("Q1a:" an explicit one). None for a later part ("1b)"),
/// which goes on with the answer under way.
pub(super) fn first_part(label: &Label) -> Option<Label> {
    let question = label.exercise?;
    (label.number == 1).then(|| Label {
        number: question,
        exercise: None,
        delimited: true,
        ..label.clone()
    })
}

/// The exercises whose questions `src` numbers with a letter or a roman numeral: those with
/// such labels for the places 1, 2 and 3 at line starts ("Q1a:", "Q1b:", "Q1c:", in a list
/// item, a quote or a heading too: "### Q1a"). A learner who writes only "1a)" and "1b)" is
/// splitting question 1 into parts, and so is one who letters a restated question's answer
/// ("2a)", "2b)").
pub(super) fn lettered_exercises(src: &str) -> Vec<u32> {
    let mut seen: Vec<(u32, u32)> = Vec::new();
    for line in src.lines() {
        let mut t = line.trim_start();
        for marker in ["> ", "- ", "+ ", "* "] {
            t = t.strip_prefix(marker).unwrap_or(t).trim_start();
        }
        // "### Q1a": a heading's label, alone or with its text.
        let heading = t.starts_with('#');
        if heading {
            t = t.trim_start_matches('#');
            if !t.starts_with([' ', '\t']) {
                continue;
            }
            t = t.trim_start();
        }
        if !t.starts_with(|c: char| c.is_ascii_digit() || matches!(c, 'q' | 'Q' | '*' | '_')) {
            continue;
        }
        if let Some(label) = sub_label(t, heading).filter(|l| l.number <= 3) {
            seen.extend(label.exercise.map(|e| (e, label.number)));
        }
    }
    seen.sort_unstable();
    seen.dedup();
    (seen.windows(3))
        .filter(|w| w[0].0 == w[2].0 && w[0].1 == 1 && w[2].1 == 3)
        .map(|w| w[0].0)
        .collect()
}

/// "5.3 On a price change …", "7.1 5,000 / 140 ≈ 36", "7.3 min 12, max 36": an exercise's
/// number, a dot and a question's number, then a space and the answer, which
/// `label_at_start` leaves as a number because a word, a unit or another number often
/// follows one ("2.5 instances", "1.5 min", "2.5 × 200"). Read only where the placer knows
/// a sequence of such labels is under way (after "5.2", or first under exercise 5's
/// heading), and never before an operator ("7.1 × 3 = 21.3" is working).
pub(super) fn dotted_in_sequence(text: &str) -> Option<Label> {
    let mut c = Cursor::at(text, 0);
    c.skip_blank(true);
    let start = c.i;
    let exercise = c.number()?;
    if !c.eat(".") {
        return None;
    }
    let number = c.number()?;
    if !c.peek().is_some_and(|ch| ch == ' ' || ch == '\t') {
        return None;
    }
    c.skip_spaces();
    let next = c.peek()?;
    let after = &c.rest()[next.len_utf8()..];
    // "*" and "x" are operators before a space or a digit ("7.2 **12** instances" is bold).
    let operator = matches!(
        next,
        '+' | '-' | '−' | '–' | '—' | '×' | '/' | '÷' | '=' | '%' | '→' | '<' | '>' | '≤' | '≥'
    ) || (matches!(next, 'x' | '*')
        && after.starts_with(|ch: char| ch == ' ' || ch.is_ascii_digit()));
    if operator || next == '\n' || next == '\r' {
        return None;
    }
    Some(Label {
        number,
        exercise: Some(exercise),
        shape: Shape::Plain,
        delimited: false,
        start,
        end: c.i,
        emphasis_tail: None,
    })
}

/// Whether `before`, the text before a line, ends with an unfinished step of working ("150 ×
/// 0.05 =", "so →", "… times 0.05 s gives"): the number that starts the line is its value,
/// not a label ("7.5" after "7.4").
pub(super) fn ends_in_working(before: &str) -> bool {
    const WORDS: &[&str] = &[
        "gives",
        "give",
        "giving",
        "is",
        "are",
        "equals",
        "of",
        "about",
        "so",
        "then",
        "means",
        "yields",
        "get",
        "gets",
        "to",
        "by",
        "around",
        "approximately",
        "roughly",
        "be",
        "at",
        "x",
    ];
    let before = before.trim_end();
    let last_word = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default()
        .to_lowercase();
    // A heading's underline ("Retrieval Prompts" then "=====") or a rule ("---") is no
    // working.
    let last_line = before
        .rsplit(['\n', '\r'])
        .next()
        .unwrap_or_default()
        .trim();
    let rule = last_line
        .chars()
        .next()
        .filter(|c| matches!(c, '=' | '-' | '*' | '_'));
    if last_line.len() >= 3 && rule.is_some_and(|r| last_line.chars().all(|c| c == r || c == ' ')) {
        return false;
    }
    before.ends_with(['=', '×', '*', '/', '÷', '+', '-', '−', '→', '≈', '~', '('])
        || before.ends_with("->")
        || WORDS.contains(&last_word.as_str())
}

impl Cursor<'_> {
    /// A question's place: a roman numeral (only when `roman`) or one letter of `LETTERS`,
    /// not glued to another letter.
    fn place(&mut self, roman: bool) -> Option<u32> {
        let len = self
            .rest()
            .bytes()
            .take_while(u8::is_ascii_alphabetic)
            .count();
        let token = self.rest()[..len].to_ascii_lowercase();
        let n = match ROMAN.iter().position(|r| *r == token) {
            Some(i) if roman => i + 1,
            _ if len == 1 => LETTERS.iter().position(|&b| b == token.as_bytes()[0])? + 1,
            _ => return None,
        };
        self.i += len;
        u32::try_from(n).ok()
    }

    /// Eats a delimiter (".", ")", ":", or a spaced dash) and the spaces after it; whether
    /// there was one.
    fn delimiter(&mut self) -> bool {
        let save = self.i;
        if self.eat(".") || self.eat(")") || self.eat(":") {
            if self.at_boundary() {
                self.skip_spaces();
                return true;
            }
            self.i = save;
            return false;
        }
        self.skip_spaces();
        let dash = ['-', '–', '—']
            .into_iter()
            .find(|d| self.rest().starts_with(*d));
        if let Some(d) = dash.filter(|_| self.i > save) {
            self.i += d.len_utf8();
            if self.at_boundary() {
                self.skip_spaces();
                return true;
            }
        }
        self.i = save;
        false
    }

    /// Whether a space and then a word follow (the label's text, with no delimiter).
    fn before_text(&mut self) -> bool {
        if !self.skip_spaces() {
            return false;
        }
        self.peek().is_some_and(char::is_alphanumeric)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn sub(text: &str) -> Option<(u32, u32, &str)> {
        sub_label_at_start(text).map(|l| (l.exercise.unwrap(), l.number, &text[l.end..]))
    }

    /// A heading's label may stand alone; a paragraph's needs a delimiter or text after it.
    #[test]
    fn a_heading_label_may_stand_alone() {
        for text in ["Q1a", "1a", "2.ii", "**Q1b**", "Q1c  "] {
            assert!(heading_sub_label(text).is_some(), "{text:?}");
        }
        for text in ["1a", "2.ii", "5b users", "Q1ab"] {
            assert!(sub_label_at_start(text).is_none(), "{text:?}");
        }
        assert!(heading_sub_label("5b users").is_none());
        assert_eq!(
            lettered_exercises("### Q1a\n\n## Q1b: x\n\n#### 1c)\n#Q2a\n"),
            [1]
        );
    }

    #[test]
    fn exercise_and_letter_or_roman() {
        let cases = [
            ("Q1a: vertical is", Some((1, 1, "vertical is"))),
            ("Q1e: DNS cache", Some((1, 5, "DNS cache"))),
            ("q2b - scale up", Some((2, 2, "scale up"))),
            ("Q1a vertical", Some((1, 1, "vertical"))),
            ("1b) stateless", Some((1, 2, "stateless"))),
            ("1c. sticky", Some((1, 3, "sticky"))),
            ("2.i scale up vs", Some((2, 1, "scale up vs"))),
            ("2.ii stateless vs", Some((2, 2, "stateless vs"))),
            ("2.iv: CDN", Some((2, 4, "CDN"))),
            ("2.vi thundering", Some((2, 6, "thundering"))),
            ("2.c cache-aside", Some((2, 3, "cache-aside"))),
            ("3(c) fail open", Some((3, 3, "fail open"))),
            ("Q3.iv — jitter", Some((3, 4, "jitter"))),
            ("**Q1a:** vertical", Some((1, 1, "vertical"))),
            ("**Q1b**: stateless", Some((1, 2, "stateless"))),
            ("__2.iii__ cache-aside", Some((2, 3, "cache-aside"))),
        ];
        for (text, want) in cases {
            assert_eq!(sub(text), want, "{text}");
        }
    }

    #[test]
    fn numbers_with_units_are_no_labels() {
        for text in [
            "5b users",
            "5k rps",
            "2m requests",
            "1a",
            "3am deploys",
            "Q1am",
            "2.5 instances",
            "1.e.g. this",
            "12 servers",
            "Q1: plain",
            "1ab) two letters",
            "4i) not a letter we read",
            "**Q1a: unclosed emphasis",
            "**5b** users",
        ] {
            assert_eq!(sub(text), None, "{text}");
        }
    }

    #[test]
    fn exercises_lettered_a_to_c_at_line_starts() {
        let src =
            "## Retrieval\nQ1a: x\n- Q1b: y\n> **Q1c:** z\n\n1a) part\n1b) part\n\n2.i a\n2.ii b\n";
        assert_eq!(lettered_exercises(src), vec![1]);
        assert_eq!(
            lettered_exercises("1a) part\n1b) part\n2) next"),
            Vec::<u32>::new()
        );
        assert_eq!(lettered_exercises("2.i a\n2.ii b\n2.iii c"), vec![2]);
    }

    #[test]
    fn a_first_part_read_as_its_question() {
        fn part(text: &str) -> Option<(u32, Option<u32>, Shape, &str)> {
            sub_label_at_start(text)
                .as_ref()
                .and_then(first_part)
                .map(|l| (l.number, l.exercise, l.shape, &text[l.end..]))
        }
        assert_eq!(part("1a) one box"), Some((1, None, Shape::Dot, "one box")));
        assert_eq!(
            part("3.i cache-aside"),
            Some((3, None, Shape::Dot, "cache-aside"))
        );
        assert_eq!(part("**Q2a:** keeps"), Some((2, None, Shape::Q, "keeps")));
        assert_eq!(part("1b) dies"), None);
        assert_eq!(part("2.ii b"), None);
        assert_eq!(part("5a users"), None);
    }

    #[test]
    fn dotted_numbers_in_a_sequence() {
        let label = dotted_in_sequence("8.3 instances = peak / capacity").unwrap();
        assert_eq!((label.exercise, label.number), (Some(8), 3));
        assert_eq!(
            &"8.3 instances = peak / capacity"[label.end..],
            "instances = peak / capacity"
        );
        // The answer may start with a number or a unit word: the sequence says it is a label.
        for (text, rest) in [
            ("5.3 On a change", "On a change"),
            ("7.1 5,000 / 140 ≈ 36 pods", "5,000 / 140 ≈ 36 pods"),
            ("7.3 min 12, max 36", "min 12, max 36"),
            ("7.2 (mean) 12", "(mean) 12"),
            ("7.4 xl pool", "xl pool"),
        ] {
            let label = dotted_in_sequence(text).unwrap();
            assert_eq!(&text[label.end..], rest, "{text}");
        }
        assert!(dotted_in_sequence("7.4 ~10 in flight").is_some());
        assert!(dotted_in_sequence("7.2 **12** instances").is_some());
        // An operator after it makes it working, not a label.
        for text in [
            "8.3",
            "8.3 ",
            "8.3 = 4",
            "8.3 × 2",
            "8.3 x 2",
            "8.3 * 2",
            "8.3 / 2",
            "8.3 % of",
            "8.3 → 9",
            "8.3 – so 9",
            "8 instances",
            "8.3instances",
            "Q8.3 x",
            "8.3\nnext",
        ] {
            assert!(dotted_in_sequence(text).is_none(), "{text}");
        }
        // After an unfinished step of working, a number is its value.
        for before in [
            "150 × 0.05 =",
            "gives →\n",
            "150 x",
            "= (\n\n",
            "times 0.05 s gives\n",
        ] {
            assert!(ends_in_working(before), "{before:?}");
        }
        for before in [
            "36 instances.",
            "7.4 Little's law",
            "",
            "max 36\n",
            "Retrieval Prompts\n=================\n\n",
            "Capacity\n---\n",
            "36 instances\n\n* * *\n",
        ] {
            assert!(!ends_in_working(before), "{before:?}");
        }
    }
}
