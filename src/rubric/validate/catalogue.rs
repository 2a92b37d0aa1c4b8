//! What a rubric defines for the whole sheet, across its files: the vocabularies and the
//! misconception catalogue ([`Catalogue`]), the problems of each vocabulary's entries, and
//! the catalogue's sheet-wide rules ([`rules`]).

use std::collections::{BTreeMap, HashMap};

use super::context::{QCtx, Sheet};
use super::errs::{Errs, is_slug, with_offset};
use super::patterns::RegexUse;
use crate::pattern::{Lexicon, vocabulary};
use crate::rubric::error::RubricError;
use crate::rubric::load::RawFile;
use crate::rubric::model::{Misconception, MistakeRule};
use crate::rubric::raw::{Patterns, RawMistake};
use crate::yaml::{Spanned, place};

/// The vocabularies and the misconception catalogue of every file, each name defined once.
pub(super) struct Catalogue<'f> {
    pub(super) vocabulary: BTreeMap<String, Vec<String>>,
    /// Where each vocabulary is defined: its file (and the file's place in the files) and
    /// entries.
    defined: HashMap<&'f str, (usize, &'f str, &'f Spanned<Patterns>)>,
    /// Each entry's `rule` is set once every rule is checked (see [`rules`]).
    pub(super) misconceptions: BTreeMap<String, Misconception>,
}

impl<'f> Catalogue<'f> {
    /// Reads the vocabularies and misconceptions of `files`, in order, reporting a name
    /// defined twice (the first definition is kept), an empty vocabulary, and a label or a
    /// misconception's missing field.
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

    /// Sets each misconception's sheet-wide rule (see [`rules`]).
    pub(super) fn set_rules(&mut self, rules: Vec<(String, MistakeRule)>) {
        for (label, rule) in rules {
            if let Some(entry) = self.misconceptions.get_mut(&label) {
                entry.rule = Some(std::sync::Arc::new(rule));
            }
        }
    }
}

/// The catalogue's sheet-wide rules, checked like a question's mistakes: each misconception
/// with a `match`, by label, in the order of the files. `all`, `unless`, `cap` or `penalty`
/// without a `match` is an error (they would never apply).
pub(super) fn rules(
    files: &[RawFile],
    sheet: &Sheet<'_>,
    lexicon: &mut Lexicon,
    regex_uses: &mut Vec<RegexUse>,
    list: &mut Vec<RubricError>,
) -> Vec<(String, MistakeRule)> {
    // A catalogue rule names no number: it has no formulas.
    let mut no_formulas = Vec::new();
    let mut rules = Vec::new();
    for f in files {
        let mut e = Errs {
            file: &f.name,
            list: &mut *list,
        };
        for (label, m) in &f.raw.misconceptions {
            let Some(patterns) = &m.value.patterns else {
                if m.value.all.is_some()
                    || m.value.unless.is_some()
                    || m.value.cap.is_some()
                    || m.value.penalty.is_some()
                {
                    e.at(
                        place(m),
                        format!("misconception `{label}` has `all`, `unless`, `cap` or `penalty` but no `match`"),
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
                lexicon,
                exercise: "",
                formulas: &mut no_formulas,
                regex_uses,
            };
            if let Some(mut rule) = ctx.rule(&raw, label) {
                rule.id = label.clone();
                rules.push((label.clone(), rule));
            }
        }
    }
    rules
}
