//! The decimal mark learners write: a point (`1.5`, the default) or a comma (`1,5`), set per
//! rubric (`decimal-mark`), as Moodle sets it per language.
//!
//! With a comma, a comma directly followed by a digit is the decimal mark (`1,5 s`, `0,25`),
//! and the thousands separators are a point or a space between groups of three digits
//! (`5.000 req/s`, `1 200 000`). A point that does not group three digits is still read as a
//! decimal point (`0.4 s`, `1.5`): learners of such a course write both. The rubric's own
//! values are YAML numbers and always use a point.

/// How the learners of a rubric write the decimal mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DecimalMark {
    /// `1.5`; a comma groups thousands (`1,667`) or is punctuation.
    #[default]
    Point,
    /// `1,5`; a point or a space groups thousands (`1.667`, `1 667`).
    Comma,
}

impl DecimalMark {
    /// The mark a rubric names: `"."` or `","`.
    pub fn from_rubric(s: &str) -> Option<DecimalMark> {
        match s.trim() {
            "." => Some(DecimalMark::Point),
            "," => Some(DecimalMark::Comma),
            _ => None,
        }
    }

    /// Does `c` separate thousands with this mark?
    pub(crate) fn groups_with(self, c: char) -> bool {
        match self {
            DecimalMark::Point => c == ',',
            DecimalMark::Comma => c == '.',
        }
    }

    /// `text`, a number written with a decimal point and comma thousands separators
    /// (`1,200,000.5`), as a learner of this mark reads it: with a comma, the decimal mark
    /// becomes a comma and each thousands separator a no-break space (`1 200 000,5`; a
    /// point would read as a decimal point to some, a comma to others). Other text is kept.
    pub fn localize(self, text: &str) -> std::borrow::Cow<'_, str> {
        if self == DecimalMark::Point || !text.contains([',', '.']) {
            return std::borrow::Cow::Borrowed(text);
        }
        let b = text.as_bytes();
        let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
        let mut out = String::with_capacity(text.len() + 4);
        for (i, c) in text.char_indices() {
            // Only a mark between digits is a number's: "e.g." and "a, b" stay.
            let inside = i > 0 && digit(i - 1) && digit(i + 1);
            match c {
                ',' if inside => out.push('\u{a0}'),
                '.' if inside => out.push(','),
                _ => out.push(c),
            }
        }
        std::borrow::Cow::Owned(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rubric_names_a_point_or_a_comma() {
        assert_eq!(DecimalMark::from_rubric("."), Some(DecimalMark::Point));
        assert_eq!(DecimalMark::from_rubric(","), Some(DecimalMark::Comma));
        assert_eq!(DecimalMark::from_rubric("comma"), None);
        assert_eq!(DecimalMark::from_rubric(""), None);
    }

    #[test]
    fn localize_swaps_only_the_marks_between_digits() {
        let c = DecimalMark::Comma;
        assert_eq!(c.localize("1,200,000.5 s"), "1\u{a0}200\u{a0}000,5 s");
        assert_eq!(c.localize("your 0.25, e.g. 12"), "your 0,25, e.g. 12");
        assert_eq!(c.localize("±0.5 s (5%)"), "±0,5 s (5%)");
        assert_eq!(c.localize("no numbers here."), "no numbers here.");
        assert_eq!(DecimalMark::Point.localize("1,200.5"), "1,200.5");
    }
}
