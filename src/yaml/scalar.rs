//! A YAML scalar read as text, whatever YAML took it for: a string, or a number or boolean
//! with the text its author wrote (`00123`, `12.50`, not YAML's `123`, `12.5`). Learners'
//! answers in YAML forms and learner ids are read as this.

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use super::Spanned;

/// A scalar's text; see the module's doc.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Scalar {
    /// YAML's reading.
    pub text: String,
    /// YAML read it as a number: `text` is the number's, not what was written (see
    /// [`Scalar::written_at`]).
    pub number: bool,
}

impl Scalar {
    /// A string (or a boolean, which is its word).
    pub fn text(v: impl ToString) -> Scalar {
        Scalar {
            text: v.to_string(),
            number: false,
        }
    }

    /// A number, as YAML read it.
    pub fn number(v: impl ToString) -> Scalar {
        Scalar {
            text: v.to_string(),
            number: true,
        }
    }

    /// The text as written in `src`, the scalar standing at the place of `at` (a `Spanned`
    /// of it, or of an `Option` of it): a number's own digits where they can be found there,
    /// else YAML's reading.
    pub fn written_at<T>(&self, at: &Spanned<T>, src: &str) -> String {
        (self.number)
            .then(|| number_as_written(src, at))
            .flatten()
            .unwrap_or_else(|| self.text.clone())
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar::text(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar::number(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar::number(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar::number(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar::text(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// A plain number as its author wrote it where `value` was defined in `src` (for an alias,
/// `*id`, where the anchored value is), without an anchor or a tag written before it (`&id
/// 007`, `!t 007`): YAML reads a plain scalar that looks like a number as that number,
/// whose text (`5`, `12.5`) loses what was written (`5.000`, `12.50`: the zeros that count as
/// significant digits, a point that groups thousands in a course that writes decimal commas).
/// `None` where no plain scalar of at most 40 characters with a digit stands there.
fn number_as_written<T>(src: &str, value: &Spanned<T>) -> Option<String> {
    let (line, column) = (value.defined.line(), value.defined.column());
    number_at(src, u32::try_from(line).ok()?, u32::try_from(column).ok()?)
}

/// [`number_as_written`] at 1-based `line` and `column` of `src`.
fn number_at(src: &str, line: u32, column: u32) -> Option<String> {
    let written = super::written::written_at(src, line, column).value?;
    let mut v = written.as_str();
    // Node properties: an anchor and a tag, each followed by a space.
    while v.starts_with(['&', '!']) {
        v = v.split_once([' ', '\t'])?.1.trim_start();
    }
    let plain = !v.starts_with(['"', '\'', '*', '|', '>'])
        && !v.ends_with('…')
        && (v.contains(|c: char| c.is_ascii_digit()) || non_finite(v));
    plain.then(|| v.to_string())
}

/// Whether `v` is one of YAML's spellings of infinity or not-a-number (`.inf`, `-.Inf`,
/// `.NaN`, …), which hold no digit.
fn non_finite(v: &str) -> bool {
    let unsigned = v.strip_prefix(['+', '-']).unwrap_or(v);
    matches!(
        unsigned,
        ".inf" | ".Inf" | ".INF" | ".nan" | ".NaN" | ".NAN"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// The text of key `k` in `src`.
    fn written(src: &str, k: &str) -> String {
        let doc: BTreeMap<String, Spanned<Scalar>> = crate::yaml::from_str(src).unwrap();
        doc[k].value.written_at(&doc[k], src)
    }

    #[test]
    fn a_number_is_its_digits_as_written() {
        for (src, want) in [
            ("a: 00123\n", "00123"),
            ("a: 12.50  # rounded\n", "12.50"),
            ("a: 0x1F\n", "0x1F"),
            ("a: 1e3\n", "1e3"),
            ("a: \"007\"\n", "007"),
            ("a: 1_000\n", "1_000"),
        ] {
            assert_eq!(written(src, "a"), want, "{src:?}");
        }
    }

    /// An anchor or a tag before the number is no part of it, and an alias stands for the
    /// anchored number as written there (it read `*c1`).
    #[test]
    fn anchors_tags_and_aliases_give_the_number_as_written() {
        for (src, k, want) in [
            ("a: &c1 007\n", "a", "007"),
            ("a: !mark 007\n", "a", "007"),
            ("a: &c1 !mark 12.50\n", "a", "12.50"),
            ("a: &c1 007\nb: *c1\n", "b", "007"),
            ("a: &c1 12.50\nb: *c1  # again\n", "b", "12.50"),
        ] {
            assert_eq!(written(src, k), want, "{src:?}");
        }
    }

    /// What is written before the number at its place is stripped: an anchor and a tag.
    #[test]
    fn properties_before_a_number_are_no_part_of_it() {
        for (src, want) in [
            ("a: &c1 !t 007\n", Some("007")),
            ("a: !t\t12.50 # x\n", Some("12.50")),
            ("a: *c1\n", None),
            ("a: &c1 \"007\"\n", None),
            ("a: &c1\n", None),
        ] {
            assert_eq!(number_at(src, 1, 4).as_deref(), want, "{src:?}");
        }
    }

    /// A string is read as YAML gives it: its quotes and escapes are not the learner's text.
    #[test]
    fn a_string_is_yamls_reading() {
        assert_eq!(written("a: \"x\\ty 1\"\n", "a"), "x\ty 1");
        assert_eq!(written("a: '1 '' 2'\n", "a"), "1 ' 2");
    }
}
