//! The learner's id as a YAML value, read the same way in a YAML form (`learner:`) and in a
//! Markdown file's front matter (`learner:`, `student_id:`, …): one name or number, the number
//! as written (`00123`, not YAML's `123`). A list or a mapping is refused at its own place, in
//! words about the id: serde's error for it stood at the top of the document, in words about
//! quoting text.

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::yaml::{self, Spanned};

/// A learner id as YAML read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum IdValue {
    /// A string, or a number or boolean written as one; `number`: YAML read it as a number,
    /// so `text` is YAML's reading and the id is read back as written.
    One { text: String, number: bool },
    /// A null (`learner: ~`, or `learner:` with nothing after it): no id.
    Null,
    /// A list or a mapping: not an id.
    NotOne,
}

/// The message for key `key` whose value is a list or a mapping.
pub(crate) fn not_one_message(key: &str) -> String {
    format!("`{key}`: expected the learner's id (one name or number), not a list or a mapping")
}

/// The id of `value`, read under `key` in the YAML text `src` (where its place is): trimmed,
/// a number as written; `Ok(None)` for a null or an id of only spaces; the error's message
/// ([`not_one_message`]) for a list or a mapping.
pub(crate) fn read(
    key: &str,
    value: &Spanned<IdValue>,
    src: &str,
) -> Result<Option<String>, String> {
    let (line, column) = yaml::place(value);
    let text = match &value.value {
        IdValue::NotOne => return Err(not_one_message(key)),
        IdValue::Null => return Ok(None),
        IdValue::One { text, number } => number
            .then(|| yaml::number_as_written(src, line, column))
            .flatten()
            .unwrap_or_else(|| text.trim().to_string()),
    };
    Ok(Some(text).filter(|t| !t.is_empty()))
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
                Ok(IdValue::One {
                    text: v.to_string(),
                    number: false,
                })
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<IdValue, E> {
                Ok(number(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<IdValue, E> {
                Ok(number(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<IdValue, E> {
                Ok(number(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<IdValue, E> {
                self.visit_str(&v.to_string())
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

fn number(v: impl ToString) -> IdValue {
    IdValue::One {
        text: v.to_string(),
        number: true,
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
        let doc: Doc = yaml::from_str(src).map_err(|e| e.message)?;
        read("id", &doc.id, src)
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
            ("id: \"  s7 \"\n", Some("s7")),
            ("id: \"  \"\n", None),
            ("id: ~\n", None),
            ("id:\n", None),
        ] {
            assert_eq!(id(src).unwrap().as_deref(), want, "{src:?}");
        }
    }

    #[test]
    fn a_list_or_a_mapping_is_no_id() {
        for src in ["id: [a, b]\n", "id:\n  - a\n", "id: {k: v}\n"] {
            assert_eq!(id(src), Err(not_one_message("id")), "{src:?}");
        }
    }
}
