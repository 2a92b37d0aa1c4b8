//! YAML forms (a structured web-form export):
//!
//! ```yaml
//! learner: s1234
//! answers:
//!   retrieval:
//!     1: "Vertical scaling means …"
//!   capacity-plan:
//!     1: 36
//! ```
//!
//! Values are strings or numbers, or a list of them (points written as a YAML list are read
//! as a bulleted list, each at its own line); `null` or an empty string is an unanswered
//! question. A mapping of scalars where text is wanted (`- flag: read from Redis`: a `: `
//! starts a key) is read back as its `key: value` lines. A value that YAML reads as empty although the line has text after the key
//! (`1: #1 reason is cost`: `#` starts a comment) is reported as unplaced, never dropped; a
//! syntax error inside `answers` says how to write an answer that YAML reads as text.
//! Duplicate keys are errors (never keep one answer and drop the other), also keys written
//! differently that name the same question (`1`, `"1"`, `q1`, `01`), and so are unknown
//! top-level keys. Answers for exercises or questions the rubric does not have are reported
//! as unplaced.

use super::model::in_code;
use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use super::layout::SheetLayout;
use super::learner_id::{self, IdValue};
use super::model::{Answer, Unplaced};
use super::yaml_places::value_parts;
use crate::yaml::{self, Scalar, Spanned};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForm {
    learner: Option<Spanned<IdValue>>,
    #[serde(default)]
    answers: Entries<Scalar, Spanned<Questions>>,
}

/// The answers of one exercise, by question key, in document order.
type Questions = Entries<Spanned<Scalar>, Spanned<Option<Value>>>;

/// A mapping's entries in document order, every key kept: a map into a `BTreeMap` would keep
/// only the last of `7:` and `"7":` (or `1:` and `"1":`), which YAML holds to be different
/// keys but which read as one text, and would visit exercises by name, not as written.
struct Entries<K, V>(Vec<(K, V)>);

impl<K, V> Default for Entries<K, V> {
    fn default() -> Self {
        Entries(Vec::new())
    }
}

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for Entries<K, V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit<K, V>(std::marker::PhantomData<(K, V)>);
        impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for Visit<K, V> {
            type Value = Entries<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping (`key: value` lines)")
            }
            fn visit_map<A: de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Entries<K, V>, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    out.push(entry);
                }
                Ok(Entries(out))
            }
        }
        d.deserialize_map(Visit(std::marker::PhantomData))
    }
}

/// An answer's value: a scalar, a list of items (each with its place), or a mapping read as
/// text (see [`Mapped`]).
enum Value {
    One(Scalar),
    List(Vec<Spanned<Option<Item>>>),
    Map(Mapped),
}

/// A mapping where an answer's text was wanted, read back as its `key: value` lines: a `: `
/// inside an answer or a list item (`- flag: read from Redis`, `3:` over `min: 12` and `max:
/// 42` lines) starts a key to YAML and is text to the learner. Only a mapping of scalars:
/// anything nested deeper is still an error, at its place. Each key and value keeps its place,
/// for writing a number as the learner wrote it.
struct Mapped(Vec<(Spanned<Scalar>, Spanned<Option<Scalar>>)>);

impl Mapped {
    fn read<'de, A: de::MapAccess<'de>>(mut map: A) -> Result<Mapped, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Mapped(entries))
    }

    /// The `key: value` lines, each scalar as written in `src`.
    fn written(&self, src: &str) -> String {
        let mut text = String::new();
        for (key, value) in &self.0 {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&key.value.written_at(key, src));
            text.push(':');
            if let Some(v) = &value.value {
                text.push(' ');
                text.push_str(&v.written_at(value, src));
            }
        }
        text
    }

    /// The first key that names a question (`2`, `q2`): lines indented under the question
    /// before them, not text.
    fn question_key(&self) -> Option<&Spanned<Scalar>> {
        self.0.iter().map(|(k, _)| k).find(|k| {
            let t = k.value.text.trim().trim_start_matches(['q', 'Q']);
            !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
        })
    }
}

/// A list item: text or a number (as [`Scalar`] reads them), or a mapping read as text (see
/// [`Mapped`]).
enum Item {
    One(Scalar),
    Map(Mapped),
}

impl Item {
    /// The item's text as written in `src` (`at` is its place).
    fn written_at(&self, at: &Spanned<Option<Item>>, src: &str) -> String {
        match self {
            Item::One(scalar) => scalar.written_at(at, src),
            Item::Map(map) => map.written(src),
        }
    }
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Item;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Item, E> {
                Ok(Item::One(Scalar::text(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Item, E> {
                Ok(Item::One(Scalar::number(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Item, E> {
                Ok(Item::One(Scalar::number(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Item, E> {
                Ok(Item::One(Scalar::number(v)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Item, E> {
                Ok(Item::One(Scalar::text(v)))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Item, A::Error> {
                Mapped::read(map).map(Item::Map)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Value;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an answer: text, a number, or a list of them")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
                Ok(Value::One(Scalar::text(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
                Ok(Value::One(Scalar::number(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
                Ok(Value::One(Scalar::number(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
                Ok(Value::One(Scalar::number(v)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
                Ok(Value::One(Scalar::text(v)))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Value::List(items))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Value, A::Error> {
                Mapped::read(map).map(Value::Map)
            }
        }
        d.deserialize_any(V)
    }
}

/// A YAML form, read.
#[derive(Debug)]
pub struct FormRead {
    pub learner: Option<String>,
    pub answers: Vec<Answer>,
    pub unplaced: Vec<Unplaced>,
}

/// Why a YAML form could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl From<yaml::YamlError> for FormError {
    fn from(e: yaml::YamlError) -> FormError {
        FormError {
            line: e.line,
            column: e.column,
            message: e.message,
        }
    }
}

/// Reads a YAML form.
pub fn read_form(src: &str, layout: &SheetLayout) -> Result<FormRead, FormError> {
    let raw: RawForm = yaml::from_str_as_written(src)?;
    let learner = match &raw.learner {
        None => None,
        Some(id) => learner_id::read("learner", id, src)?,
    };
    // The file's lines, for placing the lines of block answers and the text YAML dropped.
    let file: Vec<&str> = src.lines().collect();
    let aliases = Aliases::new(src);
    let mut answers = Vec::new();
    let mut unplaced = Vec::new();
    // Each question answered, by exercise id: its key's line (an exercise may be named by its
    // id and by its title or an alias in one form).
    let mut seen: BTreeMap<(&str, u32), u32> = BTreeMap::new();
    for (exercise, qs) in &raw.answers.0 {
        let exercise = exercise.text.as_str();
        let ex = layout
            .exercise(exercise)
            .or_else(|| layout.exercise_named(exercise));
        for (key, value) in &qs.value.0 {
            // The key as written, for messages (`1.50:` and `99999999999999999999999999:` are
            // numbers to YAML, whose text is not what the learner wrote); its number as YAML
            // reads it (`1.0:` is question 1).
            let shown = || {
                (key.value.number)
                    .then(|| yaml::key_as_written(src, key))
                    .flatten()
                    .unwrap_or_else(|| key.value.text.clone())
            };
            let key_at = yaml::place(key);
            let key = &key.value;
            let (line, column) = yaml::place(value);
            let number = key
                .text
                .trim()
                .trim_start_matches(['q', 'Q'])
                .parse::<u32>()
                .ok();
            if let (Some(n), Some(ex)) = (number, ex) {
                if let Some(first) = seen.insert((ex.id.as_str(), n), key_at.0) {
                    return Err(FormError {
                        line: key_at.0,
                        column: key_at.1,
                        message: format!(
                            "question {n} of `{exercise}` is answered twice (also at line {first}); keep one answer"
                        ),
                    });
                }
            }
            let Written {
                text,
                line,
                column,
                parts,
            } = match (&value.value, single_text(value, src)) {
                (Some(Value::Map(map)), _) if map.question_key().is_some() => {
                    let key = map
                        .question_key()
                        .map(yaml::place)
                        .unwrap_or((line, column));
                    return Err(FormError {
                        line: key.0,
                        column: key.1,
                        message: format!(
                            "a question's key is indented under question `{}` of `{exercise}`: \
                             write each question's key at the same indentation",
                            in_code(&shown())
                        ),
                    });
                }
                (_, Some(text)) => {
                    unplaced.extend(dropped_marks(&aliases, &file, line, column));
                    // Each stretch of the text at its own place: a block's lines, the text
                    // inside quotes, the lines a plain or folded text was joined from.
                    let mut parts = value_parts(&file, &text, (line, column), 0);
                    let (line, column) = parts.first().map_or((line, column), |p| (p.1, p.2));
                    if parts.len() == 1 {
                        parts.clear();
                    }
                    Written {
                        text,
                        line,
                        column,
                        parts,
                    }
                }
                (Some(Value::List(items)), _) => {
                    // An item YAML reads as no value although it has text (`- #1 cost`).
                    for item in items {
                        let (line, column) = yaml::place(item);
                        if item.value.is_some() {
                            unplaced.extend(dropped_marks(&aliases, &file, line, column));
                        } else if let Some(lost) = swallowed(&file, line, Lead::Item) {
                            unplaced.push(lost_text(lost, line, "`-`"));
                        }
                    }
                    match list_answer(src, &file, items) {
                        Some(answer) => answer,
                        None => continue,
                    }
                }
                // No value (a single value always has its text).
                _ => {
                    if let Some(lost) = swallowed(&file, line, Lead::Key) {
                        unplaced.push(lost_text(lost, line, &format!("`{}:`", in_code(&shown()))));
                    }
                    continue;
                }
            };
            match (ex, number) {
                (Some(ex), Some(n)) if ex.questions.iter().any(|q| q.number == n) => {
                    answers.push(Answer {
                        exercise: ex.id.clone(),
                        question: n,
                        text,
                        line,
                        column,
                        parts,
                    });
                }
                (None, _) => unplaced.push(Unplaced {
                    text,
                    line,
                    reason: format!(
                        "exercise `{}` is not in the rubric{}",
                        in_code(exercise),
                        crate::text::edit_distance::did_you_mean(
                            exercise,
                            layout.exercises.iter().map(|e| e.id.as_str())
                        )
                    ),
                }),
                (Some(_), _) => unplaced.push(Unplaced {
                    text,
                    line,
                    reason: format!(
                        "exercise `{}` has no question `{}`",
                        in_code(exercise),
                        in_code(&shown())
                    ),
                }),
            }
        }
    }
    let order = |a: &Answer| {
        (
            layout
                .exercises
                .iter()
                .position(|e| e.id == a.exercise)
                .unwrap_or(usize::MAX),
            a.question,
        )
    };
    // Each answer's key once (a search of the layout's exercises by id), not once per
    // comparison: the keys are distinct, so the order is the same.
    answers.sort_by_cached_key(order);
    // In file order, as the Markdown reader gives them (the exercises were read by name).
    unplaced.sort_by_key(|u| u.line);
    Ok(FormRead {
        learner,
        answers,
        unplaced,
    })
}

/// The text of an answer written as one value (a scalar, or a mapping read as text), as
/// written in `src`; `None` for a list or no value.
fn single_text(value: &Spanned<Option<Value>>, src: &str) -> Option<String> {
    match &value.value {
        Some(Value::One(scalar)) => Some(scalar.written_at(value, src)),
        Some(Value::Map(map)) => Some(map.written(src)),
        Some(Value::List(_)) | None => None,
    }
}

/// The answer a YAML list makes: its items as a Markdown bulleted list (`- item` lines, read
/// as the Markdown reader reads one), each item at its own place; `None` when every item is
/// empty.
fn list_answer(src: &str, file: &[&str], items: &[Spanned<Option<Item>>]) -> Option<Written> {
    let mut text = String::new();
    let mut parts = Vec::new();
    for item in items {
        let Some(value) = &item.value else {
            continue;
        };
        let t = &value.written_at(item, src);
        if t.trim().is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push('\n');
        }
        let (line, column) = yaml::place(item);
        // The `- ` marker stands where YAML's own `- ` does, two characters before the item.
        parts.push((text.len(), line, column.saturating_sub(2).max(1)));
        text.push_str("- ");
        let mut item = value_parts(file, t, (line, column), text.len());
        // Where the marker's stretch puts the item already (an unquoted item): not repeated.
        if item.first() == Some(&(text.len(), line, column)) {
            item.remove(0);
        }
        parts.extend(item);
        text.push_str(t);
    }
    let &(_, line, column) = parts.first()?;
    if parts.len() == 1 {
        parts.clear();
    }
    Some(Written {
        text,
        line,
        column,
        parts,
    })
}

/// An answer's text and its place (see [`Answer`]).
struct Written {
    text: String,
    line: u32,
    column: u32,
    parts: Vec<(usize, u32, u32)>,
}

/// What comes before the text on an answer's line: its key (`1:`, `"1":`, `q1:`), or the
/// `-` of a list item.
#[derive(Clone, Copy)]
enum Lead {
    Key,
    Item,
}

/// The text YAML left out of an empty answer: what follows the key's `:` (or the list item's
/// `-`) on the answer's line, when it is not YAML's own way of writing "no answer" (`~`,
/// `null`, `''`, `""`, or nothing).
fn swallowed<'a>(file: &[&'a str], line: u32, lead: Lead) -> Option<&'a str> {
    let text = file.get(line.checked_sub(1)? as usize)?.trim_start();
    let rest = match lead {
        Lead::Item => text.strip_prefix('-')?,
        // A quoted key ends at its closing quote; a plain one at the first `:` followed by a
        // space or the end of the line (a plain key cannot hold `: `).
        Lead::Key => match text.chars().next()? {
            q @ ('"' | '\'') => {
                let close = 1 + text[1..].find(q)? + 1;
                text[close..].trim_start().strip_prefix(':')?
            }
            _ => {
                let colon = text
                    .char_indices()
                    .find(|&(i, c)| {
                        c == ':' && text[i + 1..].chars().next().is_none_or(char::is_whitespace)
                    })?
                    .0;
                &text[colon + 1..]
            }
        },
    };
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim();
    let empty = ["", "~", "null", "Null", "NULL", "''", "\"\""];
    // YAML's own "no answer", perhaps with a comment after it (`1: ~ # later`), is deliberate.
    let value = match rest.find(" #") {
        Some(i) if !rest.starts_with('#') => rest[..i].trim_end(),
        _ => rest,
    };
    (!empty.contains(&value)).then_some(rest)
}

/// What YAML read before an answer's text and left out of it, each as unplaced text: a local
/// tag (`1: !important text` reads as "text"; YAML's own `!!str` and the like are deliberate)
/// and an anchor that no alias names (`1: &vertical adds CPU` reads as "adds CPU"; an anchor
/// that an alias `*vertical` repeats elsewhere is deliberate). They are the words just before
/// the value's place (`line`, `column`) on its line or, for a block (`1: !tag |`), the words
/// before its indicator on the line above.
fn dropped_marks(aliases: &Aliases, file: &[&str], line: u32, column: u32) -> Vec<Unplaced> {
    let mut out = Vec::new();
    // Far along a line is a flow mapping (`{1: a, 2: b, …}`), not a learner's tag: looking
    // there would make a long one-line form quadratic.
    if column > 1000 {
        return out;
    }
    let Some(text) = line.checked_sub(1).and_then(|l| file.get(l as usize)) else {
        return out;
    };
    // The text before the value's column (in characters), borrowed rather than copied.
    let before = text
        .char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map_or(*text, |(i, _)| &text[..i]);
    let mut words: Vec<&str> = before.split_whitespace().collect();
    let mut at = line;
    // A block's text starts below its indicator (`1: !tag |`): the tag is on the line above.
    if words.is_empty() && line > 1 {
        let above: Vec<&str> = file[line as usize - 2].split_whitespace().collect();
        let block = above.last().is_some_and(|w| {
            w.starts_with(['|', '>']) && w[1..].chars().all(|c| matches!(c, '-' | '+' | '1'..='9'))
        });
        if block {
            words = above[..above.len() - 1].to_vec();
            at = line - 1;
        }
    }
    // The tag and the anchor stand between the key (or the item's `-`) and the value.
    let marks = words
        .iter()
        .rev()
        .take_while(|w| w.starts_with(['!', '&']))
        .collect::<Vec<_>>();
    for &&mark in marks.iter().rev() {
        let reason = if mark.starts_with("!!") {
            continue;
        } else if mark.starts_with('!') {
            "to YAML, `!` starts a tag"
        } else if aliases.name(&mark[1..]) {
            continue;
        } else {
            "to YAML, `&` starts an anchor (a name for the value)"
        };
        out.push(Unplaced {
            text: mark.to_string(),
            line: at,
            reason: format!(
                "`{}` is left out of the answer: {reason}; put the answer in quotes",
                in_code(mark)
            ),
        });
    }
    out
}

/// The names of the aliases (`*name`) in a form, read once, when an anchor is first met.
struct Aliases<'a> {
    src: &'a str,
    names: std::cell::OnceCell<std::collections::HashSet<&'a str>>,
}

impl<'a> Aliases<'a> {
    fn new(src: &'a str) -> Self {
        Aliases {
            src,
            names: std::cell::OnceCell::new(),
        }
    }

    /// Whether an alias names `name` (an anchor it names is deliberate).
    fn name(&self, name: &str) -> bool {
        let names = self.names.get_or_init(|| {
            self.src
                .match_indices('*')
                .map(|(i, _)| {
                    let rest = &self.src[i + 1..];
                    let end = rest
                        .find(|c: char| c.is_whitespace() || matches!(c, ',' | ']' | '}'))
                        .unwrap_or(rest.len());
                    &rest[..end]
                })
                .filter(|n| !n.is_empty())
                .collect()
        });
        names.contains(name)
    }
}

/// The unplaced text of an answer YAML read as no value: `lost`, after `lead` on `line`.
fn lost_text(lost: &str, line: u32, lead: &str) -> Unplaced {
    Unplaced {
        text: lost.to_string(),
        line,
        reason: format!(
            "the text after {lead} is not read as an answer: {}; put the answer in quotes",
            match lost.chars().next() {
                Some('#') => "to YAML, `#` starts a comment",
                Some('!') => "to YAML, `!` starts a tag",
                _ => "YAML reads it as no value",
            }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::submission::layout::{ExerciseLayout, QuestionLayout};

    /// Each unplaced text of a form, with its line.
    fn unplaced_at(f: &FormRead) -> Vec<(&str, u32)> {
        f.unplaced
            .iter()
            .map(|u| (u.text.as_str(), u.line))
            .collect()
    }

    fn layout() -> SheetLayout {
        let q = |n| QuestionLayout {
            number: n,
            prompt: String::new(),
        };
        SheetLayout {
            exercises: vec![
                ExerciseLayout {
                    id: "retrieval".into(),
                    title: "Retrieval".into(),
                    aliases: vec![],
                    questions: vec![q(1), q(2)],
                },
                ExerciseLayout {
                    id: "capacity-plan".into(),
                    title: "Capacity".into(),
                    aliases: vec!["capacity planning".into()],
                    questions: vec![q(1)],
                },
            ],
        }
    }

    #[test]
    fn reads_strings_numbers_and_places() {
        let src = "learner: s1\nanswers:\n  capacity-plan:\n    1: 36\n  retrieval:\n    2: \"two\"\n    1: one\n";
        let f = read_form(src, &layout()).unwrap();
        assert_eq!(f.learner.as_deref(), Some("s1"));
        let got: Vec<(&str, u32, &str, u32)> = f
            .answers
            .iter()
            .map(|a| (a.exercise.as_str(), a.question, a.text.as_str(), a.line))
            .collect();
        assert_eq!(
            got,
            [
                ("retrieval", 1, "one", 7),
                ("retrieval", 2, "two", 6),
                ("capacity-plan", 1, "36", 4)
            ]
        );
    }

    /// A `: ` inside an answer or a list item makes a mapping to YAML, and is text to the
    /// learner: read back as its `key: value` lines, at its place (the whole form was refused
    /// before: "invalid type: map"). A mapping nested deeper is still refused, at its place.
    #[test]
    fn a_mapping_where_text_is_wanted_is_read_as_its_lines() {
        let src = "answers:\n  retrieval:\n    1:\n      - sticky: uneven load\n      - jwt\n    \
                   2:\n      min: 12\n      max: 42\n";
        let f = read_form(src, &layout()).unwrap();
        let got: Vec<(&str, u32, u32)> = f
            .answers
            .iter()
            .map(|a| (a.text.as_str(), a.line, a.column))
            .collect();
        assert_eq!(
            got,
            [
                ("- sticky: uneven load\n- jwt", 4, 7),
                ("min: 12\nmax: 42", 7, 7)
            ]
        );
        let e = read_form(
            "answers:\n  retrieval:\n    1:\n      a:\n        b: c\n",
            &layout(),
        )
        .unwrap_err();
        assert_eq!((e.line, e.column), (5, 9), "{}", e.message);
        // Numbers as the learner wrote them.
        let src = "answers:\n  retrieval:\n    1:\n      - min: 012\n      - max: 32.50\n";
        let f = read_form(src, &layout()).unwrap();
        assert_eq!(f.answers[0].text, "- min: 012\n- max: 32.50");
    }

    /// Question keys indented under the question before them are no text: refused at the
    /// first, saying so (not graded as question 1's answer, with 2 and 3 unanswered).
    #[test]
    fn question_keys_indented_under_a_question_are_refused() {
        let src = "answers:\n  retrieval:\n    1:\n      2: 12\n      3: min 12 max 40\n";
        let e = read_form(src, &layout()).unwrap_err();
        assert_eq!((e.line, e.column), (4, 7));
        assert_eq!(
            e.message,
            "a question's key is indented under question `1` of `retrieval`: write each \
             question's key at the same indentation"
        );
    }

    /// A number is the learner's own digits, not YAML's reading of them: the zeros that
    /// count as significant digits, a point that groups thousands, an id's leading zeros.
    #[test]
    fn numbers_keep_the_digits_as_written() {
        let src = "learner: 00123\nanswers:\n  capacity-plan:\n    1: 36.50  # rounded\n  \
                   retrieval:\n    2: [5.000, 1e3, \"7.0\"]\n";
        let f = read_form(src, &layout()).unwrap();
        assert_eq!(f.learner.as_deref(), Some("00123"));
        let texts: Vec<&str> = f.answers.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(texts, ["- 5.000\n- 1e3\n- 7.0", "36.50"]);
    }

    /// YAML's infinities and not-a-number, and a number too large for a float, are what the
    /// learner wrote, as an id and as an answer (before, the whole form was refused: "`.inf`
    /// is not a finite number").
    #[test]
    fn non_finite_numbers_are_read_as_written() {
        let src = "learner: .inf\nanswers:\n  capacity-plan:\n    1: 1e400\n  \
                   retrieval:\n    2: [.NaN, -.inf]\n";
        let f = read_form(src, &layout()).unwrap();
        assert_eq!(f.learner.as_deref(), Some(".inf"));
        let texts: Vec<&str> = f.answers.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(texts, ["- .NaN\n- -.inf", "1e400"]);
        let f = read_form("learner: 1e400\n", &layout()).unwrap();
        assert_eq!(f.learner.as_deref(), Some("1e400"));
    }

    /// `answers:` with no value is refused at its place, saying what it needs (it said
    /// "expected a mapping (`key: value` lines), found `:`", quoting the colon).
    #[test]
    fn answers_with_no_value_say_they_need_a_mapping() {
        for (src, place, found) in [
            ("learner: ana\nanswers:\n", (2, 8), "no value"),
            ("learner: ana\nanswers:  # todo\n", (2, 8), "no value"),
            ("learner: ana\nanswers: ~\n", (2, 10), "`~`"),
            ("answers: null\nlearner: ana\n", (1, 10), "`null`"),
        ] {
            let e = read_form(src, &layout()).unwrap_err();
            assert_eq!((e.line, e.column), place, "{src:?}");
            assert_eq!(
                e.message,
                format!("`answers`: expected a mapping (`key: value` lines), found {found}"),
                "{src:?}"
            );
        }
        let e = read_form("answers:\n  retrieval:\n", &layout()).unwrap_err();
        assert_eq!((e.line, e.column), (2, 12));
        assert_eq!(
            e.message,
            "`retrieval`: expected a mapping (`key: value` lines), found no value"
        );
    }

    #[test]
    fn unknown_places_are_reported_not_dropped() {
        let f = read_form(
            "answers:\n  retrieval:\n    9: x\n  nope:\n    1: y\n",
            &layout(),
        )
        .unwrap();
        assert!(f.answers.is_empty());
        assert_eq!(f.unplaced.len(), 2);
        // The learner's key is quoted in a `code` span, which its backtick cannot end.
        let f = read_form("answers:\n  \"no`pe\":\n    1: y\n", &layout()).unwrap();
        assert_eq!(
            f.unplaced[0].reason,
            "exercise `no'pe` is not in the rubric"
        );
    }

    /// An exercise may be named by its title or an alias, as a heading may; answering one
    /// question under two of its names is a duplicate; a misspelt id gets a suggestion.
    #[test]
    fn an_exercise_is_named_by_id_title_or_alias() {
        for name in ["capacity-plan", "Capacity", "Capacity  Planning"] {
            let f = read_form(&format!("answers:\n  {name}:\n    1: 36\n"), &layout()).unwrap();
            assert_eq!(f.answers.len(), 1, "{name}");
            assert_eq!(f.answers[0].exercise, "capacity-plan");
        }
        let e = read_form(
            "answers:\n  capacity-plan:\n    1: 36\n  capacity planning:\n    1: 40\n",
            &layout(),
        )
        .unwrap_err();
        // At the second answer as written, whatever the names' order.
        assert_eq!(e.line, 5);
        assert!(
            e.message.contains("answered twice (also at line 3)"),
            "{e:?}"
        );
        let f = read_form("answers:\n  capacity-plna:\n    1: 36\n", &layout()).unwrap();
        assert_eq!(
            f.unplaced[0].reason,
            "exercise `capacity-plna` is not in the rubric; did you mean `capacity-plan`?"
        );
    }

    /// YAML holds `7` and `"7"` to be two keys: both exercises' answers are read (here, as
    /// unplaced: the rubric has no exercise `7`), neither kept in place of the other.
    #[test]
    fn exercise_keys_that_read_alike_keep_both_answers() {
        let src = "answers:\n  7:\n    1: first\n  \"7\":\n    2: second\n";
        let f = read_form(src, &layout()).unwrap();
        assert_eq!(unplaced_at(&f), [("first", 3), ("second", 5)]);
    }

    /// A quoted, escaped, plain or folded text's stretches are where the file has them: after
    /// the quote, after each escape, on each line it was joined from (past blank lines).
    #[test]
    fn each_stretch_of_a_scalar_is_at_its_place() {
        let at = |src: &str, line: u32| {
            let f = read_form(src, &layout()).unwrap();
            let a = &f.answers[0];
            let mut parts = a.parts.clone();
            if parts.is_empty() {
                parts.push((0, a.line, a.column));
            }
            assert_eq!(a.line, line, "{src}");
            parts
        };
        let q = "answers:\n  retrieval:\n    1: ";
        assert_eq!(at(&format!("{q}\"one box\"\n"), 3), [(0, 3, 9)]);
        // `\"a\"` is three characters of the text, `\u00e9` one (two bytes).
        assert_eq!(
            at(&format!("{q}\"\\\"a\\\" \\u00e9 b\"\n"), 3),
            [(0, 3, 9), (1, 3, 11), (3, 3, 14), (6, 3, 21)]
        );
        assert_eq!(at(&format!("{q}'it''s x'\n"), 3), [(0, 3, 9), (3, 3, 13)]);
        assert_eq!(
            at(&format!("{q}one\n      two\n\n      three\n"), 3),
            [(0, 3, 8), (4, 4, 7), (8, 6, 7)]
        );
        assert_eq!(
            at(&format!("{q}>\n      one\n      two\n"), 4),
            [(0, 4, 7), (4, 5, 7)]
        );
    }

    /// A `learner` that is a list or a mapping is refused at the value, not at the top of the
    /// file (serde's own error for it stood at 1:1).
    #[test]
    fn a_learner_that_is_no_single_value_is_refused_at_its_place() {
        for (src, place) in [
            ("learner: [a, b]\nanswers: {}\n", (1, 10)),
            ("answers: {}\nlearner:\n  - a\n", (3, 3)),
            ("learner: {id: a}\n", (1, 10)),
        ] {
            let e = read_form(src, &layout()).unwrap_err();
            assert_eq!((e.line, e.column), place, "{src}");
            assert_eq!(
                e.message,
                "`learner`: expected the learner's id (one name or number), not a list or a mapping"
            );
        }
        let f = read_form("learner: 007\n", &layout()).unwrap();
        assert_eq!(f.learner.as_deref(), Some("007"));
    }

    /// A key YAML reads as a number is named as the learner wrote it (`1.50`, not `1.5`), and
    /// numbered as YAML reads it (`1.0:` answers question 1).
    #[test]
    fn a_numeric_key_is_named_as_written() {
        let f = read_form(
            "answers:\n  retrieval:\n    1.0: one\n    1.50: b\n    99999999999999999999999999: c\n",
            &layout(),
        )
        .unwrap();
        assert_eq!(f.answers.len(), 1);
        assert_eq!(f.answers[0].question, 1);
        let reasons: Vec<&str> = f.unplaced.iter().map(|u| u.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "exercise `retrieval` has no question `1.50`",
                "exercise `retrieval` has no question `99999999999999999999999999`"
            ]
        );
    }

    #[test]
    fn duplicate_answers_are_errors() {
        let e = read_form("answers:\n  retrieval:\n    1: a\n    1: b\n", &layout()).unwrap_err();
        assert_eq!(e.line, 4);
        assert!(e.message.contains("appears twice"), "{e:?}");
    }

    #[test]
    fn keys_written_differently_for_one_question_are_errors() {
        for second in ["\"1\"", "q1", "01", "Q1"] {
            let src = format!("answers:\n  retrieval:\n    1: a\n    {second}: b\n");
            let e = read_form(&src, &layout()).unwrap_err();
            // At the second key, as documented (it was at its value).
            assert_eq!((e.line, e.column), (4, 5), "{src}: {e:?}");
            assert_eq!(
                e.message,
                "question 1 of `retrieval` is answered twice (also at line 3); keep one answer",
                "{src}"
            );
        }
    }

    #[test]
    fn a_list_is_a_bulleted_answer_with_each_item_at_its_place() {
        let src = "answers:\n  retrieval:\n    1:\n      - bigger box\n      -\n      - more boxes\n    2: [one, two]\n";
        let f = read_form(src, &layout()).unwrap();
        let one = &f.answers[0];
        assert_eq!(one.text, "- bigger box\n- more boxes");
        assert_eq!((one.line, one.column), (4, 7));
        assert_eq!(one.parts, [(0, 4, 7), (13, 6, 7)]);
        let two = &f.answers[1];
        assert_eq!(two.text, "- one\n- two");
        assert_eq!(two.parts, [(0, 7, 7), (6, 7, 12)]);
        // A list of empty items is no answer.
        let f = read_form(
            "answers:\n  retrieval:\n    1: [\"\", ~]\n    2: x\n",
            &layout(),
        )
        .unwrap();
        assert_eq!(f.answers.len(), 1);
    }

    #[test]
    fn a_tag_before_an_answer_is_reported_and_the_rest_graded() {
        let src = "answers:\n  retrieval:\n    1: !important &a stateless services scale\n    2:\n      - !note keep no state\n      - \"shared store!\"\n  capacity-plan:\n    1: !!str 36\n";
        let block = "answers:\n  retrieval:\n    1: !why |-\n      stateless\n    2: |\n      !not a tag here\n";
        let f = read_form(block, &layout()).unwrap();
        let got = unplaced_at(&f);
        assert_eq!(got, [("!why", 3)]);
        // Unplaced text comes in file order, whatever the exercises' names.
        let named = "answers:\n  zeta:\n    1: a\n  alpha:\n    1: b\n";
        let lines: Vec<u32> = read_form(named, &layout())
            .unwrap()
            .unplaced
            .iter()
            .map(|u| u.line)
            .collect();
        assert_eq!(lines, [3, 5]);
        let f = read_form(src, &layout()).unwrap();
        let texts: Vec<&str> = f.answers.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "stateless services scale",
                "- keep no state\n- shared store!",
                "36"
            ]
        );
        let got = unplaced_at(&f);
        // YAML's own `!!str` is deliberate.
        assert_eq!(got, [("!important", 3), ("&a", 3), ("!note", 5)]);
        assert!(f.unplaced[0].reason.contains("put the answer in quotes"));
        assert_eq!(
            f.unplaced[1].reason,
            "`&a` is left out of the answer: to YAML, `&` starts an anchor (a name for the value); put the answer in quotes"
        );
    }

    /// A learner's `&word` is read as an anchor and left out of the answer: reported, unless
    /// an alias repeats the value it names (then the anchor is deliberate).
    #[test]
    fn an_anchor_no_alias_names_is_reported_and_one_repeated_is_not() {
        let src = "answers:\n  retrieval:\n    1: &vertical adds CPU to one box\n    2:\n      - &aside cache-aside\n";
        let f = read_form(src, &layout()).unwrap();
        assert_eq!(unplaced_at(&f), [("&vertical", 3), ("&aside", 5)]);
        assert_eq!(f.answers[0].text, "adds CPU to one box");
        let src = "answers:\n  retrieval:\n    1: &same one box\n    2: *same\n";
        let f = read_form(src, &layout()).unwrap();
        assert!(f.unplaced.is_empty(), "{:?}", f.unplaced);
        let texts: Vec<&str> = f.answers.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(texts, ["one box", "one box"]);
    }

    #[test]
    fn text_yaml_reads_as_no_answer_is_reported_not_dropped() {
        let src = "answers:\n  retrieval:\n    1: #1 reason is cost\n    2: !important\n";
        let f = read_form(src, &layout()).unwrap();
        assert!(f.answers.is_empty());
        let got = unplaced_at(&f);
        assert_eq!(got, [("#1 reason is cost", 3), ("!important", 4)]);
        assert!(
            f.unplaced[0].reason.contains("`#` starts a comment"),
            "{:?}",
            f.unplaced[0]
        );
        assert!(
            f.unplaced[1].reason.contains("`!` starts a tag"),
            "{:?}",
            f.unplaced[1]
        );
        // Also after a quoted key, and in a list item.
        let lost = |src: &str| {
            let f = read_form(src, &layout()).unwrap();
            let got: Vec<(String, u32)> = f
                .unplaced
                .iter()
                .map(|u| (u.text.clone(), u.line))
                .collect();
            (f, got)
        };
        let (_, got) =
            lost("answers:\n  retrieval:\n    \"1\": #1 reason is cost\n    '2': # two\n");
        assert_eq!(got, [("#1 reason is cost".into(), 3), ("# two".into(), 4)]);
        let (f, got) = lost(
            "answers:\n  retrieval:\n    1:\n      - #sticky sessions\n      - JWT\n      -\n      - ~\n    2:\n      - # only this\n",
        );
        assert_eq!(
            got,
            [("#sticky sessions".into(), 4), ("# only this".into(), 9)]
        );
        assert!(f.unplaced[0].reason.starts_with("the text after `-` "));
        assert_eq!(f.answers.len(), 1);
        assert_eq!(f.answers[0].text, "- JWT");
        // YAML's own ways of writing "no answer" are no answer, with nothing to report.
        for empty in [
            "",
            " ~",
            " null",
            " ''",
            " \"\"",
            " # not yet",
            " ~ # later",
            " null  # todo",
        ] {
            let src = format!("answers:\n  retrieval:\n    1:{empty}\n    2: x\n");
            let f = read_form(&src, &layout()).unwrap();
            let lost = usize::from(empty.trim_start().starts_with('#'));
            assert_eq!(f.unplaced.len(), lost, "{src}");
        }
    }

    /// A mapping nested in a mapping that stands for an answer's text is refused at its
    /// place, saying what an answer is (a flow mapping one deep is text, as a block one is).
    #[test]
    fn a_mapping_nested_in_an_answer_says_why() {
        let e = read_form("answers:\n  retrieval:\n    1: {a: {b: c}}\n", &layout()).unwrap_err();
        assert_eq!((e.line, e.column), (3, 12));
        assert!(e.message.contains("expected a string or a number"), "{e:?}");
        let f = read_form("answers:\n  retrieval:\n    1: {a: b}\n", &layout()).unwrap();
        assert_eq!(f.answers[0].text, "a: b");
    }

    /// A block (`2: |`) keeps its lines, without its indentation: each line of the answer is
    /// placed at its own line and column, also inside a list item, and so is each line a
    /// folded value was joined from.
    #[test]
    fn each_line_of_a_block_answer_is_at_its_own_place() {
        let src = "answers:\n  retrieval:\n    1: |\n      Stateless: no state.\n\n        indented more\n    2:\n      - one\n      - |\n        two a\n        two b\n";
        let f = read_form(src, &layout()).unwrap();
        let one = &f.answers[0];
        assert_eq!(one.text, "Stateless: no state.\n\n  indented more\n");
        assert_eq!((one.line, one.column), (4, 7));
        assert_eq!(one.parts, [(0, 4, 7), (22, 6, 7)]);
        let two = &f.answers[1];
        assert_eq!(two.text, "- one\n- two a\ntwo b\n");
        assert_eq!(two.parts, [(0, 8, 7), (6, 10, 7), (14, 11, 9)]);
        // Folded: the lines are joined with a space; each is found at its place.
        let f = read_form(
            "answers:\n  retrieval:\n    1: >\n      a b\n      c d\n",
            &layout(),
        )
        .unwrap();
        assert_eq!(f.answers[0].text, "a b c d\n");
        assert_eq!(f.answers[0].parts, [(0, 4, 7), (4, 5, 7)]);
    }
}
