//! The validated rubric: every pattern compiled, every reference resolved, every number in
//! range. Only `validate` builds these; the grader only reads them.

use std::collections::BTreeMap;

use super::expr::{Expr, Name};
use super::formula::Formula;
use crate::fast_hash::FastSet;
use crate::numeric::{Tolerance, Unit};
use crate::pattern::{Lexicon, Pattern};
use crate::submission::layout::{ExerciseLayout, QuestionLayout, SheetLayout};

/// A validated rubric, ready to grade with.
#[derive(Debug)]
pub struct Rubric {
    pub id: String,
    pub title: String,
    pub version: Option<String>,
    /// Allowed score fractions, ascending (empty: any fraction).
    pub scale: Vec<f64>,
    pub exercises: Vec<Exercise>,
    pub misconceptions: BTreeMap<String, Misconception>,
    /// Words named by the rubric's patterns.
    pub lexicon: Lexicon,
    /// Hex FNV-1a 64 hash of the rubric's source files, in load order.
    pub hash: String,
    pub proximity: usize,
    /// How learners write the decimal mark (`decimal-mark`; a point unless set).
    pub decimal_mark: crate::numeric::DecimalMark,
}

/// A misconception from the rubric's catalogue.
#[derive(Debug, Clone)]
pub struct Misconception {
    pub title: String,
    pub feedback: String,
    /// Detection in an answer to any question whose own mistake rules do not name it.
    pub rule: Option<std::sync::Arc<MistakeRule>>,
}

#[derive(Debug)]
pub struct Exercise {
    pub id: String,
    pub title: String,
    pub aliases: Vec<String>,
    pub questions: Vec<Question>,
}

#[derive(Debug)]
pub struct Question {
    pub number: u32,
    /// Where the question is written: its rubric file (as errors name it), and the 1-based
    /// line and column of its entry.
    pub written_at: (String, u32, u32),
    pub prompt: String,
    pub points: f64,
    pub concepts: Vec<Concept>,
    pub numbers: Vec<NumberCheck>,
    pub mistakes: Vec<MistakeRule>,
    pub scoring: Scoring,
    pub list_cap: f64,
    pub copy_cap: f64,
    pub examples: Vec<Example>,
    /// Stems of the prompt's content words (for copy detection).
    pub prompt_stems: FastSet<String>,
    /// The same per sentence of the prompt, for a prompt of two sentences or more (an answer
    /// that mixes words of two of them is not a copy: see `grade::copy::is_copy`).
    pub prompt_sentences: Vec<FastSet<String>>,
}

impl Question {
    /// How many values a graded answer has: one per concept, number and mistake rule.
    pub fn slots(&self) -> usize {
        self.concepts.len() + self.numbers.len() + self.mistakes.len()
    }

    /// The slot of concept, number or mistake `id` in a graded answer's values: concepts
    /// first, then numbers, then mistakes, each in the rubric's order (the `when` expressions
    /// are resolved to these when the rubric loads).
    pub fn slot(&self, id: &str) -> Option<usize> {
        let (c, n) = (self.concepts.len(), self.numbers.len());
        (self.concepts.iter().position(|x| x.id == id))
            .or_else(|| self.numbers.iter().position(|x| x.id == id).map(|i| c + i))
            .or_else(|| (self.mistakes.iter().position(|x| x.id == id)).map(|i| c + n + i))
    }

    /// The values of a graded answer, by slot, from `value(id)`: 1 for a found concept or
    /// held mistake, a number check's share of credit.
    pub fn values_by(&self, value: impl Fn(&str) -> f64) -> Vec<f64> {
        (self.concepts.iter().map(|c| c.id.as_str()))
            .chain(self.numbers.iter().map(|n| n.id.as_str()))
            .chain(self.mistakes.iter().map(|m| m.id.as_str()))
            .map(value)
            .collect()
    }
}

/// Which polarity a concept or mistake needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    Asserted,
    Negated,
    Any,
}

/// Who may see a rubric item (a concept, number check or mistake) in reports. Patterns and
/// vocabularies are never shown to learners, whatever this says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Visibility {
    /// Learner reports show the item: its feedback, praise, and the learner's words it matched.
    #[default]
    Learner,
    /// Only instructors' outputs (results JSON, CSV, dashboard) show it; learner-facing
    /// outputs leave it out entirely.
    Instructor,
}

#[derive(Debug)]
pub struct Concept {
    pub id: String,
    pub patterns: Vec<Pattern>,
    pub all: Vec<Pattern>,
    pub unless: Vec<Pattern>,
    pub want: Want,
    pub weight: f64,
    pub feedback: String,
    pub praise: Option<String>,
    pub visibility: Visibility,
    pub kind: ConceptKind,
}

impl Concept {
    /// How learners see the concept named: its `praise`, else its id made readable
    /// (`horizontal-defined` → `Horizontal defined`).
    pub fn label(&self) -> String {
        if let Some(p) = &self.praise {
            return p.clone();
        }
        let mut s = self.id.replace('-', " ");
        // Ids are ASCII as a rule: the first letter upper-cased in place (collecting the
        // characters one by one into a new `String` took about 1,000 instructions a label,
        // some 100 labels per submission in the learner's view).
        if s.as_bytes().first().is_some_and(u8::is_ascii) {
            s[..1].make_ascii_uppercase();
            return s;
        }
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    }
}

/// What finding a concept says about an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConceptKind {
    /// A point the answer should make: credit when found; its feedback says what is missing.
    #[default]
    Point,
    /// A shortcoming that marks a weaker answer ("thin", "vague definition"), used by the
    /// levels to give part credit: never listed as credit or as missing; its feedback says
    /// what to improve when it is found (and the answer fell short of full credit).
    Weakness,
}

#[derive(Debug, Clone)]
pub struct MistakeRule {
    pub id: String,
    pub patterns: Vec<Pattern>,
    /// Every one of these must also match (anywhere in the answer).
    pub all: Vec<Pattern>,
    /// Any of these anywhere in the answer cancels the mistake.
    pub unless_anywhere: Vec<Pattern>,
    pub unless: Vec<Pattern>,
    pub want: Want,
    pub cap: Option<f64>,
    pub penalty: f64,
    pub title: String,
    pub feedback: String,
    pub visibility: Visibility,
}

/// How to choose among the numbers of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    Best,
    Last,
}

/// An end of a range (`12–45`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeEnd {
    Low,
    High,
}

#[derive(Debug)]
pub struct NumberCheck {
    pub id: String,
    pub near: Vec<Pattern>,
    pub window: usize,
    pub unit: Option<Unit>,
    pub ignore: Vec<f64>,
    pub pick: Pick,
    /// For a check with a `near` cue: the end of a range written with no cue near it that
    /// this check reads (an HPA's "12–45" is its minimum and maximum), if any.
    pub range_end: Option<RangeEnd>,
    pub answers: Vec<NumberAnswer>,
    pub weight: f64,
    pub feedback: String,
    pub visibility: Visibility,
}

/// What an accepted answer's value is.
#[derive(Debug, Clone)]
pub enum Expected {
    Values(Vec<f64>),
    Range(f64, f64),
    Formula(Formula),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Round {
    Up,
    Down,
    Nearest,
}

impl Round {
    /// `v` rounded this way to a whole number.
    pub fn apply(self, v: f64) -> f64 {
        match self {
            Round::Up => v.ceil(),
            Round::Down => v.floor(),
            Round::Nearest => v.round(),
        }
    }
}

#[derive(Debug)]
pub struct NumberAnswer {
    pub expected: Expected,
    pub tolerance: Tolerance,
    pub round: Option<Round>,
    pub score: f64,
    pub rounding_score: f64,
    pub ecf: Option<f64>,
    pub plausible: Option<(f64, f64)>,
    pub mistake: Option<String>,
    pub feedback: Option<String>,
}

#[derive(Debug)]
pub enum Scoring {
    Additive,
    Levels(Vec<Level>),
}

#[derive(Debug)]
pub struct Level {
    pub score: LevelScore,
    pub when: Expr,
    /// The expression as written, for explanations.
    pub source: String,
}

#[derive(Debug, Clone)]
pub enum LevelScore {
    Fixed(f64),
    /// A number check's share of credit.
    Number(Name),
}

impl LevelScore {
    /// The level's score for an answer with `values` (see `Question::slot`).
    pub fn of(&self, values: &[f64]) -> f64 {
        match self {
            LevelScore::Fixed(x) => *x,
            LevelScore::Number(n) => n.value(values),
        }
    }
}

/// A self-test: an answer with its expected score and misconceptions (and flags, if given).
#[derive(Debug, Clone)]
pub struct Example {
    pub name: Option<String>,
    pub answer: String,
    pub score: f64,
    pub mistakes: Vec<String>,
    /// The learner's earlier numbers this example assumes (error carried forward).
    pub given: Vec<(super::formula::NumberRef, f64)>,
    /// The flags the answer must get, exactly, in any order, as `assay test` prints a flag
    /// (`keyword-list`, `copied-prompt`, ``contradiction of `ID` ``); `None`: not checked.
    pub flags: Option<Vec<String>>,
    /// 1-based line of the example in its rubric file.
    pub line: u32,
    pub file: String,
}

impl Rubric {
    /// Every question with its exercise, in sheet order.
    pub fn questions(&self) -> impl Iterator<Item = (&Exercise, &Question)> {
        self.exercises
            .iter()
            .flat_map(|e| e.questions.iter().map(move |q| (e, q)))
    }

    /// The sheet layout the submission readers need.
    pub fn layout(&self) -> SheetLayout {
        SheetLayout {
            exercises: self
                .exercises
                .iter()
                .map(|e| ExerciseLayout {
                    id: e.id.clone(),
                    title: e.title.clone(),
                    aliases: e.aliases.clone(),
                    questions: e
                        .questions
                        .iter()
                        .map(|q| QuestionLayout {
                            number: q.number,
                            prompt: q.prompt.clone(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// The question `number` of exercise `exercise`.
    pub fn question(&self, exercise: &str, number: u32) -> Option<&Question> {
        self.exercises
            .iter()
            .find(|e| e.id == exercise)?
            .questions
            .iter()
            .find(|q| q.number == number)
    }

    /// The total points of the rubric.
    pub fn max_score(&self) -> f64 {
        self.exercises
            .iter()
            .flat_map(|e| &e.questions)
            .map(|q| q.points)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_concept_is_labelled_by_its_praise_or_its_id_made_readable() {
        let concept = |id: &str, praise: Option<&str>| Concept {
            id: id.into(),
            patterns: Vec::new(),
            all: Vec::new(),
            unless: Vec::new(),
            want: Want::Any,
            weight: 1.0,
            feedback: String::new(),
            praise: praise.map(String::from),
            visibility: Visibility::default(),
            kind: ConceptKind::Point,
        };
        for (id, want) in [
            ("horizontal-defined", "Horizontal defined"),
            ("x", "X"),
            ("2-phase-commit", "2 phase commit"),
            ("-lead", " lead"),
            ("", ""),
            ("élan-vital", "Élan vital"),
            ("ß-x", "SS x"),
        ] {
            assert_eq!(concept(id, None).label(), want, "{id}");
        }
        assert_eq!(concept("a-b", Some("Well put")).label(), "Well put");
    }
}
