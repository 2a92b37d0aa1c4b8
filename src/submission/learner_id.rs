//! The learner's id as a YAML value, read the same way in a YAML form (`learner:`) and in a
//! Markdown file's front matter (`learner:`, `student_id:`, …): one name or number, the number
//! as written (`00123`, not YAML's `123`; see [`crate::yaml::Scalar`]), trimmed. A list or a
//! mapping is refused at its own place, in words about the id.

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::yaml::{Scalar, Spanned, YamlError};

/// A learner id as YAML read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum IdValue {
    /// A string, a number or a boolean.
    One(Scalar),
    /// A null (`learner: ~`, or `learner:` with nothing after it): no id. (Read into an
    /// `Option`, as both readers do, a null is `None` before it gets here.)
    Null,
    /// A list or a mapping: not an id.
    NotOne,
}

/// The message for key `key` whose value is a list or a mapping.
fn not_one_message(key: &str) -> String {
    format!("`{key}`: expected the learner's id (one name or number), not a list or a mapping")
}

/// The id of `value`, read under `key` in the YAML text `src`: trimmed, a number as written;
/// `Ok(None)` for a null or an id of only spaces; for a list or a mapping, the error at its
/// place ([`not_one_message`]).
pub(crate) fn read(
    key: &str,
    value: &Spanned<IdValue>,
    src: &str,
) -> Result<Option<String>, YamlError> {
    let text = match &value.value {
        IdValue::NotOne => {
            let (line, column) = crate::yaml::place(value);
            return Err(YamlError {
                message: not_one_message(key),
                line,
                column,
            });
        }
        IdValue::Null => return Ok(None),
        IdValue::One(scalar) => scalar.written_at(value, src),
    };
    let text = text.trim();
    Ok((!text.is_empty()).then(|| text.to_string()))
}

impl<'de> Deserialize<'de> for IdValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = IdValue;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a learner id (text or a number)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<IdValue, E> {
                Ok(IdValue::One(Scalar::text(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<IdValue, E> {
                Ok(IdValue::One(Scalar::number(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<IdValue, E> {
                Ok(IdValue::One(Scalar::number(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<IdValue, E> {
                Ok(IdValue::One(Scalar::number(v)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<IdValue, E> {
                Ok(IdValue::One(Scalar::text(v)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<IdValue, E> {
                Ok(IdValue::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<IdValue, E> {
                Ok(IdValue::Null)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<IdValue, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(IdValue::NotOne)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<IdValue, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(IdValue::NotOne)
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Doc {
        id: Spanned<IdValue>,
    }

    fn id(src: &str) -> Result<Option<String>, String> {
        let doc: Doc = crate::yaml::from_str_as_written(src).map_err(|e| e.message)?;
        read("id", &doc.id, src).map_err(|e| e.message)
    }

    #[test]
    fn one_name_or_number_is_the_id_as_written() {
        for (src, want) in [
            ("id: ana-01\n", Some("ana-01")),
            ("id: 1042\n", Some("1042")),
            ("id: 00123\n", Some("00123")),
            ("id: 0x5F # hex\n", Some("0x5F")),
            ("id: 1.50\n", Some("1.50")),
            ("id: true\n", Some("true")),
            // YAML's infinities and not-a-number, and a number too large for a float, are
            // what the learner wrote, as other numbers are (before, the file was refused:
            // "`.inf` is not a finite number").
            ("id: .inf\n", Some(".inf")),
            ("id: -.Inf  # c\n", Some("-.Inf")),
            ("id: .NaN\n", Some(".NaN")),
            ("id: 1e400\n", Some("1e400")),
            ("id: -1e400\n", Some("-1e400")),
            ("id: \"  s7 \"\n", Some("s7")),
            // An alias is the anchored id as written there (it read `*c1`); a tag of the
            // learner's own is no part of it.
            ("course: &c1 007\nid: *c1\n", Some("007")),
            ("id: &me 00123\n", Some("00123")),
            ("id: !custom s9\n", Some("s9")),
            ("id: \"  \"\n", None),
            ("id: ~\n", None),
            ("id:\n", None),
        ] {
            assert_eq!(id(src).unwrap().as_deref(), want, "{src:?}");
        }
    }

    /// Refused at the value's own place, not at the top of the document.
    #[test]
    fn a_list_or_a_mapping_is_no_id() {
        for (src, place) in [
            ("id: [a, b]\n", (1, 5)),
            ("x: 1\nid:\n  - a\n", (3, 3)),
            ("id: {k: v}\n", (1, 5)),
        ] {
            let doc: Doc = crate::yaml::from_str_as_written(src).unwrap();
            let e = read("id", &doc.id, src).unwrap_err();
            assert_eq!(e.message, not_one_message("id"), "{src:?}");
            assert_eq!((e.line, e.column), place, "{src:?}");
        }
    }
}
