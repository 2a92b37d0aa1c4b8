//! From raw rubric files to a validated [`Rubric`]: names resolved, patterns compiled once,
//! numbers checked. Every problem is collected (with its `file:line:col`) before failing.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::error::{RubricError, RubricErrors};
use super::expr::{Expr, Name};
use super::formula::{Formula, NumberRef};
use super::load::RawFile;
use super::model::*;
use super::raw::{
    NumberValue, Patterns, RawAnswer, RawConcept, RawMistake, RawNumber, RawQuestion, RawTolerance,
};
use crate::fast_hash::FastSet;
use crate::numeric::{Tolerance, parse_unit};
use crate::pattern::{CompileError, Compiler, Lexicon, Pattern, vocabulary};
use crate::text::edit_distance::did_you_mean;
use crate::text::{Analysis, fold_word, is_stopword, stem};
use crate::yaml::{Spanned, place};

/// Collects errors for one file.
struct Errs<'a> {
    file: &'a str,
    list: &'a mut Vec<RubricError>,
}

impl Errs<'_> {
    fn at(&mut self, (line, column): (u32, u32), message: impl Into<String>) {
        self.list.push(RubricError {
            file: self.file.to_string(),
            line,
            column,
            message: message.into(),
        });
    }

    /// Each `(field, absent)` whose field is absent from the mapping at `at`, a `what` (`a
    /// concept`): a missing required field is one more problem of the rubric, reported with
    /// the others (see `raw.rs`).
    fn missing<const N: usize>(&mut self, at: (u32, u32), what: &str, fields: [(&str, bool); N]) {
        for (field, absent) in fields {
            if absent {
                self.at(at, format!("missing field `{field}` ({what} needs one)"));
            }
        }
    }
}

/// How messages name a concept, number, mistake or exercise: by its id, or, if it has none
/// (a missing field, reported), as the one at the message's place.
/// The most words a number's `window` may reach (`near` a match).
const MAX_WINDOW: u32 = 50;

fn named(kind: &str, id: Option<&Spanned<String>>) -> String {
    match id {
        Some(id) => format!("{kind} `{}`", id.value),
        None => format!("this {kind}"),
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// Validates the rubric made of `files` (the main file first).
pub fn validate(files: Vec<RawFile>, hash: String) -> Result<Rubric, RubricErrors> {
    let mut list = Vec::new();
    let main_name = files[0].name.clone();

    // Vocabulary and the misconception catalogue, across files.
    let mut vocabulary: BTreeMap<String, Vec<String>> = BTreeMap::new();
    // Where each vocabulary is defined first: its file (and the file's place in `files`) and
    // entries.
    let mut vocab_defined: HashMap<&str, (usize, &str, &Spanned<Patterns>)> = HashMap::new();
    let mut misconceptions: BTreeMap<String, Misconception> = BTreeMap::new();
    // Where each misconception is defined first: its file and line.
    let mut misconception_defined: HashMap<&str, (&str, u32)> = HashMap::new();
    for (fi, f) in files.iter().enumerate() {
        let mut e = Errs {
            file: &f.name,
            list: &mut list,
        };
        for (name, entries) in &f.raw.vocabulary {
            if let Some((_, other, first)) = vocab_defined.get(name.as_str()) {
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
            vocab_defined.insert(name, (fi, &f.name, entries));
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

    // Each vocabulary's own problems, at its entries, once (patterns do not repeat them),
    // in the order of the files and places.
    let checked = vocabulary::check(&vocabulary);
    let mut placed: Vec<_> = checked
        .errors
        .iter()
        .map(|err| {
            let (fi, file, entries) = vocab_defined[err.vocabulary.as_str()];
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
            list: &mut list,
        }
        .at(at, message);
    }
    let (broken, parsed) = (&checked.broken, &checked.parsed);

    let main = &files[0].raw;
    let mut e = Errs {
        file: &main_name,
        list: &mut list,
    };
    let id = match &main.id {
        Some(id) if is_slug(&id.value) => id.value.clone(),
        Some(id) => {
            e.at(
                place(id),
                format!(
                    "rubric id `{}` must be lowercase letters, digits and `-`",
                    id.value
                ),
            );
            id.value.clone()
        }
        None => {
            e.at((1, 1), "missing field `id`");
            String::new()
        }
    };
    let title = match &main.title {
        Some(t) => t.value.clone(),
        None => {
            e.at((1, 1), "missing field `title`");
            String::new()
        }
    };
    let mut scale = Vec::new();
    if let Some(s) = &main.scale {
        let ok = !s.value.is_empty()
            && s.value.iter().all(|x| (0.0..=1.0).contains(x))
            && s.value.windows(2).all(|w| w[0] < w[1]);
        if ok && (s.value.first() != Some(&0.0) || s.value.last() != Some(&1.0)) {
            // Every credit is snapped to the scale: without 1 a full answer loses credit,
            // without 0 an empty one earns some.
            e.at(
                place(s),
                "`scale` must start at 0 and end at 1 (each question's credit is rounded to the nearest step)",
            );
        } else if ok {
            scale = s.value.clone();
        } else {
            e.at(
                place(s),
                "`scale` must list fractions from 0 to 1 in increasing order",
            );
        }
    }
    let mut decimal_mark = crate::numeric::DecimalMark::Point;
    if let Some(m) = &main.decimal_mark {
        match crate::numeric::DecimalMark::from_rubric(&m.value) {
            Some(d) => decimal_mark = d,
            None => e.at(
                place(m),
                format!(
                    "`decimal-mark` must be \".\" (1.5) or \",\" (1,5), not {:?}",
                    m.value
                ),
            ),
        }
    }
    let mut proximity = 3usize;
    let mut list_cap = 0.0;
    let mut copy_cap = 0.0;
    if let Some(d) = &main.defaults {
        if let Some(p) = &d.value.proximity {
            if p.value > 20 {
                e.at(place(p), "`proximity` must be at most 20");
            } else {
                proximity = p.value as usize;
            }
        }
        list_cap = fraction(&mut e, d.value.list_cap.as_ref(), "list-cap").unwrap_or(0.0);
        copy_cap = fraction(&mut e, d.value.copy_cap.as_ref(), "copy-cap").unwrap_or(0.0);
    }

    let mut lexicon = Lexicon::default();
    // Sheet-wide misconception rules from the catalogue.
    let mut no_formulas = Vec::new();
    // Every `re:` pattern, with its place: its expression is built later (see `RegexUse`).
    let mut regex_uses: Vec<RegexUse> = Vec::new();
    for f in &files {
        for (label, m) in &f.raw.misconceptions {
            let Some(patterns) = &m.value.patterns else {
                if m.value.all.is_some()
                    || m.value.unless.is_some()
                    || m.value.cap.is_some()
                    || m.value.penalty.is_some()
                {
                    let mut e = Errs {
                        file: &f.name,
                        list: &mut list,
                    };
                    e.at(place(m), format!("misconception `{label}` has `all`, `unless`, `cap` or `penalty` but no `match`"));
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
            let mut e = Errs {
                file: &f.name,
                list: &mut list,
            };
            let catalogue = misconceptions.clone();
            let mut ctx = QCtx {
                e: &mut e,
                vocabulary: &vocabulary,
                broken,
                parsed,
                lexicon: &mut lexicon,
                misconceptions: &catalogue,
                exercise: "",
                formulas: &mut no_formulas,
                regex_uses: &mut regex_uses,
                defaults: (list_cap, copy_cap),
                scale: &scale,
            };
            if let Some(mut rule) = ctx.rule(&raw, label) {
                rule.id = label.clone();
                if let Some(entry) = misconceptions.get_mut(label) {
                    entry.rule = Some(std::sync::Arc::new(rule));
                }
            }
        }
    }
    let mut exercises: Vec<Exercise> = Vec::new();
    // The rubric's points so far, and whether their going past the limit was reported.
    let mut total_points = 0.0;
    let mut total_reported = false;
    let mut exercise_ids: HashMap<String, String> = HashMap::new();
    // Formulas to check once every number id is known: (file, place, formula).
    let mut formulas: Vec<FormulaUse> = Vec::new();
    for f in &files {
        let mut e = Errs {
            file: &f.name,
            list: &mut list,
        };
        for ex in &f.raw.exercises {
            e.missing(
                place(ex),
                "an exercise",
                [
                    ("id", ex.value.id.is_none()),
                    ("title", ex.value.title.is_none()),
                    ("questions", ex.value.questions.is_none()),
                ],
            );
            let exid = ex.value.id.as_ref();
            if let Some(exid) = exid {
                if !is_slug(&exid.value) {
                    e.at(
                        place(exid),
                        format!(
                            "exercise id `{}` must be lowercase letters, digits and `-`",
                            exid.value
                        ),
                    );
                }
                match exercise_ids.get(&exid.value) {
                    Some(other) => e.at(
                        place(exid),
                        format!("exercise `{}` is already defined at {other}", exid.value),
                    ),
                    None => {
                        let first = format!("{}:{}", f.name, place(exid).0);
                        exercise_ids.insert(exid.value.clone(), first);
                    }
                }
            }
            let exercise = named("exercise", exid);
            // Each question number's first line.
            let mut numbers_seen: HashMap<u32, u32> = HashMap::new();
            let mut questions = Vec::new();
            let raw_questions = ex.value.questions.as_deref().unwrap_or_default();
            if ex.value.questions.as_ref().is_some_and(Vec::is_empty) {
                e.at(place(ex), format!("{exercise} has no questions"));
            }
            for q in raw_questions {
                e.missing(
                    place(q),
                    "a question",
                    [
                        ("number", q.value.number.is_none()),
                        ("prompt", q.value.prompt.is_none()),
                    ],
                );
                // A question without its number (reported) is still checked, as question 0.
                let mut number = 0;
                if let Some(n) = &q.value.number {
                    // Read as any number, so that `2.5` gets this message and not the YAML
                    // reader's "a whole number from -9223372036854775808 to …".
                    if n.value.fract() != 0.0 || !(1.0..=10_000.0).contains(&n.value) {
                        e.at(
                            place(n),
                            format!(
                                "question number {} must be a whole number from 1 to 10000",
                                yaml_number(n.value)
                            ),
                        );
                        continue;
                    }
                    number = n.value as u32;
                    if let Some(first) = numbers_seen.get(&number) {
                        e.at(
                            place(n),
                            format!(
                                "question {number} appears twice in {exercise} (first at line {first})"
                            ),
                        );
                    } else {
                        numbers_seen.insert(number, place(n).0);
                    }
                }
                let mut ctx = QCtx {
                    e: &mut e,
                    vocabulary: &vocabulary,
                    broken,
                    parsed,
                    lexicon: &mut lexicon,
                    misconceptions: &misconceptions,
                    exercise: exid.map_or("", |id| id.value.as_str()),
                    formulas: &mut formulas,
                    regex_uses: &mut regex_uses,
                    defaults: (list_cap, copy_cap),
                    scale: &scale,
                };
                if let Some(question) = ctx.question(&q.value, number, place(q)) {
                    total_points += question.points;
                    if total_points > MAX_TOTAL_POINTS && !total_reported {
                        total_reported = true;
                        let at = q.value.points.as_ref().map_or(place(q), place);
                        e.at(
                            at,
                            format!(
                                "the rubric's points add up to more than {MAX_TOTAL_POINTS} here ({}); scores are kept to 6 decimals, which a larger total cannot hold",
                                yaml_number(total_points)
                            ),
                        );
                    }
                    questions.push(question);
                }
            }
            exercises.push(Exercise {
                id: exid.map(|id| id.value.clone()).unwrap_or_default(),
                title: ex.value.title.clone().unwrap_or_default(),
                aliases: ex.value.aliases.clone(),
                questions,
            });
        }
    }
    // `re:` expressions that cannot be built (too large): their syntax was checked in place,
    // so these come after the errors found in the rubric's rules.
    lexicon.finish_compiling();
    for u in &regex_uses {
        if let Some(err) = u.pattern.build_error() {
            list.push(RubricError {
                file: u.file.clone(),
                line: u.at.0,
                column: u.at.1,
                message: invalid_pattern(&u.pattern.source, &u.what, &err),
            });
        }
    }
    if exercises.is_empty() && list.is_empty() {
        list.push(RubricError {
            file: main_name.clone(),
            line: 1,
            column: 1,
            message: "the rubric has no exercises".into(),
        });
    }
    // Error-carried-forward formulas and examples' `given` must name numbers that exist, and
    // a formula only numbers graded before its own (in the order the rubric lists exercises,
    // questions and numbers): the learner's value of its own or of a later number is not
    // known when it is computed, so the formula would never carry an error forward.
    let numbers: Vec<String> = exercises
        .iter()
        .flat_map(|x| {
            x.questions.iter().flat_map(move |q| {
                (q.numbers.iter()).map(move |n| format!("{}.{}.{}", x.id, q.number, n.id))
            })
        })
        .collect();
    const ORDER: &str = "(exercises, then their questions, then their numbers, as the rubric \
                         lists them; an included file's after the main file's)";
    for u in &formulas {
        let of = match &u.from {
            RefersFrom::Formula { of: Some(of) } => {
                let name = of.to_string();
                numbers.iter().position(|n| *n == name).map(|i| (i, of))
            }
            _ => None,
        };
        let mut seen: Vec<&NumberRef> = Vec::new();
        for r in u.formula.refs() {
            if seen.contains(&r) {
                continue;
            }
            seen.push(r);
            let name = r.to_string();
            let at = numbers.iter().position(|n| *n == name);
            let message = match (at, of) {
                (None, _) => {
                    let hint = crate::text::edit_distance::did_you_mean(
                        &name,
                        numbers.iter().map(String::as_str),
                    );
                    match u.from {
                        RefersFrom::Given => format!(
                            "`given` names `{r}`, which is not a number of the rubric{hint}"
                        ),
                        RefersFrom::Formula { .. } => format!(
                            "formula refers to `{{{r}}}`, which is not a number of the rubric{hint}"
                        ),
                    }
                }
                (Some(at), Some((own, _))) if at == own => format!(
                    "formula refers to its own number `{{{r}}}`: a formula uses the learner's answers to numbers listed before its own {ORDER}; write the value instead"
                ),
                (Some(at), Some((own, of))) if at > own => format!(
                    "formula refers to `{{{r}}}`, listed after this number (`{of}`): a formula uses the learner's answers to numbers listed before its own {ORDER}; write the value instead, or list `{r}` first"
                ),
                _ => continue,
            };
            list.push(RubricError {
                file: u.file.clone(),
                line: u.at.0,
                column: u.at.1,
                message,
            });
        }
    }
    if !list.is_empty() {
        return Err(RubricErrors(list));
    }
    Ok(Rubric {
        id,
        title,
        version: main.version.clone(),
        scale,
        exercises,
        misconceptions,
        lexicon,
        hash,
        proximity,
        decimal_mark,
    })
}

fn fraction(e: &mut Errs<'_>, v: Option<&Spanned<f64>>, what: &str) -> Option<f64> {
    let v = v?;
    if !(0.0..=1.0).contains(&v.value) {
        e.at(
            place(v),
            format!(
                "`{what}` must be a fraction from 0 to 1, not {}",
                yaml_number(v.value)
            ),
        );
        return None;
    }
    Some(v.value)
}

/// The most points a rubric may add up to: scores are kept to 6 decimals (`round6`), which a
/// larger total cannot hold (and `1e308` twice is infinite).
pub const MAX_TOTAL_POINTS: f64 = 1e9;

/// A number as YAML writes it: `.nan`, `.inf` and `-.inf` for the values that are not finite.
fn yaml_number(x: f64) -> String {
    if x.is_nan() {
        ".nan".into()
    } else if x.is_infinite() {
        (if x > 0.0 { ".inf" } else { "-.inf" }).into()
    } else if x.abs() >= 1e15 {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

/// Whether every number of `xs` is finite; reports the first that is not at `at`.
fn all_finite(e: &mut Errs<'_>, at: (u32, u32), what: &str, xs: &[f64]) -> bool {
    match xs.iter().find(|x| !x.is_finite()) {
        Some(x) => {
            e.at(
                at,
                format!("`{what}` takes finite numbers, not {}", yaml_number(*x)),
            );
            false
        }
        None => true,
    }
}

/// A reference to earlier numbers, with its place. Checked once every number is known.
struct FormulaUse {
    file: String,
    at: (u32, u32),
    formula: Formula,
    from: RefersFrom,
}

/// What refers to numbers.
enum RefersFrom {
    /// The error-carried-forward formula of number `of` (set by `question`, which knows the
    /// number's place; `None` for a number without an id, an error of its own).
    Formula { of: Option<NumberRef> },
    /// An example's `given` key.
    Given,
}

/// A use of a `re:` pattern, with its place: the expression is built while the rest of the
/// rubric is validated, and can still fail (too large) after its syntax was checked.
struct RegexUse {
    file: String,
    at: (u32, u32),
    what: String,
    pattern: Pattern,
}

fn invalid_pattern(src: &str, what: &str, err: &CompileError) -> String {
    with_offset(
        &format!("invalid pattern `{src}` in `{what}`: {}", err.message),
        err.offset,
    )
}

/// `message`, and the character (1-based) at `offset` of the pattern or entry it is about.
fn with_offset(message: &str, offset: Option<usize>) -> String {
    match offset {
        Some(o) => format!("{message} (at character {})", o + 1),
        None => message.to_string(),
    }
}

struct QCtx<'a, 'b> {
    e: &'a mut Errs<'b>,
    vocabulary: &'a BTreeMap<String, Vec<String>>,
    /// Vocabularies whose problems are reported at their entries ([`vocabulary::check`]).
    broken: &'a BTreeSet<String>,
    /// Their entries, parsed by [`vocabulary::check`].
    parsed: &'a vocabulary::Parsed,
    lexicon: &'a mut Lexicon,
    misconceptions: &'a BTreeMap<String, Misconception>,
    exercise: &'a str,
    formulas: &'a mut Vec<FormulaUse>,
    regex_uses: &'a mut Vec<RegexUse>,
    defaults: (f64, f64),
    /// The rubric's `scale` (empty: none), which a level's or an example's score must be a
    /// step of.
    scale: &'a [f64],
}

impl QCtx<'_, '_> {
    /// The error of a misconception `label` the catalogue lacks, with the likely one meant.
    fn not_in_catalogue(&self, label: &str) -> String {
        format!(
            "misconception `{label}` is not in the rubric's `misconceptions` catalogue{}",
            self.catalogue_hint(label)
        )
    }

    /// "; did you mean `x`?" for a `label` the catalogue lacks, or nothing.
    fn catalogue_hint(&self, label: &str) -> String {
        did_you_mean(label, self.misconceptions.keys().map(String::as_str))
    }

    fn patterns(&mut self, p: &Spanned<Patterns>, what: &str) -> Vec<Pattern> {
        let mut out = Vec::new();
        if p.value.0.is_empty() {
            self.e.at(place(p), format!("`{what}` has no patterns"));
        }
        for (src, at) in &p.value.0 {
            let at = at.unwrap_or_else(|| place(p));
            let mut c = Compiler {
                vocabulary: self.vocabulary,
                parsed: Some(self.parsed),
                lexicon: self.lexicon,
            };
            match c.compile(src) {
                Ok(pat) => {
                    if pat.is_regex() {
                        self.regex_uses.push(RegexUse {
                            file: self.e.file.to_string(),
                            at,
                            what: what.to_string(),
                            pattern: pat.clone(),
                        });
                    }
                    out.push(pat)
                }
                // Each its own error, at the pattern's place (as `when` names are); a
                // problem in a vocabulary it names is reported at that vocabulary's entry.
                Err(errors) => {
                    let own = errors.iter().filter(|err| {
                        !err.vocabulary
                            .as_ref()
                            .is_some_and(|v| self.broken.contains(v))
                    });
                    for err in own {
                        self.e.at(at, invalid_pattern(src, what, err));
                    }
                }
            }
        }
        out
    }

    fn want(&mut self, p: Option<&Spanned<String>>) -> Want {
        match p.map(|s| s.value.as_str()) {
            None | Some("asserted") => Want::Asserted,
            Some("negated") => Want::Negated,
            Some("any") => Want::Any,
            Some(other) => {
                let at = p.map(place).unwrap_or((0, 0));
                self.e.at(
                    at,
                    format!("unknown polarity `{other}`; choose from asserted, negated, any"),
                );
                Want::Asserted
            }
        }
    }

    fn visibility(&mut self, v: Option<&Spanned<String>>) -> Visibility {
        match v.map(|s| s.value.as_str()) {
            None | Some("learner") => Visibility::Learner,
            Some("instructor") => Visibility::Instructor,
            Some(other) => {
                let at = v.map(place).unwrap_or((0, 0));
                self.e.at(
                    at,
                    format!("unknown visibility `{other}`; choose from learner, instructor"),
                );
                Visibility::Instructor
            }
        }
    }

    fn question(&mut self, q: &RawQuestion, number: u32, at: (u32, u32)) -> Option<Question> {
        let points = match &q.points {
            Some(p) if p.value > 0.0 && p.value <= MAX_TOTAL_POINTS => p.value,
            Some(p) if !p.value.is_finite() => {
                self.e.at(
                    place(p),
                    format!(
                        "points must be a finite number greater than 0, not {}",
                        yaml_number(p.value)
                    ),
                );
                1.0
            }
            Some(p) if p.value > 0.0 => {
                self.e.at(
                    place(p),
                    format!(
                        "points must be at most {MAX_TOTAL_POINTS}, not {}",
                        yaml_number(p.value)
                    ),
                );
                1.0
            }
            Some(p) => {
                self.e.at(
                    place(p),
                    format!(
                        "points must be greater than 0, not {}",
                        yaml_number(p.value)
                    ),
                );
                1.0
            }
            None => 1.0,
        };
        // Each id's first claim: its kind and line.
        let mut ids: HashMap<String, (&'static str, u32)> = HashMap::new();
        let mut claim = |e: &mut Errs<'_>, id: Option<&Spanned<String>>, kind: &'static str| {
            // Without an id (reported) there is nothing to claim.
            let Some(id) = id else { return };
            if id.value.trim().is_empty() {
                // Reports, results and `when` expressions name it by its id.
                e.at(
                    place(id),
                    format!("a {kind}'s `id` is empty: give it a name (reports and `when` use it)"),
                );
                return;
            }
            match ids.get(&id.value) {
                Some((prev, line)) => e.at(
                    place(id),
                    format!(
                        "id `{}` is already used by a {prev} of this question (first at line {line})",
                        id.value
                    ),
                ),
                None => {
                    ids.insert(id.value.clone(), (kind, place(id).0));
                }
            }
        };
        let n_criteria = (q.concepts.len() + q.numbers.len()).max(1) as f64;
        let mut concepts = Vec::new();
        for c in &q.concepts {
            claim(self.e, c.value.id.as_ref(), "concept");
            concepts.push(self.concept(&c.value, place(c), points, n_criteria));
        }
        let mut numbers = Vec::new();
        for n in &q.numbers {
            claim(self.e, n.value.id.as_ref(), "number");
            let first = self.formulas.len();
            let check = self.number(&n.value, place(n), points, n_criteria);
            if !check.id.is_empty() {
                for u in &mut self.formulas[first..] {
                    u.from = RefersFrom::Formula {
                        of: Some(NumberRef {
                            exercise: self.exercise.to_string(),
                            question: number,
                            id: check.id.clone(),
                        }),
                    };
                }
            }
            numbers.push(check);
        }
        let mut mistakes = Vec::new();
        for m in &q.mistakes {
            claim(self.e, m.value.id.as_ref(), "mistake");
            if let Some(m) = self.mistake(&m.value, place(m)) {
                mistakes.push(m);
            }
        }
        if q.scoring.is_none() {
            // Additive scoring sums what is found: a weakness would earn credit there.
            for (raw, c) in q.concepts.iter().zip(&concepts) {
                if c.kind == ConceptKind::Weakness {
                    let at = raw.value.kind.as_ref().map_or(place(raw), place);
                    self.e.at(
                        at,
                        format!(
                            "{} is a weakness, which only `scoring: levels` can use (additive scoring would add it as credit)",
                            named("concept", raw.value.id.as_ref())
                        ),
                    );
                }
            }
        }
        if q.scoring.is_some() {
            // Levels set the credit themselves: a weight there would be ignored.
            let concepts = q
                .concepts
                .iter()
                .map(|c| (c.value.weight.as_ref(), "concept", c.value.id.as_ref()));
            let numbers = q
                .numbers
                .iter()
                .map(|n| (n.value.weight.as_ref(), "number", n.value.id.as_ref()));
            for (weight, kind, id) in concepts.chain(numbers) {
                if let Some(w) = weight {
                    self.e.at(
                        place(w),
                        format!(
                            "{} has a `weight`, which this question's `scoring: levels` ignores (each level's `score` sets the credit): remove it",
                            named(kind, id)
                        ),
                    );
                }
            }
        }
        // Where each level's `when` is, for the levels kept.
        let mut when_places = Vec::new();
        let scoring = match &q.scoring {
            None => Scoring::Additive,
            Some(s) => {
                self.e.missing(
                    place(s),
                    "`scoring`",
                    [("levels", s.value.levels.is_none())],
                );
                if s.value.levels.as_deref().is_some_and(<[_]>::is_empty) {
                    self.e.at(
                        place(s),
                        "`levels` lists no level, so the question could never score: list at \
                         least one (`- { when: …, score: … }`), or remove `scoring`",
                    );
                }
                let mut levels = Vec::new();
                for level in s.value.levels.as_deref().unwrap_or_default() {
                    let l = &level.value;
                    self.e.missing(
                        place(level),
                        "a level",
                        [("score", l.score.is_none()), ("when", l.when.is_none())],
                    );
                    // A level without its `when` (reported) still has its `score` checked.
                    let when = match &l.when {
                        Some(source) => match Expr::parse(&source.value) {
                            Ok(x) => Some((x, source)),
                            Err(err) => {
                                self.e
                                    .at(place(source), format!("invalid `when` expression: {err}"));
                                continue;
                            }
                        },
                        None => None,
                    };
                    if let Some((when, source)) = &when {
                        for name in when.names() {
                            if !ids.contains_key(name) {
                                let known: Vec<&str> = {
                                    let mut k: Vec<&str> = ids.keys().map(String::as_str).collect();
                                    k.sort_unstable();
                                    k
                                };
                                let hint = did_you_mean(name, known.iter().copied());
                                self.e.at(place(*source), format!("`when` names `{name}`, which is not a concept, number or mistake of this question (known: {}){hint}", known.join(", ")));
                            }
                        }
                    }
                    let Some(score) = &l.score else { continue };
                    let score = match &score.value {
                        NumberValue::One(x) if (0.0..=1.0).contains(x) => {
                            if let Some(why) = off_scale(*x, self.scale) {
                                self.e.at(place(score), format!("a level's `score` {why}"));
                            }
                            LevelScore::Fixed(*x)
                        }
                        NumberValue::Formula(name)
                            if ids.get(name).is_some_and(|(kind, _)| *kind == "number") =>
                        {
                            LevelScore::Number(Name::new(name.clone()))
                        }
                        _ => {
                            self.e.at(place(score), "a level's `score` must be a fraction from 0 to 1 or the id of a number of this question");
                            continue;
                        }
                    };
                    let Some((when, source)) = when else { continue };
                    when_places.push(place(source));
                    levels.push(Level {
                        score,
                        when,
                        source: source.value.clone(),
                    });
                }
                Scoring::Levels(levels)
            }
        };
        let list_cap = q
            .list_cap
            .as_ref()
            .and_then(|v| fraction(self.e, Some(v), "list-cap"))
            .unwrap_or(self.defaults.0);
        let copy_cap = q
            .copy_cap
            .as_ref()
            .and_then(|v| fraction(self.e, Some(v), "copy-cap"))
            .unwrap_or(self.defaults.1);
        let mut examples = Vec::new();
        for x in &q.examples {
            self.e.missing(
                place(x),
                "an example",
                [
                    ("answer", x.value.answer.is_none()),
                    ("score", x.value.score.is_none()),
                ],
            );
            let score = x.value.score.as_ref().map_or(0.0, |s| s.value);
            if let Some(s) = x
                .value
                .score
                .as_ref()
                .filter(|s| !(0.0..=1.0).contains(&s.value))
            {
                self.e
                    .at(place(s), "an example's `score` is a fraction from 0 to 1");
            } else if let Some(s) = &x.value.score {
                if let Some(why) = off_scale(s.value, self.scale) {
                    self.e.at(
                        place(s),
                        format!("an example's `score` {why}, so the example can never pass"),
                    );
                }
            }
            for m in &x.value.mistakes {
                if !self.misconceptions.contains_key(m) {
                    self.e.at(
                        place(x),
                        format!(
                            "example expects misconception `{m}`, which is not in the catalogue{}",
                            self.catalogue_hint(m)
                        ),
                    );
                }
            }
            let mut given = Vec::new();
            if let Some(g) = &x.value.given {
                for (key, value) in &g.value {
                    let parts: Vec<&str> = key.split('.').collect();
                    let parsed = match parts.as_slice() {
                        [e, q, id] => q.parse::<u32>().ok().map(|q| NumberRef {
                            exercise: e.to_string(),
                            question: q,
                            id: id.to_string(),
                        }),
                        _ => None,
                    };
                    if !all_finite(self.e, place(g), "given", &[*value]) {
                        continue;
                    }
                    match parsed {
                        Some(r) => {
                            self.formulas.push(FormulaUse {
                                file: self.e.file.to_string(),
                                at: place(g),
                                formula: Formula::Ref(r.clone()),
                                from: RefersFrom::Given,
                            });
                            given.push((r, *value));
                        }
                        None => self.e.at(
                            place(g),
                            format!("`given` key `{key}` must be `exercise.question.number-id`"),
                        ),
                    }
                }
            }
            examples.push(Example {
                given,
                name: x.value.name.clone(),
                answer: x.value.answer.clone().unwrap_or_default(),
                score,
                mistakes: x.value.mistakes.clone(),
                line: place(x).0,
                file: self.e.file.to_string(),
            });
        }
        let prompt = q.prompt.clone().unwrap_or_default();
        let prompt_stems = content_stems(&prompt);
        let prompt_sentences = content_stems_by_sentence(&prompt);
        let mut question = Question {
            number,
            written_at: (self.e.file.to_string(), at.0, at.1),
            prompt,
            points,
            concepts,
            numbers,
            mistakes,
            scoring: Scoring::Additive,
            list_cap,
            copy_cap,
            examples,
            prompt_stems,
            prompt_sentences,
        };
        // The levels read the answer's values by slot (see `Question::slot`).
        let mut scoring = scoring;
        if let Scoring::Levels(levels) = &mut scoring {
            let slot = |id: &str| question.slot(id);
            for l in levels.iter_mut() {
                l.when.resolve(&slot);
                if let LevelScore::Number(n) = &mut l.score {
                    n.slot = slot(&n.id).unwrap_or(Name::UNRESOLVED);
                }
            }
            // A `when` naming what the question lacks is already an error; which levels it
            // leaves dead would only repeat it.
            let all_known = (levels.iter())
                .all(|l| l.when.names().iter().all(|id| question.slot(id).is_some()));
            if all_known {
                self.dead_levels(levels, &when_places);
            }
        }
        question.scoring = scoring;
        Some(question)
    }

    /// Reports each level no answer can reach (see [`super::reach`]), at its `when`.
    fn dead_levels(&mut self, levels: &[Level], places: &[(u32, u32)]) {
        let shown = |k: usize| format!("level {} (`{}`)", k + 1, levels[k].source);
        for (k, dead) in super::reach::dead_levels(levels) {
            // A last `when: "true"` after levels that already cover every answer is a
            // defensive catch-all: dead, and harmless.
            let catch_all = k + 1 == levels.len()
                && matches!(levels[k].when, super::expr::Expr::Const(true))
                && matches!(dead, super::reach::Dead::Shadowed(_));
            if catch_all {
                continue;
            }
            let why = match dead {
                super::reach::Dead::NeverHolds => "its `when` holds for no answer".to_string(),
                super::reach::Dead::Shadowed(by) => {
                    let by: Vec<String> = by.into_iter().map(shown).collect();
                    format!(
                        "wherever its `when` holds, {} holds first (levels are tried in order): put it before, or narrow the earlier `when`",
                        by.join(" or ")
                    )
                }
            };
            self.e.at(
                places[k],
                format!("{} can never be reached: {why}", shown(k)),
            );
        }
    }

    fn concept(&mut self, c: &RawConcept, at: (u32, u32), points: f64, n: f64) -> Concept {
        self.e.missing(
            at,
            "a concept",
            [("id", c.id.is_none()), ("feedback", c.feedback.is_none())],
        );
        let patterns = c
            .patterns
            .as_ref()
            .map(|p| self.patterns(p, "match"))
            .unwrap_or_default();
        let all = c
            .all
            .as_ref()
            .map(|p| self.patterns(p, "all"))
            .unwrap_or_default();
        if c.patterns.is_none() && c.all.is_none() {
            self.e.at(
                at,
                format!("{} needs `match` or `all`", named("concept", c.id.as_ref())),
            );
        }
        let unless = c
            .unless
            .as_ref()
            .map(|p| self.patterns(p, "unless"))
            .unwrap_or_default();
        let want = self.want(c.polarity.as_ref());
        let weight = self.weight(c.weight.as_ref(), points, n);
        Concept {
            id: c.id.as_ref().map(|id| id.value.clone()).unwrap_or_default(),
            patterns,
            all,
            unless,
            want,
            weight,
            feedback: c.feedback.clone().unwrap_or_default(),
            praise: c.praise.clone(),
            visibility: self.visibility(c.visibility.as_ref()),
            kind: self.concept_kind(c.kind.as_ref()),
        }
    }

    fn concept_kind(&mut self, k: Option<&Spanned<String>>) -> ConceptKind {
        match k.map(|s| s.value.as_str()) {
            None | Some("point") => ConceptKind::Point,
            Some("weakness") => ConceptKind::Weakness,
            Some(other) => {
                let at = k.map(place).unwrap_or((0, 0));
                self.e.at(
                    at,
                    format!("unknown concept kind `{other}`; choose from point, weakness"),
                );
                ConceptKind::Point
            }
        }
    }

    fn weight(&mut self, w: Option<&Spanned<f64>>, points: f64, n: f64) -> f64 {
        match w {
            Some(w) if w.value >= 0.0 && w.value.is_finite() => w.value / points,
            Some(w) => {
                self.e.at(
                    place(w),
                    format!(
                        "weight must be a finite number, 0 or more, not {}",
                        yaml_number(w.value)
                    ),
                );
                0.0
            }
            None => 1.0 / n,
        }
    }

    /// The mistake at `at` of a question.
    fn mistake(&mut self, m: &RawMistake, at: (u32, u32)) -> Option<MistakeRule> {
        self.e.missing(
            at,
            "a mistake",
            [("id", m.id.is_none()), ("match", m.patterns.is_none())],
        );
        let label = m.id.as_ref().map_or("", |id| id.value.as_str());
        self.rule(m, label)
    }

    /// A mistake rule for the catalogue label `label` (a mistake without its `id` or its
    /// `match`, both reported by the caller, is checked as far as it can be, and is no rule).
    fn rule(&mut self, m: &RawMistake, label: &str) -> Option<MistakeRule> {
        let patterns = m
            .patterns
            .as_ref()
            .map(|p| self.patterns(p, "match"))
            .unwrap_or_default();
        let all = m
            .all
            .as_ref()
            .map(|p| self.patterns(p, "all"))
            .unwrap_or_default();
        let unless = m
            .unless
            .as_ref()
            .map(|p| self.patterns(p, "unless"))
            .unwrap_or_default();
        let unless_anywhere = m
            .unless_anywhere
            .as_ref()
            .map(|p| self.patterns(p, "unless-anywhere"))
            .unwrap_or_default();
        let want = self.want(m.polarity.as_ref());
        let cap = m
            .cap
            .as_ref()
            .and_then(|v| fraction(self.e, Some(v), "cap"));
        let penalty = m
            .penalty
            .as_ref()
            .and_then(|v| fraction(self.e, Some(v), "penalty"))
            .unwrap_or(0.0);
        let Some(id) = &m.id else {
            self.visibility(m.visibility.as_ref());
            return None;
        };
        let Some(entry) = self.misconceptions.get(label) else {
            let message = self.not_in_catalogue(&id.value);
            self.e.at(place(id), message);
            return None;
        };
        let title = entry.title.clone();
        let feedback = m.feedback.clone().unwrap_or_else(|| entry.feedback.clone());
        let visibility = self.visibility(m.visibility.as_ref());
        m.patterns.as_ref()?;
        Some(MistakeRule {
            id: id.value.clone(),
            patterns,
            all,
            unless_anywhere,
            unless,
            want,
            cap,
            penalty,
            title,
            feedback,
            visibility,
        })
    }

    fn tolerance(&mut self, t: &Spanned<RawTolerance>) -> Tolerance {
        let r = &t.value;
        let inclusive = r.inclusive.unwrap_or(true);
        let mut kinds: Vec<Tolerance> = Vec::new();
        // `.nan` and `.inf` are numbers to YAML, not tolerances.
        let at = place(t);
        let check = |e: &mut Errs<'_>, what: &str, x: f64| {
            if !(x.is_finite() && x >= 0.0) {
                e.at(
                    at,
                    format!(
                        "tolerance `{what}` must be a finite number, 0 or more, not {}",
                        yaml_number(x)
                    ),
                )
            }
        };
        for (what, x) in [
            ("abs", r.abs),
            ("rel", r.rel),
            ("moodle-nominal", r.moodle_nominal),
            ("moodle-relative", r.moodle_relative),
            ("geometric", r.geometric),
        ] {
            if let Some(x) = x {
                check(self.e, what, x);
            }
        }
        if let Some(x) = r.abs {
            kinds.push(Tolerance::Absolute { tol: x, inclusive });
        }
        if let Some(x) = r.rel {
            kinds.push(Tolerance::Relative { tol: x, inclusive });
        }
        if let Some(v) = &r.relabs {
            if v.len() != 2 || v.iter().any(|x| !(x.is_finite() && *x >= 0.0)) {
                self.e.at(
                    place(t),
                    "`relabs` takes [rtol, atol], both finite numbers, 0 or more",
                );
                return Tolerance::Exact;
            } else {
                kinds.push(Tolerance::RelAbs {
                    rtol: v[0],
                    atol: v[1],
                });
            }
        }
        // Past the digits a double holds, a tolerance is 0 and an exact answer fails it.
        for (key, d) in [("sigfig", r.sigfig), ("decdig", r.decdig)] {
            if d.is_some_and(|d| u64::from(d) > MAX_DIGITS) {
                self.e.at(
                    place(t),
                    format!(
                        "`{key}` is at most {MAX_DIGITS} digits: a number is compared with about \
                         15 significant digits, and a tolerance finer than that could never be met"
                    ),
                );
            }
        }
        // No significant digit would accept anything within half the next power of ten.
        if r.sigfig == Some(0) {
            self.e.at(
                place(t),
                "`sigfig` is at least 1: 0 significant digits would accept nearly anything (for \
                 36, anything from -15 to 87)",
            );
        }
        if let Some(d) = r.sigfig {
            kinds.push(Tolerance::SigFig { digits: d });
        }
        if let Some(d) = r.decdig {
            kinds.push(Tolerance::DecDig { digits: d });
        }
        if let Some(x) = r.moodle_nominal {
            kinds.push(Tolerance::MoodleNominal { tol: x });
        }
        if let Some(x) = r.moodle_relative {
            kinds.push(Tolerance::MoodleRelative { tol: x });
        }
        if let Some(x) = r.geometric {
            kinds.push(Tolerance::Geometric { tol: x });
        }
        if kinds.len() != 1 {
            self.e.at(place(t), "a tolerance has exactly one of abs, rel, relabs, sigfig, decdig, moodle-nominal, moodle-relative, geometric");
            return Tolerance::Exact;
        }
        // Only `abs` and `rel` have a bound to include or not: elsewhere it would be ignored.
        if r.inclusive.is_some() && r.abs.is_none() && r.rel.is_none() {
            self.e.at(
                place(t),
                "`inclusive` applies to `abs` and `rel` tolerances only; remove it",
            );
        }
        kinds.remove(0)
    }

    fn number(&mut self, n: &RawNumber, at: (u32, u32), points: f64, count: f64) -> NumberCheck {
        self.e.missing(
            at,
            "a number",
            [("id", n.id.is_none()), ("answers", n.answers.is_none())],
        );
        // (It was cut to 50 without a word.)
        if n.window.is_some_and(|w| w > MAX_WINDOW) {
            self.e.at(
                at,
                format!(
                    "{}'s `window` is at most {MAX_WINDOW} words (a sentence's reach)",
                    named("number", n.id.as_ref())
                ),
            );
        }
        let near = n
            .near
            .as_ref()
            .map(|p| self.patterns(p, "near"))
            .unwrap_or_default();
        let unit = n.unit.as_ref().and_then(|u| {
            let parsed = parse_unit(&u.value);
            if parsed.is_none() {
                self.e.at(
                    place(u),
                    format!(
                        "unknown unit `{}` (units such as ms, GB, req/s, %, instances: the list is in docs/rubric-format.md, \"Units\")",
                        u.value
                    ),
                );
            }
            parsed
        });
        let pick = match n.pick.as_ref().map(|p| p.value.as_str()) {
            None | Some("best") => Pick::Best,
            Some("last") => Pick::Last,
            Some(other) => {
                self.e.at(
                    n.pick.as_ref().map(place).unwrap_or(at),
                    format!("unknown pick `{other}`; choose from best, last"),
                );
                Pick::Best
            }
        };
        let range_end = match n.range_end.as_ref().map(|e| e.value.as_str()) {
            None => None,
            Some("low") => Some(RangeEnd::Low),
            Some("high") => Some(RangeEnd::High),
            Some(other) => {
                self.e.at(
                    n.range_end.as_ref().map(place).unwrap_or(at),
                    format!("unknown range-end `{other}`; choose from low, high"),
                );
                None
            }
        };
        if let (Some(e), None) = (&n.range_end, &n.near) {
            self.e.at(
                place(e),
                "range-end needs a `near` cue: without one, every number is read anyway",
            );
        }
        let default_tol =
            n.tolerance
                .as_ref()
                .map(|t| self.tolerance(t))
                .unwrap_or(Tolerance::Absolute {
                    tol: 1e-9,
                    inclusive: true,
                });
        if n.answers.as_ref().is_some_and(Vec::is_empty) {
            self.e.at(
                at,
                format!("{} has no answers", named("number", n.id.as_ref())),
            );
        }
        all_finite(self.e, at, "ignore", &n.ignore);
        let answers: Vec<NumberAnswer> = n
            .answers
            .as_deref()
            .unwrap_or_default()
            .iter()
            .filter_map(|a| {
                let answer = self.answer(&a.value, place(a), &default_tol)?;
                // An ignored number is never compared: an answer of that value never matches,
                // and its feedback is never given.
                if let Expected::Values(vs) = &answer.expected {
                    if let Some(v) = vs.iter().find(|v| {
                        n.ignore.iter().any(|g| {
                            g.is_finite() && (g - *v).abs() <= 1e-9 * g.abs().max(1.0)
                        })
                    }) {
                        self.e.at(
                            place(a),
                            format!(
                                "this answer of {} ({v}) can never match: its `ignore` list names {v}, and an ignored number is never compared (remove {v} from `ignore`)",
                                named("number", n.id.as_ref())
                            ),
                        );
                    }
                }
                Some(answer)
            })
            .collect();
        NumberCheck {
            id: n.id.as_ref().map(|id| id.value.clone()).unwrap_or_default(),
            near,
            window: n.window.unwrap_or(6).min(MAX_WINDOW) as usize,
            unit,
            ignore: n.ignore.clone(),
            pick,
            range_end,
            answers,
            weight: self.weight(n.weight.as_ref(), points, count),
            feedback: n.feedback.clone().unwrap_or_default(),
            visibility: self.visibility(n.visibility.as_ref()),
        }
    }

    fn answer(
        &mut self,
        a: &RawAnswer,
        at: (u32, u32),
        default_tol: &Tolerance,
    ) -> Option<NumberAnswer> {
        self.e
            .missing(at, "an answer", [("score", a.score.is_none())]);
        let expected = match (&a.value, &a.range) {
            (Some(v), None) => match &v.value {
                NumberValue::One(x) if !all_finite(self.e, place(v), "value", &[*x]) => {
                    return None;
                }
                NumberValue::Many(xs) if !all_finite(self.e, place(v), "value", xs) => {
                    return None;
                }
                NumberValue::One(x) => Expected::Values(vec![*x]),
                NumberValue::Many(xs) if !xs.is_empty() => Expected::Values(xs.clone()),
                NumberValue::Many(_) => {
                    self.e.at(place(v), "`value` lists no numbers");
                    return None;
                }
                NumberValue::Formula(src) => match Formula::parse(src, self.exercise) {
                    // A formula that names no number is one value for every learner: it must
                    // be finite, as a number written as such must (`10 / 0` could never
                    // be given).
                    Ok(f) if f.refs().is_empty() && f.eval(&|_| None).is_none() => {
                        self.e.at(
                            place(v),
                            format!(
                                "formula `{src}` has no finite value (it names no other number, \
                                 so it is one value for every learner); `value` takes finite numbers"
                            ),
                        );
                        return None;
                    }
                    Ok(f) => {
                        // In an exercise without its id (reported), `{question.id}` names no
                        // exercise: its references are not checked.
                        if !self.exercise.is_empty() {
                            self.formulas.push(FormulaUse {
                                file: self.e.file.to_string(),
                                at: place(v),
                                formula: f.clone(),
                                from: RefersFrom::Formula { of: None },
                            });
                        }
                        Expected::Formula(f)
                    }
                    Err(msg) => {
                        self.e.at(
                            place(v),
                            match super::comma_course::comma_number_hint(src) {
                                Some(hint) => format!("invalid formula `{src}`: {msg}; {hint}"),
                                None => format!("invalid formula `{src}`: {msg}"),
                            },
                        );
                        return None;
                    }
                },
            },
            (None, Some(r)) if !all_finite(self.e, place(r), "range", &r.value) => {
                return None;
            }
            (None, Some(r)) if r.value.len() == 2 && r.value[0] <= r.value[1] => {
                Expected::Range(r.value[0], r.value[1])
            }
            (None, Some(r)) => {
                self.e
                    .at(place(r), "`range` takes [low, high] with low <= high");
                return None;
            }
            _ => {
                self.e
                    .at(at, "an answer has exactly one of `value` and `range`");
                return None;
            }
        };
        let score = fraction(self.e, a.score.as_ref(), "score").unwrap_or(0.0);
        let round = match a.round.as_ref().map(|r| r.value.as_str()) {
            None => None,
            Some("up") => Some(Round::Up),
            Some("down") => Some(Round::Down),
            Some("nearest") => Some(Round::Nearest),
            Some(other) => {
                self.e.at(
                    a.round.as_ref().map(place).unwrap_or(at),
                    format!("unknown rounding `{other}`; choose from up, down, nearest"),
                );
                None
            }
        };
        let plausible = match &a.plausible {
            Some(p) if !all_finite(self.e, place(p), "plausible", &p.value) => None,
            Some(p) if p.value.len() == 2 && p.value[0] <= p.value[1] => {
                Some((p.value[0], p.value[1]))
            }
            Some(p) => {
                self.e
                    .at(place(p), "`plausible` takes [low, high] with low <= high");
                None
            }
            None => None,
        };
        if let Some(m) = &a.mistake {
            if !self.misconceptions.contains_key(&m.value) {
                let message = self.not_in_catalogue(&m.value);
                self.e.at(place(m), message);
            }
        }
        let ecf = a
            .ecf
            .as_ref()
            .and_then(|v| fraction(self.e, Some(v), "ecf"));
        if ecf.is_some() && !matches!(expected, Expected::Formula(_)) {
            self.e
                .at(at, "`ecf` needs a `value` formula over earlier numbers");
        }
        Some(NumberAnswer {
            expected,
            tolerance: a
                .tolerance
                .as_ref()
                .map(|t| self.tolerance(t))
                .unwrap_or(*default_tol),
            round,
            score,
            rounding_score: a
                .rounding_score
                .as_ref()
                .and_then(|v| fraction(self.e, Some(v), "rounding-score"))
                .unwrap_or(score / 2.0),
            ecf,
            plausible,
            mistake: a.mistake.as_ref().map(|m| m.value.clone()),
            feedback: a.feedback.clone(),
        })
    }
}

/// Stems of the content words of a text.
pub fn content_stems(text: &str) -> FastSet<String> {
    stems_of(&Analysis::new(text).tokens)
}

/// The stems of the `tokens` that are not stopwords.
fn stems_of(tokens: &[crate::text::Token]) -> FastSet<String> {
    tokens
        .iter()
        .filter(|t| !is_stopword(t.norm()))
        .map(|t| stem(&fold_word(t.norm())))
        .collect()
}

/// Why `x` is not a step of `scale` ("0.6 is not a step of the rubric's `scale` (…): it
/// would be given as 0.5"), or `None` when it is one or there is no scale. Every question's
/// credit is rounded to the scale.
fn off_scale(x: f64, scale: &[f64]) -> Option<String> {
    if scale.is_empty() || scale.iter().any(|s| (s - x).abs() < 1e-9) {
        return None;
    }
    let steps: Vec<String> = scale.iter().map(f64::to_string).collect();
    Some(format!(
        "{x} is not a step of the rubric's `scale` ({}): it would be given as {}",
        steps.join(", "),
        crate::grade::question::snap(x, scale)
    ))
}

/// [`content_stems`] per sentence of `text` outside its parentheses (the options a prompt
/// offers, "(CDN? Reverse proxy?)", are not sentences of it); empty for a text of one
/// sentence.
pub fn content_stems_by_sentence(text: &str) -> Vec<FastSet<String>> {
    let a = Analysis::new(&crate::text::strip_parens(text));
    if a.sentences.len() < 2 {
        return Vec::new();
    }
    (0..a.sentences.len())
        .map(|s| stems_of(a.sentence_tokens(s)))
        .collect()
}

/// The most digits a `sigfig` or `decdig` tolerance may ask for.
const MAX_DIGITS: u64 = 15;
#[cfg(test)]
mod tests {
    use crate::rubric::{Visibility, load_str};

    /// A last `when: "true"` after levels that cover every answer is allowed; one before
    /// other levels, or shadowing a level that is not last, is not.
    #[test]
    fn a_last_catch_all_level_is_allowed() {
        let rubric = |whens: &[&str]| {
            let levels: String = whens
                .iter()
                .map(|w| format!("            - {{ score: 0, when: \"{w}\" }}\n"))
                .collect();
            format!(
                "id: c\ntitle: C\nexercises:\n  - id: e\n    title: E\n    questions:\n      \
                 - number: 1\n        prompt: Why?\n        concepts:\n          \
                 - {{ id: a, match: alpha, feedback: Say alpha. }}\n        scoring:\n          \
                 levels:\n{levels}"
            )
        };
        assert!(load_str(&rubric(&["a", "!a", "true"]), "c.yaml").is_ok());
        let err = load_str(&rubric(&["a", "true", "!a"]), "c.yaml").unwrap_err();
        assert!(
            err.to_string()
                .contains("level 3 (`!a`) can never be reached"),
            "{err}"
        );
        let err = load_str(&rubric(&["true", "a"]), "c.yaml").unwrap_err();
        assert!(
            err.to_string()
                .contains("level 2 (`a`) can never be reached"),
            "{err}"
        );
    }

    const RUBRIC: &str = r#"
id: vis
title: Visibility
misconceptions:
  m:
    title: M
    feedback: Why M is wrong.
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: P
        concepts:
          - { id: shown, match: "alpha", feedback: F1 }
          - { id: hidden, match: "beta", feedback: F2, visibility: instructor }
        numbers:
          - id: n
            visibility: instructor
            answers: [{ value: 3, score: 1 }]
            feedback: F3
        mistakes:
          - { id: m, match: "gamma", visibility: learner }
"#;

    #[test]
    fn visibility_defaults_to_learner_and_can_be_instructor() {
        let r = load_str(RUBRIC, "vis.yaml").expect("valid");
        let q = &r.exercises[0].questions[0];
        assert_eq!(q.concepts[0].visibility, Visibility::Learner);
        assert_eq!(q.concepts[1].visibility, Visibility::Instructor);
        assert_eq!(q.numbers[0].visibility, Visibility::Instructor);
        assert_eq!(q.mistakes[0].visibility, Visibility::Learner);
    }

    #[test]
    fn a_weakness_needs_levels() {
        let src = r#"
id: w
title: W
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: Define it.
        concepts:
          - id: definition
            match: "any instance"
            feedback: Define it.
          - id: vague
            kind: weakness
            match: "stores nothing"
            feedback: Too vague.
"#;
        let errs = load_str(src, "w.yaml").expect_err("a weakness under additive scoring");
        let e = &errs.0[0];
        assert!(e.message.contains("concept `vague` is a weakness"), "{e:?}");
        assert_eq!(e.line, 15);
        let bad = src.replace("kind: weakness", "kind: flaw");
        let errs = load_str(&bad, "w.yaml").expect_err("an unknown kind");
        assert!(
            errs.0[0].message.contains("unknown concept kind `flaw`"),
            "{errs:?}"
        );
    }

    /// A formula or an example's `given` that names no number of the rubric is an error at
    /// its place, with the number meant.
    #[test]
    fn references_to_unknown_numbers_name_the_one_meant() {
        let src = r#"
id: g
title: G
exercises:
  - id: plans
    title: Plans
    questions:
      - number: 1
        prompt: How many rows?
        numbers:
          - id: rows
            answers: [{ value: 12000, score: 1 }]
      - number: 2
        prompt: How long?
        numbers:
          - id: fetch
            answers:
              - { value: "{1.row} * 0.0001", score: 1 }
        examples:
          - answer: "1.2 s"
            given: { plans.1.row: 12000 }
            score: 1
"#;
        let errs = load_str(src, "g.yaml").expect_err("unknown numbers");
        let messages: Vec<(u32, &str)> = errs.0.iter().map(|e| (e.line, &*e.message)).collect();
        assert_eq!(
            messages,
            [
                (
                    18,
                    "formula refers to `{plans.1.row}`, which is not a number of the rubric; \
                     did you mean `plans.1.rows`?"
                ),
                (
                    21,
                    "`given` names `plans.1.row`, which is not a number of the rubric; did you \
                     mean `plans.1.rows`?"
                ),
            ]
        );
    }

    /// A formula over its own number, or over one listed after it, would never carry an
    /// error forward (the learner's value is not known yet): an error at its place, once per
    /// number named. One over an earlier number (of its question, an earlier question or an
    /// earlier exercise) is accepted.
    #[test]
    fn formulas_refer_only_to_numbers_listed_before_their_own() {
        let src = r#"
id: g
title: G
exercises:
  - id: plans
    title: Plans
    questions:
      - number: 1
        prompt: How many rows?
        numbers:
          - id: rows
            answers: [{ value: 12000, score: 1 }]
          - id: fetch
            answers:
              - { value: "{1.fetch} * 2", score: 1 }
              - { value: "{2.cost} + {2.cost} + {1.rows}", score: 0.5 }
              - { value: "{1.left} + {costs.1.total}", score: 0.25 }
          - id: left
            answers:
              - { value: "{1.rows} - {1.fetch}", score: 1 }
      - number: 2
        prompt: How long?
        numbers:
          - id: cost
            answers:
              - { value: "{1.rows} * 0.0001", score: 1 }
  - id: costs
    title: Costs
    questions:
      - number: 1
        prompt: How much?
        numbers:
          - id: total
            answers:
              - { value: "{plans.2.cost} * 3", score: 1 }
"#;
        let errs = load_str(src, "g.yaml").expect_err("own and later numbers");
        let messages: Vec<(u32, u32, &str)> = errs
            .0
            .iter()
            .map(|e| (e.line, e.column, &*e.message))
            .collect();
        let why = "a formula uses the learner's answers to numbers listed before its own \
                   (exercises, then their questions, then their numbers, as the rubric lists \
                   them; an included file's after the main file's); write the value instead";
        let later = |r: &str| {
            format!(
                "formula refers to `{{{r}}}`, listed after this number (`plans.1.fetch`): {why}, or list `{r}` first"
            )
        };
        assert_eq!(
            messages,
            [
                (
                    15,
                    26,
                    &*format!("formula refers to its own number `{{plans.1.fetch}}`: {why}")
                ),
                (16, 26, &*later("plans.2.cost")),
                (17, 26, &*later("plans.1.left")),
                (17, 26, &*later("costs.1.total")),
            ]
        );
    }

    /// A YAML syntax error an author usually makes carries how to mend it; a misspelt
    /// vocabulary name is offered the likely one, never the vocabulary it is written in.
    #[test]
    fn yaml_mistakes_and_misspellings_come_with_a_hint() {
        let src = "id: q\ntitle: Q\nexercises:\n  - id: e\n    title: E\n    questions:\n      - number: 1\n        prompt: P\n        concepts: [{ id: c, match: \"x\", feedback: F }]\n";
        let colon = src.replace("prompt: P", "prompt: Note: a colon");
        let (line, _, message) = errors(&colon).remove(0);
        assert_eq!(line, 8);
        assert!(message.contains("put the text in quotes"), "{message}");
        let brace = src.replace("match: \"x\"", "match: {x}");
        let (_, _, message) = errors(&brace).remove(0);
        assert!(message.contains("must be in quotes"), "{message}");
        let vocab = src.replace(
            "exercises:",
            "vocabulary:\n  horizontal: [\"horizontal*\", \"{horizontl}\"]\n  scale: [\"{horizontl} scal*\"]\nexercises:",
        );
        let said: Vec<String> = errors(&vocab).into_iter().map(|(_, _, m)| m).collect();
        assert_eq!(
            said,
            [
                "vocabulary `horizontal`, entry `{horizontl}`: unknown vocabulary `horizontl` (at character 1)",
                "vocabulary `scale`, entry `{horizontl} scal*`: unknown vocabulary `horizontl`; did you mean `horizontal`? (at character 1)",
            ]
        );
    }

    /// Under `scoring: levels` a criterion's `weight` would count for nothing: an error at it.
    #[test]
    fn a_weight_under_levels_is_an_error() {
        let src = r#"
id: w
title: W
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: Define it.
        concepts:
          - id: definition
            match: "any instance"
            feedback: Define it.
            weight: 0.5
        scoring:
          levels:
            - score: 1
              when: definition
"#;
        assert_eq!(
            errors(src),
            [(
                14,
                21,
                "concept `definition` has a `weight`, which this question's `scoring: levels` \
                 ignores (each level's `score` sets the credit): remove it"
                    .to_string()
            )]
        );
        let additive = src.split("        scoring:").next().unwrap_or_default();
        assert!(load_str(additive, "w.yaml").is_ok());
    }

    #[test]
    fn range_end_is_low_or_high_and_needs_a_cue() {
        let src = r#"
id: r
title: R
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: HPA min?
        numbers:
          - id: min
            near: "min*"
            range-end: low
            answers: [{ range: [9, 13], score: 1 }]
"#;
        let r = load_str(src, "r.yaml").expect("valid");
        let n = &r.exercises[0].questions[0].numbers[0];
        assert_eq!(n.range_end, Some(crate::rubric::RangeEnd::Low));
        let errs = load_str(
            &src.replace("range-end: low", "range-end: bottom"),
            "r.yaml",
        )
        .expect_err("an unknown end");
        assert_eq!(
            (errs.0[0].message.as_str(), errs.0[0].line),
            ("unknown range-end `bottom`; choose from low, high", 13)
        );
        let errs = load_str(&src.replace("            near: \"min*\"\n", ""), "r.yaml")
            .expect_err("no cue");
        assert!(
            errs.0[0]
                .message
                .starts_with("range-end needs a `near` cue"),
            "{errs:?}"
        );
    }

    #[test]
    fn an_unknown_visibility_is_an_error_with_its_place() {
        let src = RUBRIC.replace("visibility: learner", "visibility: everyone");
        let errs = load_str(&src, "vis.yaml").expect_err("invalid");
        let e = &errs.0[0];
        assert!(e.message.contains("unknown visibility `everyone`"), "{e:?}");
        assert_eq!(e.line, 23);
    }

    /// Rules that load but can never count: a scale without 1, a level or an example off
    /// the scale, `N of` more conditions than listed, an answer that its `ignore` hides.
    #[test]
    fn rules_that_can_never_count_are_errors() {
        let src = r#"
id: q
title: Q
scale: [0, 0.5, 1]
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: A link has a one-way latency of 40 ms. What is the round trip?
        concepts:
          - { id: a, match: "twice", feedback: F }
          - { id: b, match: "double", feedback: F }
        numbers:
          - id: rtt
            ignore: [40]
            answers:
              - { value: 80, score: 1 }
              - { value: 40, score: 0, feedback: There and back. }
        scoring:
          levels:
            - { score: 1, when: "3 of (a, b)" }
            - { score: 0.6, when: a }
        examples:
          - { answer: "twice", score: 0.25 }
"#;
        let got = errors(src);
        let want = [
            (
                19,
                17,
                "this answer of number `rtt` (40) can never match: its `ignore` list names 40, and an ignored number is never compared (remove 40 from `ignore`)",
            ),
            (
                22,
                33,
                "invalid `when` expression: `3 of (…)` names only 2 conditions: it can never hold (at character 12 of the expression)",
            ),
            (
                23,
                24,
                "a level's `score` 0.6 is not a step of the rubric's `scale` (0, 0.5, 1): it would be given as 0.5",
            ),
            (
                25,
                39,
                "an example's `score` 0.25 is not a step of the rubric's `scale` (0, 0.5, 1): it would be given as 0, so the example can never pass",
            ),
        ];
        let want: Vec<(u32, u32, String)> = want
            .iter()
            .map(|(l, c, m)| (*l, *c, m.to_string()))
            .collect();
        assert_eq!(got, want);
        let no_one = errors(&src.replace("scale: [0, 0.5, 1]", "scale: [0, 0.5, 0.7]"));
        assert!(
            no_one.contains(&(
                4,
                8,
                "`scale` must start at 0 and end at 1 (each question's credit is rounded to the nearest step)".to_string()
            )),
            "{no_one:?}"
        );
    }

    /// One question worth `points`, with a concept matched by `pattern`.
    fn one_question(points: &str, pattern: &str) -> String {
        format!(
            r#"
id: q
title: Q
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: P
        points: {points}
        concepts:
          - {{ id: c, match: '{pattern}', feedback: F }}
"#
        )
    }

    /// The errors of `src` as `line:col: message`.
    #[track_caller]
    fn placed_errors(src: &str) -> Vec<String> {
        errors(src)
            .into_iter()
            .map(|(l, c, m)| format!("{l}:{c}: {m}"))
            .collect()
    }

    #[track_caller]
    fn errors(src: &str) -> Vec<(u32, u32, String)> {
        load_str(src, "q.yaml")
            .expect_err("invalid")
            .0
            .into_iter()
            .map(|e| (e.line, e.column, e.message))
            .collect()
    }

    /// What would be ignored or cut without a word is an error: `inclusive` with a tolerance
    /// that has no bound to include, a `window` past its limit.
    #[test]
    fn settings_that_would_be_ignored_are_errors() {
        let src = r#"
id: n
title: N
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: P
        numbers:
          - id: n
            window: 1000
            tolerance: { sigfig: 2, inclusive: false }
            answers:
              - { value: 5, score: 1, tolerance: { abs: 1, inclusive: false } }
"#;
        let errs = placed_errors(src);
        assert_eq!(
            errs,
            [
                "11:13: number `n`'s `window` is at most 50 words (a sentence's reach)",
                "13:24: `inclusive` applies to `abs` and `rel` tolerances only; remove it",
            ]
        );
    }

    /// A question that could never score, or a concept nothing could name, is an error.
    #[test]
    fn empty_levels_and_empty_ids_are_errors() {
        let src = one_question("1", "x").replace(
            "          - { id: c, match: 'x', feedback: F }\n",
            "          - { id: c, match: 'x', feedback: F }\n          - { id: '', match: 'y', feedback: G }\n        scoring: { levels: [] }\n",
        );
        let errs = placed_errors(&src);
        assert_eq!(
            errs,
            [
                "13:19: a concept's `id` is empty: give it a name (reports and `when` use it)",
                "14:18: `levels` lists no level, so the question could never score: list at least one (`- { when: …, score: … }`), or remove `scoring`",
            ]
        );
    }

    #[test]
    fn points_must_be_finite_and_at_most_the_limit() {
        for (points, said) in [
            (
                ".inf",
                "points must be a finite number greater than 0, not .inf",
            ),
            (
                ".nan",
                "points must be a finite number greater than 0, not .nan",
            ),
            (
                "-.inf",
                "points must be a finite number greater than 0, not -.inf",
            ),
            ("1e308", "points must be at most 1000000000, not 1e308"),
            ("0", "points must be greater than 0, not 0"),
        ] {
            assert_eq!(
                errors(&one_question(points, "because")),
                [(10, 17, said.to_string())],
                "{points}"
            );
        }
        let r = load_str(&one_question("1e9", "because"), "q.yaml").expect("at the limit");
        assert_eq!(r.max_score(), 1e9);
    }

    /// Totals are checked across exercises and files: the place is the `points` that goes
    /// past the limit (`1e308` twice is infinite; `inf/inf` made the mean score NaN).
    #[test]
    fn a_total_past_the_limit_is_an_error_at_the_points_that_pass_it() {
        let src = r#"
id: t
title: T
exercises:
  - id: a
    title: A
    questions:
      - { number: 1, prompt: P, points: 999999999, concepts: [{ id: c, match: x, feedback: F }] }
      - { number: 2, prompt: P, concepts: [{ id: c, match: x, feedback: F }] }
  - id: b
    title: B
    questions:
      - { number: 1, prompt: P, points: 0.5, concepts: [{ id: c, match: x, feedback: F }] }
      - { number: 2, prompt: P, points: 2, concepts: [{ id: c, match: x, feedback: F }] }
"#;
        let errs = errors(src);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!((errs[0].0, errs[0].1), (13, 41), "{errs:?}");
        assert!(
            errs[0].2.starts_with(
                "the rubric's points add up to more than 1000000000 here (1000000000.5)"
            ),
            "{errs:?}"
        );
    }

    /// A tolerance finer than a double's digits could never be met: refused, at the
    /// tolerance (it loaded, and an exact answer scored 0).
    #[test]
    fn a_tolerance_of_more_digits_than_a_number_holds_is_refused() {
        let src = r#"
id: n
title: N
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: P
        numbers:
          - id: n
            answers:
              - { value: 36, score: 1, tolerance: { sigfig: 400 } }
              - { value: 12, score: 1, tolerance: { decdig: 16 } }
              - { value: 7, score: 1, tolerance: { sigfig: 15 } }
              - { value: 36, score: 1, tolerance: { sigfig: 0 } }
              - { value: 36, score: 1, tolerance: { decdig: 0 } }
"#;
        let errs = placed_errors(src);
        assert_eq!(
            errs,
            [
                "13:51: `sigfig` is at most 15 digits: a number is compared with about 15 significant digits, and a tolerance finer than that could never be met",
                "14:51: `decdig` is at most 15 digits: a number is compared with about 15 significant digits, and a tolerance finer than that could never be met",
                "16:51: `sigfig` is at least 1: 0 significant digits would accept nearly anything (for 36, anything from -15 to 87)",
            ]
        );
    }

    #[test]
    fn numbers_that_are_not_finite_are_refused_with_their_place() {
        let src = r#"
id: n
title: N
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: P
        numbers:
          - id: n
            tolerance: { rel: .inf }
            answers:
              - { range: [.nan, 3], score: 1 }
              - { value: [1, 2], score: 1, tolerance: { moodle-nominal: .nan } }
              - { value: 5, score: .nan }
              - { value: "10 / 0", score: 1 }
              - { value: "10 / 4", score: 1 }
        examples:
          - { answer: "3", score: .nan }
"#;
        let errs = placed_errors(src);
        assert_eq!(
            errs,
            [
                "12:24: tolerance `rel` must be a finite number, 0 or more, not .inf",
                "14:26: `range` takes finite numbers, not .nan",
                "15:55: tolerance `moodle-nominal` must be a finite number, 0 or more, not .nan",
                "16:36: `score` must be a fraction from 0 to 1, not .nan",
                "17:26: formula `10 / 0` has no finite value (it names no other number, so it is one value for every learner); `value` takes finite numbers",
                "20:35: an example's `score` is a fraction from 0 to 1",
            ]
        );
    }

    #[test]
    fn a_regex_that_matches_empty_text_is_an_error_with_its_place() {
        for re in ["re:", "re:x*", "re:(cdn)?", "re:\\b"] {
            let errs = errors(&one_question("1", re));
            assert_eq!(errs.len(), 1, "{re}: {errs:?}");
            assert_eq!((errs[0].0, errs[0].1), (12, 29), "{re}: {errs:?}");
            assert!(
                errs[0]
                    .2
                    .starts_with(&format!("invalid pattern `{re}` in `match`")),
                "{errs:?}"
            );
        }
        assert!(load_str(&one_question("1", "re:\\bcdns?\\b"), "q.yaml").is_ok());
    }

    /// A question number is a whole number from 1 to 10000, said in the rubric's words
    /// whatever was written (`2.5` once got "a whole number from -9223372036854775808 to …").
    #[test]
    fn question_numbers_are_whole_numbers_from_1() {
        let q = |n: &str| {
            format!(
                "      - number: {n}\n        prompt: P\n        concepts: [{{ id: c, match: \"x\", feedback: F }}]\n"
            )
        };
        let src = format!(
            "id: q\ntitle: Q\nexercises:\n  - id: e\n    title: E\n    questions:\n{}{}{}{}{}{}",
            q("2.5"),
            q("0"),
            q("10001"),
            q(".nan"),
            q("3"),
            q("3.0")
        );
        let said: Vec<String> = errors(&src).into_iter().map(|(_, _, m)| m).collect();
        let whole = |n: &str| format!("question number {n} must be a whole number from 1 to 10000");
        assert_eq!(
            said,
            [
                whole("2.5"),
                whole("0"),
                whole("10001"),
                whole(".nan"),
                "question 3 appears twice in exercise `e` (first at line 19)".to_string(),
            ]
        );
    }

    /// A second definition of an id or an exercise is reported where it is, with the
    /// line of the first, which stays the one that counts.
    #[test]
    fn a_duplicate_names_the_line_of_the_first() {
        let c = |id: &str| format!("          - {{ id: {id}, match: \"x\", feedback: F }}\n");
        let src = format!(
            "id: q\ntitle: Q\nexercises:\n  - id: e\n    title: E\n    questions:\n      - number: 1\n        prompt: P\n        concepts:\n{}{}{}  - id: e\n    title: F\n    questions:\n      - number: 1\n        prompt: P\n        concepts:\n{}",
            c("a"),
            c("b"),
            c("a"),
            c("a"),
        );
        assert_eq!(
            errors(&src),
            [
                (
                    12,
                    19,
                    "id `a` is already used by a concept of this question (first at line 10)"
                        .to_string()
                ),
                (
                    13,
                    9,
                    "exercise `e` is already defined at q.yaml:4".to_string()
                ),
            ]
        );
    }

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

    /// Every `{name}` of a pattern that names no vocabulary is an error of its own, in the
    /// order written, at the pattern's place with its character in the pattern; optional
    /// parts and groups (nested too) are read like the rest.
    #[test]
    fn every_unknown_vocabulary_name_of_a_pattern_is_an_error_in_the_order_written() {
        let errs = errors(&one_question(
            "1",
            "[{nosuch}] load_balancer [{nosuch2}] spread*",
        ));
        let said = |name: &str, at: usize| {
            format!(
                "invalid pattern `[{{nosuch}}] load_balancer [{{nosuch2}}] spread*` in `match`: \
                 unknown vocabulary `{name}` (at character {at})"
            )
        };
        assert_eq!(
            errs,
            [(12, 29, said("nosuch", 2)), (12, 29, said("nosuch2", 27))]
        );
        let src = "a [b ({x}|c [{y}])] .. {z} d|{w}";
        let errs = errors(&one_question("1", src));
        let prefix = format!("invalid pattern `{src}` in `match`: ");
        let said: Vec<&str> = errs
            .iter()
            .map(|(_, _, m)| m.strip_prefix(&prefix).unwrap_or(m))
            .collect();
        assert_eq!(
            said,
            [
                "unknown vocabulary `x` (at character 7)",
                "unknown vocabulary `y` (at character 14)",
                "unknown vocabulary `z` (at character 24)",
                "unknown vocabulary `w` (at character 30)",
            ]
        );
    }

    /// A rubric with every mapping that has required fields, each field on its own line.
    const COMPLETE: &str = "\
id: c
title: C
misconceptions:
  m:
    title: M
    feedback: Why M is wrong.
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: P
        concepts:
          - id: c
            match: c
            feedback: F
        mistakes:
          - id: m
            match: m
        numbers:
          - id: n
            answers:
              - value: 3
                score: 1
        scoring:
          levels:
            - score: 1
              when: c & n
        examples:
          - answer: c 3
            score: 1
";

    /// Each required field left out is one problem, at the mapping that lacks it (the rest is
    /// read and checked: the `when` that names a concept whose `id` is missing says so).
    #[test]
    fn each_missing_required_field_is_a_problem_at_the_mapping_that_lacks_it() {
        assert!(load_str(COMPLETE, "q.yaml").is_ok());
        let missing =
            |field: &str, what: &str| format!("missing field `{field}` ({what} needs one)");
        // (text replaced, its replacement, the problems said of the result)
        type Case<'a> = (&'a str, &'a str, Vec<(u32, u32, String)>);
        let cases: Vec<Case> = vec![
            ("id: c\n", "", vec![(1, 1, "missing field `id`".into())]),
            (
                "title: C\n",
                "",
                vec![(1, 1, "missing field `title`".into())],
            ),
            (
                "    title: M\n",
                "",
                vec![(5, 5, missing("title", "a misconception"))],
            ),
            (
                "    feedback: Why M is wrong.\n",
                "",
                vec![(5, 5, missing("feedback", "a misconception"))],
            ),
            (
                "  - id: e\n    title: E\n",
                "  - title: E\n",
                vec![(8, 5, missing("id", "an exercise"))],
            ),
            (
                "    title: E\n",
                "",
                vec![(8, 5, missing("title", "an exercise"))],
            ),
            (
                "      - number: 1\n        prompt: P\n",
                "      - prompt: P\n",
                vec![(11, 9, missing("number", "a question"))],
            ),
            (
                "        prompt: P\n",
                "",
                vec![(11, 9, missing("prompt", "a question"))],
            ),
            (
                "          - id: c\n            match: c\n",
                "          - match: c\n",
                vec![
                    (14, 13, missing("id", "a concept")),
                    (
                        27,
                        21,
                        "`when` names `c`, which is not a concept, number or mistake of this \
                         question (known: m, n)"
                            .into(),
                    ),
                ],
            ),
            (
                "            feedback: F\n",
                "",
                vec![(14, 13, missing("feedback", "a concept"))],
            ),
            (
                "          - id: m\n            match: m\n",
                "          - match: m\n",
                vec![(18, 13, missing("id", "a mistake"))],
            ),
            (
                "            match: m\n",
                "",
                vec![(18, 13, missing("match", "a mistake"))],
            ),
            (
                "          - id: n\n            answers:\n",
                "          - answers:\n",
                vec![
                    (21, 13, missing("id", "a number")),
                    (
                        27,
                        21,
                        "`when` names `n`, which is not a concept, number or mistake of this \
                         question (known: c, m)"
                            .into(),
                    ),
                ],
            ),
            (
                "            answers:\n              - value: 3\n                score: 1\n",
                "",
                vec![(21, 13, missing("answers", "a number"))],
            ),
            (
                "                score: 1\n",
                "",
                vec![(23, 17, missing("score", "an answer"))],
            ),
            (
                "        scoring:\n          levels:\n            - score: 1\n              when: c & n\n",
                "        scoring: {}\n",
                vec![(25, 18, missing("levels", "`scoring`"))],
            ),
            (
                "            - score: 1\n              when: c & n\n",
                "            - when: c & n\n",
                vec![(27, 15, missing("score", "a level"))],
            ),
            (
                "              when: c & n\n",
                "",
                vec![(27, 15, missing("when", "a level"))],
            ),
            (
                "          - answer: c 3\n            score: 1\n",
                "          - score: 1\n",
                vec![(30, 13, missing("answer", "an example"))],
            ),
            (
                "          - answer: c 3\n            score: 1\n",
                "          - answer: c 3\n",
                vec![(30, 13, missing("score", "an example"))],
            ),
        ];
        for (from, to, want) in cases {
            assert!(COMPLETE.contains(from), "{from}");
            let src = COMPLETE.replacen(from, to, 1);
            assert_eq!(errors(&src), want, "{from:?} → {to:?}");
        }
        let src = &COMPLETE[..COMPLETE.find("    questions:").unwrap()];
        assert_eq!(errors(src), [(8, 5, missing("questions", "an exercise"))]);
    }

    /// A missing required field does not stop the reading: the unknown keys after it and the
    /// problems of the parts that could be read come in the same run (`assay lint` once
    /// reported the first missing field and nothing after it).
    #[test]
    fn a_missing_required_field_is_reported_with_every_other_problem() {
        let src = "\
id: r
title: R
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: What?
        pointz: 2
        concepts:
          - id: a
            match: foo
            feedbak: f
          - id: b
            match: \"bar (\"
            colour: red
            feedback: g
        numbers:
          - id: n
            answers: [{ value: 3 }]
            unit: parsecs per fortnight
";
        let errs = load_str(src, "r.yaml").expect_err("invalid").0;
        let said: Vec<String> = errs
            .iter()
            .map(|e| {
                let m = e.message.split(", expected one of").next().unwrap();
                format!("{}:{}: {m}", e.line, e.column)
            })
            .collect();
        assert_eq!(
            said,
            [
                "9:9: unknown field `pointz`",
                "11:13: missing field `feedback` (a concept needs one)",
                "13:13: unknown field `feedbak`",
                "15:20: invalid pattern `bar (` in `match`: unclosed `(` (at character 5)",
                "16:13: unknown field `colour`",
                "20:23: missing field `score` (an answer needs one)",
                "21:19: unknown unit `parsecs per fortnight` (units such as ms, GB, req/s, %, instances: the list is in docs/rubric-format.md, \"Units\")",
            ]
        );
    }

    /// Only an absent key is a missing field: a required key written with an empty value, or a
    /// value of the wrong kind, is refused by the reader, as it was before.
    #[test]
    fn a_required_field_written_empty_or_of_the_wrong_kind_is_refused_by_the_reader() {
        let empty = COMPLETE.replace("feedback: F\n", "feedback:\n");
        assert_eq!(
            errors(&empty),
            [(
                16,
                21,
                "`feedback`: expected a string, found no value".to_string()
            )]
        );
        let list = COMPLETE.replace("prompt: P\n", "prompt: [P]\n");
        assert_eq!(
            errors(&list),
            [(
                12,
                17,
                "`prompt`: expected a single value, found `[P]`".to_string()
            )]
        );
    }

    /// An expression too large to build is a problem in the rubric's rules: "no exercises" is
    /// only said of a rubric without other problems.
    #[test]
    fn a_regex_too_large_to_build_is_the_only_problem_of_a_rubric_without_exercises() {
        let src = r#"
id: big
title: Big
misconceptions:
  m:
    title: M
    feedback: Why M is wrong.
    match: ['re:\w{300}\s{300}\w{300}']
exercises: []
"#;
        let errs = load_str(src, "big.yaml").expect_err("invalid").0;
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert!(errs[0].message.contains("exceeds size limit"), "{errs:#?}");
        assert_eq!((errs[0].line, errs[0].column), (8, 13));
    }
}
