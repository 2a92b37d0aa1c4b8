//! English number words: `zero` to `nineteen`, the tens, `hundred`, `thousand`, `million`,
//! `billion`, `trillion`, `dozen`, with `and` and hyphens: "thirty-six", "thirty six",
//! "one hundred and twenty", "two million", "a dozen", "a hundred".
//!
//! The longest prefix that forms a well-built number is read: "five six" is 5 (then 6 is read
//! separately), "one hundred and" is 100. Plurals ("hundreds", "thousands") are vague amounts
//! and are not numbers. Ordinals ("second", "third") are not read.

use crate::numeric::cursor::{ascii_word_end, char_at, is_inline_space, skip_inline_ws};

/// A number written in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WordNumber {
    /// The integer value.
    pub value: u64,
    /// Byte offset just after the last word that is part of the number.
    pub end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Zero,
    Unit(u64),
    Teen(u64),
    Tens(u64),
    Hundred,
    Scale(u64),
    Dozen,
    And,
    A,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Last {
    Start,
    A,
    Zero,
    Unit,
    Teen,
    Tens,
    TensUnit,
    Hundred,
    Scale,
    Dozen,
    And,
}

const WORDS: &[(&str, Tok)] = &[
    ("zero", Tok::Zero),
    ("one", Tok::Unit(1)),
    ("two", Tok::Unit(2)),
    ("three", Tok::Unit(3)),
    ("four", Tok::Unit(4)),
    ("five", Tok::Unit(5)),
    ("six", Tok::Unit(6)),
    ("seven", Tok::Unit(7)),
    ("eight", Tok::Unit(8)),
    ("nine", Tok::Unit(9)),
    ("ten", Tok::Teen(10)),
    ("eleven", Tok::Teen(11)),
    ("twelve", Tok::Teen(12)),
    ("thirteen", Tok::Teen(13)),
    ("fourteen", Tok::Teen(14)),
    ("fifteen", Tok::Teen(15)),
    ("sixteen", Tok::Teen(16)),
    ("seventeen", Tok::Teen(17)),
    ("eighteen", Tok::Teen(18)),
    ("nineteen", Tok::Teen(19)),
    ("twenty", Tok::Tens(20)),
    ("thirty", Tok::Tens(30)),
    ("forty", Tok::Tens(40)),
    ("fourty", Tok::Tens(40)),
    ("fifty", Tok::Tens(50)),
    ("sixty", Tok::Tens(60)),
    ("seventy", Tok::Tens(70)),
    ("eighty", Tok::Tens(80)),
    ("ninety", Tok::Tens(90)),
    ("hundred", Tok::Hundred),
    ("thousand", Tok::Scale(1_000)),
    ("million", Tok::Scale(1_000_000)),
    ("billion", Tok::Scale(1_000_000_000)),
    ("trillion", Tok::Scale(1_000_000_000_000)),
    ("dozen", Tok::Dozen),
    ("and", Tok::And),
    ("a", Tok::A),
];

fn classify(word: &str) -> Option<Tok> {
    WORDS
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(word))
        .map(|&(_, t)| t)
}

/// Whether `word` can start a number written in words (`a` only together with what follows).
pub(crate) fn starts_number(word: &str) -> bool {
    matches!(
        classify(word),
        Some(Tok::Zero | Tok::Unit(_) | Tok::Teen(_) | Tok::Tens(_) | Tok::A)
    )
}

/// Running state of the word-number automaton.
struct State {
    total: u64,
    current: u64,
    last: Last,
    last_scale: u64,
    hundred_in_group: bool,
}

impl State {
    /// Applies one token; `false` when the token cannot continue the number.
    fn step(&mut self, tok: Tok) -> bool {
        use Last as L;
        match (self.last, tok) {
            (L::Start, Tok::Zero) => self.set(0, L::Zero),
            (L::Start, Tok::A) => {
                self.last = L::A;
                true
            }
            (L::Start, Tok::Unit(v)) => self.set(v, L::Unit),
            (L::Start, Tok::Teen(v)) => self.set(v, L::Teen),
            (L::Start, Tok::Tens(v)) => self.set(v, L::Tens),
            (L::A, Tok::Hundred) => {
                self.hundred_in_group = true;
                self.set(100, L::Hundred)
            }
            (L::A, Tok::Scale(s)) => self.commit(1, s),
            (L::A, Tok::Dozen) => self.set(12, L::Dozen),
            (L::Unit, Tok::Dozen) if self.total == 0 && !self.hundred_in_group => {
                self.set(self.current * 12, L::Dozen)
            }
            (L::Unit | L::Teen | L::TensUnit, Tok::Hundred) if !self.hundred_in_group => {
                self.hundred_in_group = true;
                self.set(self.current * 100, L::Hundred)
            }
            (L::Tens, Tok::Unit(v)) => self.add(v, L::TensUnit),
            (L::Hundred | L::Scale, Tok::And) => {
                self.last = L::And;
                true
            }
            (L::Hundred | L::And | L::Scale, Tok::Unit(v)) => self.add(v, L::Unit),
            (L::Hundred | L::And | L::Scale, Tok::Teen(v)) => self.add(v, L::Teen),
            (L::Hundred | L::And | L::Scale, Tok::Tens(v)) => self.add(v, L::Tens),
            (L::Unit | L::Teen | L::Tens | L::TensUnit | L::Hundred, Tok::Scale(s)) => {
                self.commit(self.current, s)
            }
            _ => false,
        }
    }

    fn set(&mut self, v: u64, last: Last) -> bool {
        self.current = v;
        self.last = last;
        true
    }

    fn add(&mut self, v: u64, last: Last) -> bool {
        self.current += v;
        self.last = last;
        true
    }

    fn commit(&mut self, group: u64, scale: u64) -> bool {
        if group == 0 || scale >= self.last_scale {
            return false;
        }
        match group
            .checked_mul(scale)
            .and_then(|g| g.checked_add(self.total))
        {
            Some(t) => {
                self.total = t;
                self.current = 0;
                self.last_scale = scale;
                self.hundred_in_group = false;
                self.last = Last::Scale;
                true
            }
            None => false,
        }
    }

    fn complete(&self) -> bool {
        !matches!(self.last, Last::Start | Last::A | Last::And)
    }

    fn terminal(&self) -> bool {
        matches!(self.last, Last::Zero | Last::Dozen)
    }
}

/// Reads a number written in words at `pos` (which must start an ASCII word).
pub(crate) fn parse_number_words(text: &str, pos: usize) -> Option<WordNumber> {
    let mut st = State {
        total: 0,
        current: 0,
        last: Last::Start,
        last_scale: u64::MAX,
        hundred_in_group: false,
    };
    let mut best = None;
    let mut i = pos;
    loop {
        let end = ascii_word_end(text, i);
        if end == i || char_at(text, end).is_some_and(char::is_alphanumeric) {
            break;
        }
        let Some(tok) = text.get(i..end).and_then(classify) else {
            break;
        };
        if !st.step(tok) {
            break;
        }
        if st.complete() {
            best = Some(WordNumber {
                value: st.total.saturating_add(st.current),
                end,
            });
        }
        if st.terminal() {
            break;
        }
        let next = match char_at(text, end) {
            Some('-') => end + 1,
            Some(c) if is_inline_space(c) => skip_inline_ws(text, end, 2),
            _ => break,
        };
        if !text
            .as_bytes()
            .get(next)
            .is_some_and(u8::is_ascii_alphabetic)
        {
            break;
        }
        i = next;
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Option<(u64, &str)> {
        parse_number_words(s, 0).map(|w| (w.value, &s[..w.end]))
    }

    #[test]
    fn reads_well_formed_numbers() {
        assert_eq!(words("thirty-six"), Some((36, "thirty-six")));
        assert_eq!(words("Thirty six servers"), Some((36, "Thirty six")));
        assert_eq!(
            words("one hundred and twenty"),
            Some((120, "one hundred and twenty"))
        );
        assert_eq!(words("twelve"), Some((12, "twelve")));
        assert_eq!(words("a dozen eggs"), Some((12, "a dozen")));
        assert_eq!(words("two dozen"), Some((24, "two dozen")));
        assert_eq!(words("a hundred"), Some((100, "a hundred")));
        assert_eq!(words("a thousand"), Some((1000, "a thousand")));
        assert_eq!(words("two million"), Some((2_000_000, "two million")));
        assert_eq!(
            words("three thousand four hundred and five"),
            Some((3405, "three thousand four hundred and five"))
        );
        assert_eq!(
            words("one million two hundred thousand"),
            Some((1_200_000, "one million two hundred thousand"))
        );
        assert_eq!(
            words("twenty-five hundred"),
            Some((2500, "twenty-five hundred"))
        );
        assert_eq!(words("zero"), Some((0, "zero")));
        assert_eq!(words("ten"), Some((10, "ten")));
    }

    #[test]
    fn stops_at_the_longest_valid_prefix() {
        assert_eq!(words("five six"), Some((5, "five")));
        assert_eq!(words("one and"), Some((1, "one")));
        assert_eq!(words("one hundred and"), Some((100, "one hundred")));
        assert_eq!(words("five-minute"), Some((5, "five")));
        assert_eq!(words("thousand million"), None);
        assert_eq!(words("one thousand thousand"), Some((1000, "one thousand")));
        assert_eq!(words("zero zero"), Some((0, "zero")));
        assert_eq!(words("twenty twenty"), Some((20, "twenty")));
    }

    #[test]
    fn rejects_non_numbers() {
        assert_eq!(words("a"), None);
        assert_eq!(words("a lot"), None);
        assert_eq!(words("hundred"), None);
        assert_eq!(words("hundreds"), None);
        assert_eq!(words("often"), None);
        assert_eq!(words("one2"), None);
        assert_eq!(words("and"), None);
        assert!(starts_number("Thirty"));
        assert!(!starts_number("hundred"));
    }
}
