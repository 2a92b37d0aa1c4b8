//! The rubric exactly as written in YAML: serde types that mirror the file, with the place of
//! every value that validation may need to point at. No logic lives here: `validate` turns
//! these into the checked, compiled types of `model.rs`.
//!
//! The types do not deny unknown fields: serde would stop at the first. They are read through
//! `yaml::from_str_noting_unknown`, which returns every key they ignore with its place and the
//! fields of the type it is in (from serde's derive), and each one is an error of the rubric.
//!
//! Nor do they make serde require a field: a missing one would stop the whole file there, and
//! every problem after it (unknown keys, validation's) would go unreported. A required field
//! is an `Option` read through `required`: `None` when the key is absent, which validation
//! reports at the mapping that lacks it, with the rubric's other problems. An optional field
//! is read through `optional`: `None` only when absent too, so a key written with no value
//! (`~`, `null`, nothing) is refused whether it is required or not, as an empty list or
//! mapping key is (`examples:`), and an empty list item (`- ~`).

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};

use crate::yaml::Spanned;

/// A rubric file (the main one or an included one).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct RawRubric {
    #[serde(default, deserialize_with = "optional")]
    pub id: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "optional")]
    pub title: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "optional")]
    pub version: Option<String>,
    #[serde(default, deserialize_with = "optional")]
    pub scale: Option<Spanned<Vec<f64>>>,
    /// Read as absent when written with no value: `comma_course::empty_mark` refuses that
    /// with a message of its own (what the key does, and how to write it).
    pub decimal_mark: Option<Spanned<String>>,
    #[serde(default)]
    pub include: Vec<Spanned<String>>,
    #[serde(default, deserialize_with = "optional")]
    pub defaults: Option<Spanned<RawDefaults>>,
    #[serde(default)]
    pub vocabulary: BTreeMap<String, Spanned<Patterns>>,
    #[serde(default)]
    pub misconceptions: BTreeMap<String, Spanned<RawMisconception>>,
    #[serde(default)]
    pub exercises: Vec<Spanned<RawExercise>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub struct RawDefaults {
    #[serde(default, deserialize_with = "optional")]
    pub proximity: Option<Spanned<u32>>,
    #[serde(default, deserialize_with = "optional")]
    pub list_cap: Option<Spanned<f64>>,
    #[serde(default, deserialize_with = "optional")]
    pub copy_cap: Option<Spanned<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct RawMisconception {
    #[serde(default, deserialize_with = "required")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "required")]
    pub feedback: Option<String>,
    /// Optional: patterns that detect this misconception in an answer to any question.
    #[serde(rename = "match", default, deserialize_with = "optional")]
    pub patterns: Option<Spanned<Patterns>>,
    #[serde(default, deserialize_with = "optional")]
    pub all: Option<Spanned<Patterns>>,
    #[serde(default, deserialize_with = "optional")]
    pub unless: Option<Spanned<Patterns>>,
    #[serde(default, deserialize_with = "optional")]
    pub unless_anywhere: Option<Spanned<Patterns>>,
    #[serde(default, deserialize_with = "optional")]
    pub polarity: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "optional")]
    pub cap: Option<Spanned<f64>>,
    #[serde(default, deserialize_with = "optional")]
    pub penalty: Option<Spanned<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct RawExercise {
    #[serde(default, deserialize_with = "required")]
    pub id: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "required")]
    pub title: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default, deserialize_with = "required")]
    pub questions: Option<Vec<Spanned<RawQuestion>>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct RawQuestion {
    /// Any number here: validation says why `2.5` or `0` is not a question number.
    #[serde(default, deserialize_with = "required")]
    pub number: Option<Spanned<f64>>,
    #[serde(default, deserialize_with = "required")]
    pub prompt: Option<String>,
    #[serde(default, deserialize_with = "optional")]
    pub points: Option<Spanned<f64>>,
    #[serde(default)]
    pub concepts: Vec<Spanned<RawConcept>>,
    #[serde(default)]
    pub numbers: Vec<Spanned<RawNumber>>,
    #[serde(default)]
    pub mistakes: Vec<Spanned<RawMistake>>,
    #[serde(default, deserialize_with = "optional")]
    pub scoring: Option<Spanned<RawScoring>>,
    #[serde(default, deserialize_with = "optional")]
    pub list_cap: Option<Spanned<f64>>,
    #[serde(default, deserialize_with = "optional")]
    pub copy_cap: Option<Spanned<f64>>,
    #[serde(default)]
    pub examples: Vec<Spanned<RawExample>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct RawConcept {
    #[serde(default, deserialize_with = "required")]
    pub id: Option<Spanned<String>>,
    #[serde(rename = "match", default, deserialize_with = "optional")]
    pub patterns: Option<Spanned<Patterns>>,
    #[serde(default, deserialize_with = "optional")]
    pub all: Option<Spanned<Patterns>>,
    #[serde(default, deserialize_with = "optional")]
    pub unless: Option<Spanned<Patterns>>,
    #[serde(default, deserialize_with = "optional")]
    pub polarity: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "optional")]
    pub weight: Option<Spanned<f64>>,
    #[serde(default, deserialize_with = "required")]
    pub feedback: Option<String>,
    #[serde(default, deserialize_with = "optional")]
    pub praise: Option<String>,
    /// `learner` (default) or `instructor`: who may see this concept in reports.
    #[serde(default, deserialize_with = "optional")]
    pub visibility: Option<Spanned<String>>,
    /// `point` (default) or `weakness`: see `model::ConceptKind`.
    #[serde(default, deserialize_with = "optional")]
    pub kind: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct RawMistake {
    #[serde(default, deserialize_with = "required")]
    pub id: Option<Spanned<String>>,
    #[serde(rename = "match", default, deserialize_with = "required")]
    pub patterns: Option<Spanned<Patterns>>,
    #[serde(default, deserialize_with = "optional")]
    pub all: Option<Spanned<Patterns>>,
    #[serde(default, deserialize_with = "optional")]
    pub unless: Option<Spanned<Patterns>>,
    /// Antipatterns anywhere in the answer: a match cancels the mistake.
    #[serde(default, deserialize_with = "optional")]
    pub unless_anywhere: Option<Spanned<Patterns>>,
    #[serde(default, deserialize_with = "optional")]
    pub polarity: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "optional")]
    pub cap: Option<Spanned<f64>>,
    #[serde(default, deserialize_with = "optional")]
    pub penalty: Option<Spanned<f64>>,
    #[serde(default, deserialize_with = "optional")]
    pub feedback: Option<String>,
    /// `learner` (default) or `instructor`: who may see this misconception in reports.
    #[serde(default, deserialize_with = "optional")]
    pub visibility: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct RawNumber {
    #[serde(default, deserialize_with = "required")]
    pub id: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "optional")]
    pub near: Option<Spanned<Patterns>>,
    #[serde(default, deserialize_with = "optional")]
    pub window: Option<u32>,
    #[serde(default, deserialize_with = "optional")]
    pub unit: Option<Spanned<String>>,
    #[serde(default)]
    pub ignore: Vec<f64>,
    #[serde(default, deserialize_with = "optional")]
    pub pick: Option<Spanned<String>>,
    /// `low` or `high`: the end of a range written with no `near` cue that this check reads.
    #[serde(default, deserialize_with = "optional")]
    pub range_end: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "optional")]
    pub tolerance: Option<Spanned<RawTolerance>>,
    #[serde(default, deserialize_with = "required")]
    pub answers: Option<Vec<Spanned<RawAnswer>>>,
    #[serde(default, deserialize_with = "optional")]
    pub weight: Option<Spanned<f64>>,
    #[serde(default, deserialize_with = "optional")]
    pub feedback: Option<String>,
    /// `learner` (default) or `instructor`: who may see this number check in reports.
    #[serde(default, deserialize_with = "optional")]
    pub visibility: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct RawAnswer {
    #[serde(default, deserialize_with = "optional")]
    pub value: Option<Spanned<NumberValue>>,
    #[serde(default, deserialize_with = "optional")]
    pub range: Option<Spanned<Vec<f64>>>,
    #[serde(default, deserialize_with = "optional")]
    pub tolerance: Option<Spanned<RawTolerance>>,
    #[serde(default, deserialize_with = "optional")]
    pub round: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "required")]
    pub score: Option<Spanned<f64>>,
    #[serde(default, deserialize_with = "optional")]
    pub rounding_score: Option<Spanned<f64>>,
    #[serde(default, deserialize_with = "optional")]
    pub ecf: Option<Spanned<f64>>,
    #[serde(default, deserialize_with = "optional")]
    pub plausible: Option<Spanned<Vec<f64>>>,
    #[serde(default, deserialize_with = "optional")]
    pub mistake: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "optional")]
    pub feedback: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub struct RawTolerance {
    #[serde(default, deserialize_with = "optional")]
    pub abs: Option<f64>,
    #[serde(default, deserialize_with = "optional")]
    pub rel: Option<f64>,
    #[serde(default, deserialize_with = "optional")]
    pub relabs: Option<Vec<f64>>,
    #[serde(default, deserialize_with = "optional")]
    pub sigfig: Option<u32>,
    #[serde(default, deserialize_with = "optional")]
    pub decdig: Option<u32>,
    #[serde(default, deserialize_with = "optional")]
    pub moodle_nominal: Option<f64>,
    #[serde(default, deserialize_with = "optional")]
    pub moodle_relative: Option<f64>,
    #[serde(default, deserialize_with = "optional")]
    pub geometric: Option<f64>,
    #[serde(default, deserialize_with = "optional")]
    pub inclusive: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct RawScoring {
    #[serde(default, deserialize_with = "required")]
    pub levels: Option<Vec<Spanned<RawLevel>>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct RawLevel {
    #[serde(default, deserialize_with = "required")]
    pub score: Option<Spanned<NumberValue>>,
    #[serde(default, deserialize_with = "required")]
    pub when: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct RawExample {
    #[serde(default, deserialize_with = "required")]
    pub answer: Option<String>,
    #[serde(default, deserialize_with = "required")]
    pub score: Option<Spanned<f64>>,
    #[serde(default)]
    pub mistakes: Vec<String>,
    #[serde(default, deserialize_with = "optional")]
    pub name: Option<String>,
    /// The learner's earlier numbers, for error carried forward: `{exercise.question.id: value}`.
    #[serde(default, deserialize_with = "optional")]
    pub given: Option<Spanned<BTreeMap<String, f64>>>,
    /// The flags the answer must get, exactly (`keyword-list`, `copied-prompt`,
    /// `contradiction of ID`); absent: not checked.
    #[serde(default, deserialize_with = "optional")]
    pub flags: Option<Vec<Spanned<String>>>,
}

/// A required field's value: read as `T` is, so that one written empty (`feedback:`) or of the
/// wrong kind is refused as it was when serde required the field; only an absent key, which
/// serde's `default` makes `None`, is left for validation to report.
fn required<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// An optional field's value: `None` only when the key is absent. Written with no value (`~`,
/// `null`, or nothing after the `:`) it is refused, as a required field's is and a list's
/// (`examples: ~`), naming the key (`` `points`: expected a number, found no value ``): a value
/// left out by mistake is not read as the default. (Read as `T` is, as [`required`] reads it;
/// two names for what each field means.)
fn optional<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// One pattern or a list of patterns; each with its place when written as a list item.
#[derive(Debug, Default, Clone)]
pub struct Patterns(pub Vec<(String, Option<(u32, u32)>)>);

impl<'de> Deserialize<'de> for Patterns {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Patterns;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a pattern or a list of patterns")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Patterns, E> {
                Ok(Patterns(vec![(v.to_string(), None)]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Patterns, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<String>>()? {
                    let place = crate::yaml::place(&item);
                    out.push((item.value, Some(place)));
                }
                Ok(Patterns(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// A number, a list of numbers, or a formula (a string).
#[derive(Debug, Clone)]
pub enum NumberValue {
    One(f64),
    Many(Vec<f64>),
    Formula(String),
}

impl<'de> Deserialize<'de> for NumberValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = NumberValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number, a list of numbers or a formula")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<NumberValue, E> {
                Ok(NumberValue::One(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<NumberValue, E> {
                Ok(NumberValue::One(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<NumberValue, E> {
                Ok(NumberValue::One(v as f64))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<NumberValue, E> {
                Ok(NumberValue::Formula(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<NumberValue, A::Error> {
                let mut out = Vec::new();
                while let Some(x) = seq.next_element::<f64>()? {
                    out.push(x);
                }
                Ok(NumberValue::Many(out))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::from_str;

    /// A required field is `None` only when its key is absent: written, it is read as the
    /// type it holds, and written empty it is refused as before (not taken as absent).
    #[test]
    fn a_required_field_is_none_only_when_absent() {
        let level = from_str::<RawLevel>("when: a\n").unwrap();
        assert!(level.score.is_none());
        assert_eq!(level.when.map(|w| w.value).as_deref(), Some("a"));
        let level = from_str::<RawLevel>("score: 0.5\nwhen: a\n").unwrap();
        assert!(matches!(level.score.map(|s| s.value), Some(NumberValue::One(x)) if x == 0.5));
        let err = from_str::<RawExample>("answer:\nscore: 1\n").unwrap_err();
        assert_eq!(err.message, "`answer`: expected a string, found no value");
        let concept = from_str::<RawConcept>("match: x\n").unwrap();
        assert!(concept.id.is_none() && concept.feedback.is_none());
    }

    /// An optional field is `None` only when its key is absent too: written with no value it
    /// is refused like a required field or a list (before, `points: ~` was read as the default
    /// 1 and `scoring:` as no scoring, while `prompt: ~`, `examples: ~` and an example `- ~`
    /// were refused).
    #[test]
    fn an_optional_field_written_with_no_value_is_refused_as_a_required_one_is() {
        let q = "number: 1\nprompt: P\n";
        assert!(from_str::<RawQuestion>(q).unwrap().points.is_none());
        for (extra, want) in [
            ("points: ~\n", "`points`: expected a number, found `~`"),
            ("points:\n", "`points`: expected a number, found no value"),
            (
                "scoring:\n",
                "`scoring`: expected a mapping (`key: value` lines), found no value",
            ),
            (
                "examples: ~\n",
                "`examples`: expected a list (`- item` lines, or `[a, b]`), found `~`",
            ),
            (
                "examples:\n  - ~\n",
                "expected a mapping (`key: value` lines), found `~`",
            ),
            (
                "list-cap: null\n",
                "`list-cap`: expected a number, found `null`",
            ),
        ] {
            let src = format!("{q}{extra}");
            let err = from_str::<RawQuestion>(&src).unwrap_err();
            assert_eq!(err.message, want, "{src:?}");
        }
        for (src, want) in [
            (
                "title: T\nfeedback: F\nmatch: ~\n",
                "`match`: expected a pattern or a list of patterns, found `~`",
            ),
            (
                "title: T\nfeedback: F\npolarity:\n",
                "`polarity`: expected a string, found no value",
            ),
        ] {
            let err = from_str::<RawMisconception>(src).unwrap_err();
            assert_eq!(err.message, want, "{src:?}");
        }
        let err = from_str::<RawExample>("answer: a\nscore: 1\ngiven: ~\n").unwrap_err();
        assert_eq!(
            err.message,
            "`given`: expected a mapping (`key: value` lines), found `~`"
        );
    }
}
