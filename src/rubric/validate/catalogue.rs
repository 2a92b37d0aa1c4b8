//! What a rubric defines for the whole sheet, across its files: the vocabularies and the
//! misconception catalogue ([`Catalogue`]), the problems of each vocabulary's entries, and
//! the catalogue's sheet-wide rules ([`rules`]).

use std::collections::{BTreeMap, HashMap};

use super::context::{Collected, QCtx, Sheet};
use super::errs::{Errs, is_slug, with_offset};
use crate::pattern::vocabulary;
use crate::rubric::error::RubricError;
use crate::rubric::load::RawFile;
use crate::rubric::model::{Misconception, MistakeRule};
use crate::rubric::raw::{Patterns, RawMisconception, RawMistake};
use crate::yaml::{Spanned, place};

/// The vocabularies and the misconception catalogue of every file, each name defined once.
pub(super) struct Catalogue<'f> {
    pub(super) vocabulary: BTreeMap<String, Vec<String>>,
    /// Where each vocabulary is defined: its file (and the file's place in the files) and
    /// entries.
    defined: HashMap<&'f str, (usize, &'f str, &'f Spanned<Patterns>)>,
    /// Each entry's `rule` is `None` until [`Catalogue::set_rules`].
    pub(super) misconceptions: BTreeMap<String, Misconception>,
}

impl<'f> Catalogue<'f> {
    /// Reads the vocabularies and misconceptions of `files`, in order, reporting a name
    /// defined twice (the first definition is kept), an empty vocabulary, a misconception
    /// label that is not a slug and a misconception's missing `title` or `feedback`.
    pub(super) fn read(files: &'f [RawFile], list: &mut Vec<RubricError>) -> Self {
        let mut vocabulary = BTreeMap::new();
        let mut defined: HashMap<&str, (usize, &str, &Spanned<Patterns>)> = HashMap::new();
        let mut misconceptions = BTreeMap::new();
        // Where each misconception is defined first: its file and line.
        let mut misconception_defined: HashMap<&str, (&str, u32)> = HashMap::new();
        for (fi, f) in files.iter().enumerate() {
            let mut e = Errs {
                file: &f.name,
                list: &mut *list,
            };
            for (name, entries) in &f.raw.vocabulary {
                if let Some((_, other, first)) = defined.get(name.as_str()) {
                    e.at(
                        place(entries),
                        format!(
                            "vocabulary `{name}` is already defined at {other}:{}",
                            place(*first).0
                        ),
                    );
                    continue;
                }
                if entries.value.0.is_empty() {
                    e.at(
                        place(entries),
                        format!("vocabulary `{name}` has no entries"),
                    );
                }
                defined.insert(name, (fi, &f.name, entries));
                vocabulary.insert(
                    name.clone(),
                    entries.value.0.iter().map(|(s, _)| s.clone()).collect(),
                );
            }
            for (label, m) in &f.raw.misconceptions {
                if !is_slug(label) {
                    e.at(
                        place(m),
                        format!(
                            "misconception label `{label}` must be lowercase letters, digits and `-`"
                        ),
                    );
                }
                e.missing(
                    place(m),
                    "a misconception",
                    [
                        ("title", m.value.title.is_none()),
                        ("feedback", m.value.feedback.is_none()),
                    ],
                );
                if let Some((other, line)) = misconception_defined.get(label.as_str()) {
                    e.at(
                        place(m),
                        format!("misconception `{label}` is already defined at {other}:{line}"),
                    );
                    continue;
                }
                misconception_defined.insert(label, (&f.name, place(m).0));
                misconceptions.insert(
                    label.clone(),
                    Misconception {
                        title: m.value.title.clone().unwrap_or_default(),
                        feedback: m.value.feedback.clone().unwrap_or_default(),
                        rule: None,
                    },
                );
            }
        }
        Catalogue {
            vocabulary,
            defined,
            misconceptions,
        }
    }

    /// Reports each vocabulary's own problems ([`vocabulary::check`]) at their entries, once
    /// (patterns do not repeat them), in the order of the files and places.
    pub(super) fn report(&self, checked: &vocabulary::Checked, list: &mut Vec<RubricError>) {
        let mut placed: Vec<_> = checked
            .errors
            .iter()
            .map(|err| {
                let (fi, file, entries) = self.defined[err.vocabulary.as_str()];
                let at = entries
                    .value
                    .0
                    .get(err.entry)
                    .and_then(|(_, at)| *at)
                    .unwrap_or_else(|| place(entries));
                (fi, at, file, with_offset(&err.message, err.offset))
            })
            .collect();
        // Stable: an entry's problems stay in the order written.
        placed.sort_by_key(|&(fi, at, _, _)| (fi, at));
        for (_, at, file, message) in placed {
            Errs {
                file,
                list: &mut *list,
            }
            .at(at, message);
        }
    }

    /// Sets each misconception's sheet-wide rule (see [`rules`]), once the whole rubric is
    /// valid.
    pub(super) fn set_rules(&mut self, rules: Vec<(String, MistakeRule)>) {
        for (label, rule) in rules {
            if let Some(entry) = self.misconceptions.get_mut(&label) {
                entry.rule = Some(std::sync::Arc::new(rule));
            }
        }
    }
}

/// The catalogue's sheet-wide rules, checked like a question's mistakes: each misconception
/// with a `match`, by label, in the order of the files. A rule's other fields without a
/// `match` are an error: they would never apply.
pub(super) fn rules(
    files: &[RawFile],
    sheet: &Sheet<'_>,
    out: Collected<'_>,
) -> Vec<(String, MistakeRule)> {
    let Collected {
        lexicon,
        regex_uses,
        formulas,
        list,
    } = out;
    let mut rules = Vec::new();
    for f in files {
        let mut e = Errs {
            file: &f.name,
            list: &mut *list,
        };
        for (label, m) in &f.raw.misconceptions {
            let Some(patterns) = &m.value.patterns else {
                if let Some(fields) = without_match(&m.value) {
                    e.at(
                        place(m),
                        format!(
                            "misconception `{label}` has {fields} but no `match`: a rule's other fields apply only to what its `match` finds"
                        ),
                    );
                }
                continue;
            };
            let raw = RawMistake {
                id: Some(crate::yaml::unplaced(label.clone())),
                patterns: Some(patterns.clone()),
                all: m.value.all.clone(),
                unless: m.value.unless.clone(),
                unless_anywhere: m.value.unless_anywhere.clone(),
                polarity: m.value.polarity.clone(),
                cap: m.value.cap.clone(),
                penalty: m.value.penalty.clone(),
                feedback: None,
                visibility: None,
            };
            let mut ctx = QCtx {
                e: &mut e,
                sheet,
                lexicon: &mut *lexicon,
                exercise: "",
                formulas: &mut *formulas,
                regex_uses: &mut *regex_uses,
            };
            if let Some(mut rule) = ctx.rule(&raw, label) {
                rule.id = label.clone();
                rules.push((label.clone(), rule));
            }
        }
    }
    rules
}

/// The rule fields a misconception without `match` writes (`` `unless` and `cap` ``), or
/// `None` for none.
fn without_match(m: &RawMisconception) -> Option<String> {
    let written: Vec<&str> = [
        ("`all`", m.all.is_some()),
        ("`unless`", m.unless.is_some()),
        ("`unless-anywhere`", m.unless_anywhere.is_some()),
        ("`polarity`", m.polarity.is_some()),
        ("`cap`", m.cap.is_some()),
        ("`penalty`", m.penalty.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, is)| is.then_some(name))
    .collect();
    match written.as_slice() {
        [] => None,
        [one] => Some(one.to_string()),
        [rest @ .., last] => Some(format!("{} and {last}", rest.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{errors, placed_errors};

    /// A vocabulary's problems are reported at its entries, used or not, once and in the
    /// order written: the patterns that name a broken vocabulary do not repeat them (they
    /// once said only "unknown vocabulary `zz`" at every such pattern, and an unused one was
    /// never checked).
    #[test]
    fn vocabulary_problems_are_reported_once_at_their_entries() {
        let src = r#"
id: q
title: Q
vocabulary:
  lb:
    - load balancer
    - x {zz}
  unused: ["a [b"]
  loop: ["{loop} again"]
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: P
        concepts:
          - { id: c, match: "{lb} spread*", feedback: F }
          - { id: d, match: ["use {lb}", "{nosuch}"], feedback: F }
"#;
        assert_eq!(
            errors(src),
            [
                (
                    7,
                    7,
                    "vocabulary `lb`, entry `x {zz}`: unknown vocabulary `zz` (at character 3)"
                        .to_string()
                ),
                (
                    8,
                    12,
                    "vocabulary `unused`, entry `a [b`: unclosed `[` (at character 3)".to_string()
                ),
                (
                    9,
                    10,
                    "vocabulary `loop`, entry `{loop} again`: the vocabulary refers to itself \
                     (loop → loop) (at character 1)"
                        .to_string()
                ),
                (
                    18,
                    42,
                    "invalid pattern `{nosuch}` in `match`: unknown vocabulary `nosuch` \
                     (at character 1)"
                        .to_string()
                ),
            ]
        );
    }

    /// A misconception label must be a slug, and a misconception needs its `title` and
    /// `feedback`, whether or not it has a rule.
    #[test]
    fn a_misconception_needs_a_slug_a_title_and_feedback() {
        let src = "id: q\ntitle: Q\nmisconceptions:\n  Big-Box:\n    title: T\n  ok:\n    feedback: F\n    match: x\nexercises:\n  - id: e\n    title: E\n    questions:\n      - { number: 1, prompt: P, concepts: [{ id: c, match: x, feedback: F }] }\n";
        assert_eq!(
            placed_errors(src),
            [
                "5:5: misconception label `Big-Box` must be lowercase letters, digits and `-`",
                "5:5: missing field `feedback` (a misconception needs one)",
                "7:5: missing field `title` (a misconception needs one)",
            ]
        );
    }

    /// A rule's fields without its `match` would never apply: each is named. (`unless-anywhere`
    /// and `polarity` alone were accepted without a word, even an invalid pattern in them.)
    #[test]
    fn rule_fields_without_a_match_are_named() {
        let with = |fields: &str| {
            format!(
                "id: q\ntitle: Q\nmisconceptions:\n  m:\n    title: T\n    feedback: F\n{fields}exercises:\n  - id: e\n    title: E\n    questions:\n      - {{ number: 1, prompt: P, concepts: [{{ id: c, match: x, feedback: F }}] }}\n"
            )
        };
        let said = |fields: &str| placed_errors(&with(fields));
        let tail = "but no `match`: a rule's other fields apply only to what its `match` finds";
        assert_eq!(
            said("    unless-anywhere: \"x (\"\n"),
            [format!(
                "5:5: misconception `m` has `unless-anywhere` {tail}"
            )]
        );
        assert_eq!(
            said("    polarity: negated\n"),
            [format!("5:5: misconception `m` has `polarity` {tail}")]
        );
        assert_eq!(
            said("    all: [a]\n    unless: [b]\n    cap: 0.5\n"),
            [format!(
                "5:5: misconception `m` has `all`, `unless` and `cap` {tail}"
            )]
        );
        assert!(crate::rubric::load_str(&with(""), "q.yaml").is_ok());
    }
}
