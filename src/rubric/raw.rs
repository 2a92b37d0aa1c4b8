//! The rubric exactly as written in YAML: serde types that mirror the file, with the place of
//! every value that validation may need to point at. No logic lives here: `validate.rs` turns
//! these into the checked, compiled types of `model.rs`.
//!
//! The types do not deny unknown fields: serde would stop at the first. They are read through
//! `yaml::from_str_noting_unknown`, which returns every key they ignore with its place and the
//! fields of the type it is in (from serde's derive), and each one is an error of the rubric.
//!
//! Nor do they make serde require a field: a missing one would stop the whole file there, and
//! every problem after it (unknown keys, validation's) would go unreported. A required field
//! is an `Option` read through `required`: `None` when the key is absent, which validation
//! reports at the mapping that lacks it, with the rubric's other problems.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};

use crate::yaml::Spanned;

/// A rubric file (the main one or an included one).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct RawRubric {
    pub id: Option<Spanned<String>>,
    pub title: Option<Spanned<String>>,
    pub version: Option<String>,
    pub scale: Option<Spanned<Vec<f64>>>,
    pub decimal_mark: Option<Spanned<String>>,
    #[serde(default)]
    pub include: Vec<Spanned<String>>,
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
    pub proximity: Option<Spanned<u32>>,
    pub list_cap: Option<Spanned<f64>>,
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
    #[serde(rename = "match")]
    pub patterns: Option<Spanned<Patterns>>,
    pub all: Option<Spanned<Patterns>>,
    pub unless: Option<Spanned<Patterns>>,
    pub unless_anywhere: Option<Spanned<Patterns>>,
    pub polarity: Option<Spanned<String>>,
    pub cap: Option<Spanned<f64>>,
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
    pub points: Option<Spanned<f64>>,
    #[serde(default)]
    pub concepts: Vec<Spanned<RawConcept>>,
    #[serde(default)]
    pub numbers: Vec<Spanned<RawNumber>>,
    #[serde(default)]
    pub mistakes: Vec<Spanned<RawMistake>>,
    pub scoring: Option<Spanned<RawScoring>>,
    pub list_cap: Option<Spanned<f64>>,
    pub copy_cap: Option<Spanned<f64>>,
    #[serde(default)]
    pub examples: Vec<Spanned<RawExample>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct RawConcept {
    #[serde(default, deserialize_with = "required")]
    pub id: Option<Spanned<String>>,
    #[serde(rename = "match")]
    pub patterns: Option<Spanned<Patterns>>,
    pub all: Option<Spanned<Patterns>>,
    pub unless: Option<Spanned<Patterns>>,
    pub polarity: Option<Spanned<String>>,
    pub weight: Option<Spanned<f64>>,
    #[serde(default, deserialize_with = "required")]
    pub feedback: Option<String>,
    pub praise: Option<String>,
    /// `learner` (default) or `instructor`: who may see this concept in reports.
    pub visibility: Option<Spanned<String>>,
    /// `point` (default) or `weakness`: see `model::ConceptKind`.
    pub kind: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct RawMistake {
    #[serde(default, deserialize_with = "required")]
    pub id: Option<Spanned<String>>,
    #[serde(rename = "match", default, deserialize_with = "required")]
    pub patterns: Option<Spanned<Patterns>>,
    pub all: Option<Spanned<Patterns>>,
    pub unless: Option<Spanned<Patterns>>,
    /// Antipatterns anywhere in the answer: a match cancels the mistake.
    pub unless_anywhere: Option<Spanned<Patterns>>,
    pub polarity: Option<Spanned<String>>,
    pub cap: Option<Spanned<f64>>,
    pub penalty: Option<Spanned<f64>>,
    pub feedback: Option<String>,
    /// `learner` (default) or `instructor`: who may see this misconception in reports.
    pub visibility: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct RawNumber {
    #[serde(default, deserialize_with = "required")]
    pub id: Option<Spanned<String>>,
    pub near: Option<Spanned<Patterns>>,
    pub window: Option<u32>,
    pub unit: Option<Spanned<String>>,
    #[serde(default)]
    pub ignore: Vec<f64>,
    pub pick: Option<Spanned<String>>,
    /// `low` or `high`: the end of a range written with no `near` cue that this check reads.
    pub range_end: Option<Spanned<String>>,
    pub tolerance: Option<Spanned<RawTolerance>>,
    #[serde(default, deserialize_with = "required")]
    pub answers: Option<Vec<Spanned<RawAnswer>>>,
    pub weight: Option<Spanned<f64>>,
    pub feedback: Option<String>,
    /// `learner` (default) or `instructor`: who may see this number check in reports.
    pub visibility: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct RawAnswer {
    pub value: Option<Spanned<NumberValue>>,
    pub range: Option<Spanned<Vec<f64>>>,
    pub tolerance: Option<Spanned<RawTolerance>>,
    pub round: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "required")]
    pub score: Option<Spanned<f64>>,
    pub rounding_score: Option<Spanned<f64>>,
    pub ecf: Option<Spanned<f64>>,
    pub plausible: Option<Spanned<Vec<f64>>>,
    pub mistake: Option<Spanned<String>>,
    pub feedback: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub struct RawTolerance {
    pub abs: Option<f64>,
    pub rel: Option<f64>,
    pub relabs: Option<Vec<f64>>,
    pub sigfig: Option<u32>,
    pub decdig: Option<u32>,
    pub moodle_nominal: Option<f64>,
    pub moodle_relative: Option<f64>,
    pub geometric: Option<f64>,
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
    pub name: Option<String>,
    /// The learner's earlier numbers, for error carried forward: `{exercise.question.id: value}`.
    pub given: Option<Spanned<BTreeMap<String, f64>>>,
}

/// A required field's value: read as `T` is, so that one written empty (`feedback:`) or of the
/// wrong kind is refused as it was when serde required the field; only an absent key, which
/// serde's `default` makes `None`, is left for validation to report.
fn required<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
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
}
