//! The sheet as word sets, and the scores and thresholds that decide whether a learner's
//! heading names an exercise or restates a question's prompt. It knows nothing of Markdown.
//!
//! Scores are per mille and compare the learner's words `H` with a name or prompt `N`:
//! precision `p = |H ∩ N| / |H|` (how much of what the learner wrote is on the sheet) and
//! coverage `c = |H ∩ N| / |N|` (how much of the sheet's text the learner repeated).

use std::cell::RefCell;
use std::rc::Rc;

use crate::submission::layout::SheetLayout;
use crate::submission::markdown::words::{content_words, normalise, shared};

/// How two word sets overlap, in per mille.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Overlap {
    pub shared: usize,
    pub p: usize,
    pub c: usize,
}

impl Overlap {
    fn of(heading: &[String], target: &[String]) -> Overlap {
        let n = shared(heading, target);
        let per_mille = |len: usize| (n * 1000).checked_div(len).unwrap_or(0);
        Overlap {
            shared: n,
            p: per_mille(heading.len()),
            c: per_mille(target.len()),
        }
    }

    /// Ordering key: precision first, then coverage, then the number of shared words.
    fn key(self) -> (usize, usize, usize) {
        (self.p, self.c, self.shared)
    }

    /// A name match good enough to take a heading as this exercise: most of the heading's
    /// words are in the name (p ≥ 0.6), or half of them, at least two, and a third of the
    /// name ("Capacity planning notes and working", but not "Scaling Design Workshop").
    pub(super) fn names_exercise(self) -> bool {
        self.shared > 0 && (self.p >= 600 || (self.shared >= 2 && self.p >= 500 && self.c >= 333))
    }

    /// A match strong enough to win over a question restatement and to turn a plain short
    /// line into a heading: every heading word is in the name, and half of the name is there.
    pub(super) fn strongly_names_exercise(self) -> bool {
        self.shared > 0 && self.p == 1000 && self.c >= 500
    }
}

/// How sure a restatement must be to count as naming a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Strictness {
    /// A heading, a bold-only line or a bold lead: two shared words and p ≥ 0.5, or one
    /// word that is the whole heading and appears in no other prompt considered.
    Heading,
    /// Unformatted text before a colon or dash, or a table's first cell: two shared words
    /// and p ≥ 0.75, since ordinary answers also start with "Cache-aside with TTL: …".
    Prefix,
}

/// Word sets for every exercise of the sheet. They depend on the layout only, so each thread
/// builds them once per layout (see `SHEET_WORDS`) rather than once per submission.
#[derive(Debug)]
pub(super) struct SheetIndex<'a> {
    pub layout: &'a SheetLayout,
    exercises: Rc<Vec<ExerciseWords>>,
    /// Every word of the sheet's names and prompts, numbers left out.
    vocabulary: Rc<Vec<String>>,
}

/// The word sets of the last layout this thread read submissions against.
type SheetWords = (SheetLayout, Rc<Vec<ExerciseWords>>, Rc<Vec<String>>);

thread_local! {
    static SHEET_WORDS: RefCell<Option<SheetWords>> = const { RefCell::new(None) };
}

#[derive(Debug)]
struct ExerciseWords {
    slug: String,
    /// Title, aliases and the slug's words.
    names: Vec<Vec<String>>,
    prompts: Vec<(u32, Vec<String>)>,
}

impl<'a> SheetIndex<'a> {
    pub(super) fn new(layout: &'a SheetLayout) -> Self {
        let cached = SHEET_WORDS.with(|c| {
            c.borrow()
                .as_ref()
                .filter(|(l, _, _)| l == layout)
                .map(|(_, e, v)| (Rc::clone(e), Rc::clone(v)))
        });
        let (exercises, vocabulary) = cached.unwrap_or_else(|| {
            let (e, v) = Self::words(layout);
            let (e, v) = (Rc::new(e), Rc::new(v));
            SHEET_WORDS.with(|c| {
                *c.borrow_mut() = Some((layout.clone(), Rc::clone(&e), Rc::clone(&v)));
            });
            (e, v)
        });
        SheetIndex {
            layout,
            exercises,
            vocabulary,
        }
    }

    fn words(layout: &SheetLayout) -> (Vec<ExerciseWords>, Vec<String>) {
        let exercises = layout
            .exercises
            .iter()
            .map(|e| {
                let mut names = vec![content_words(&e.title), content_words(&e.id)];
                names.extend(e.aliases.iter().map(|a| content_words(a)));
                names.retain(|n| !n.is_empty());
                let prompts = e
                    .questions
                    .iter()
                    .map(|q| (q.number, content_words(&q.prompt)))
                    .collect();
                ExerciseWords {
                    slug: e.id.to_lowercase(),
                    names,
                    prompts,
                }
            })
            .collect::<Vec<ExerciseWords>>();
        let mut vocabulary: Vec<String> = exercises
            .iter()
            .flat_map(|e| e.names.iter().chain(e.prompts.iter().map(|(_, p)| p)))
            .flatten()
            .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
            .cloned()
            .collect();
        vocabulary.sort_unstable();
        vocabulary.dedup();
        (exercises, vocabulary)
    }

    /// How many of `words` (sorted, deduplicated) the sheet uses anywhere.
    pub(super) fn sheet_words_in(&self, words: &[String]) -> usize {
        shared(words, &self.vocabulary)
    }

    pub(super) fn len(&self) -> usize {
        self.exercises.len()
    }

    pub(super) fn id(&self, exercise: usize) -> &str {
        &self.layout.exercises[exercise].id
    }

    pub(super) fn has_question(&self, exercise: usize, number: u32) -> bool {
        self.layout.exercises[exercise]
            .questions
            .iter()
            .any(|q| q.number == number)
    }

    /// The highest question number of the exercise (its last question).
    pub(super) fn last_question(&self, exercise: usize) -> Option<u32> {
        self.layout.exercises[exercise]
            .questions
            .iter()
            .map(|q| q.number)
            .max()
    }

    /// "1–5", or "1, 2, 4": the question numbers of an exercise, for messages.
    pub(super) fn question_numbers(&self, exercise: usize) -> String {
        let mut n: Vec<u32> = self.layout.exercises[exercise]
            .questions
            .iter()
            .map(|q| q.number)
            .collect();
        n.sort_unstable();
        let contiguous = n.windows(2).all(|w| w[1] == w[0] + 1);
        match (n.first(), n.last()) {
            (None, _) | (_, None) => "none".to_string(),
            (Some(a), Some(b)) if contiguous && n.len() > 2 => format!("{a}–{b}"),
            _ => n.iter().map(u32::to_string).collect::<Vec<_>>().join(", "),
        }
    }

    /// The exercise whose slug the text is, or holds as a token (for slugs of several
    /// words, e.g. "Exercise: `capacity-plan`").
    pub(super) fn slug_in(&self, text: &str) -> Option<usize> {
        let norm = normalise(text);
        let trimmed = norm.trim_matches(|c: char| !c.is_alphanumeric());
        let is_token_char = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
        self.exercises.iter().position(|e| {
            trimmed == e.slug
                || (e.slug.contains(['-', '_'])
                    && norm
                        .split(|c: char| !is_token_char(c))
                        .any(|t| t.trim_matches('-') == e.slug))
        })
    }

    /// The overlap of `words` with one exercise's best-matching name.
    pub(super) fn exercise_overlap(&self, exercise: usize, words: &[String]) -> Overlap {
        self.exercises[exercise]
            .names
            .iter()
            .map(|n| Overlap::of(words, n))
            .max_by_key(|o| o.key())
            .unwrap_or(Overlap {
                shared: 0,
                p: 0,
                c: 0,
            })
    }

    /// The exercise whose names best match `words`; ties go to the earlier exercise.
    pub(super) fn best_exercise(&self, words: &[String]) -> Option<(usize, Overlap)> {
        if words.is_empty() {
            return None;
        }
        let mut best: Option<(usize, Overlap)> = None;
        for i in 0..self.exercises.len() {
            let o = self.exercise_overlap(i, words);
            if o.shared > 0 && best.is_none_or(|(_, b)| o.key() > b.key()) {
                best = Some((i, o));
            }
        }
        best
    }

    /// The question whose prompt `words` restate, within one exercise or (None) the whole
    /// sheet; ties go to the earlier question.
    pub(super) fn restated_question(
        &self,
        exercise: Option<usize>,
        words: &[String],
        strictness: Strictness,
    ) -> Option<(usize, u32)> {
        if words.is_empty() {
            return None;
        }
        let range = match exercise {
            Some(e) => e..e + 1,
            None => 0..self.exercises.len(),
        };
        let mut best: Option<(usize, u32, Overlap)> = None;
        for e in range.clone() {
            for (number, prompt) in &self.exercises[e].prompts {
                let o = Overlap::of(words, prompt);
                if o.shared > 0 && best.is_none_or(|(_, _, b)| o.key() > b.key()) {
                    best = Some((e, *number, o));
                }
            }
        }
        let (e, number, o) = best?;
        let accepted = match strictness {
            Strictness::Heading => {
                (o.shared >= 2 && o.p >= 500)
                    || (words.len() == 1
                        && o.shared == 1
                        && self.prompts_with(range, &words[0]) == 1)
            }
            Strictness::Prefix => o.shared >= 2 && o.p >= 750,
        };
        accepted.then_some((e, number))
    }

    /// Whether `words` are a copy of this question's prompt: p ≥ 0.8 and c ≥ 0.6, or, for
    /// a line ending in a question mark, p ≥ 0.8 and two shared words (a shortened copy,
    /// "What layers of cache do you use?").
    pub(super) fn is_prompt_copy(
        &self,
        exercise: usize,
        number: u32,
        words: &[String],
        asks: bool,
    ) -> bool {
        self.exercises[exercise].prompts.iter().any(|(n, prompt)| {
            let o = Overlap::of(words, prompt);
            *n == number && o.p >= 800 && (o.c >= 600 || (asks && o.shared >= 2))
        })
    }

    fn prompts_with(&self, range: std::ops::Range<usize>, word: &String) -> usize {
        self.exercises[range]
            .iter()
            .flat_map(|e| &e.prompts)
            .filter(|(_, p)| p.binary_search(word).is_ok())
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::submission::markdown::test_sheet::workshop;

    fn best(text: &str) -> Option<(&'static str, bool, bool)> {
        let layout = Box::leak(Box::new(workshop()));
        let index = SheetIndex::new(layout);
        let (i, o) = index.best_exercise(&content_words(text))?;
        Some((
            layout.exercises[i].id.as_str(),
            o.names_exercise(),
            o.strongly_names_exercise(),
        ))
    }

    #[test]
    fn headings_name_exercises() {
        let cases = [
            ("Horizontal capacity plan", "capacity-plan", true),
            ("Capacity Plan", "capacity-plan", true),
            ("Capacity planning", "capacity-plan", true),
            ("Cache design exercise", "cache-design", true),
            ("Caching", "cache-design", true),
            ("Retrieval", "retrieval", true),
            ("Compare & distinguish", "compare", true),
            ("Common mistakes", "mistakes", true),
            ("Stateful component audit", "audit", true),
            ("Session management redesign", "session-redesign", true),
            ("Evidence", "evidence", true),
            (
                "Capacity planning notes and working",
                "capacity-plan",
                false,
            ),
        ];
        for (text, id, strong) in cases {
            let (got, accepted, got_strong) =
                best(text).unwrap_or_else(|| panic!("{text}: no match"));
            assert_eq!((got, accepted, got_strong), (id, true, strong), "{text}");
        }
    }

    #[test]
    fn titles_and_unrelated_headings_name_no_exercise() {
        for text in [
            "Scaling Design Workshop — answers",
            "My submission",
            "Notes",
            "Introduction",
            "Horizontal scaling notes",
        ] {
            assert!(
                best(text).is_none_or(|(_, accepted, _)| !accepted),
                "{text}"
            );
        }
    }

    #[test]
    fn restatements_name_questions() {
        let layout = workshop();
        let index = SheetIndex::new(&layout);
        let cap = Some(6);
        let cases = [
            (
                "How many instances at peak?",
                cap,
                Strictness::Heading,
                Some((6, 1)),
            ),
            (
                "Instances at steady-state mean",
                cap,
                Strictness::Heading,
                Some((6, 2)),
            ),
            ("Little's Law", cap, Strictness::Heading, Some((6, 4))),
            (
                "scale up vs scale out",
                Some(1),
                Strictness::Prefix,
                Some((1, 1)),
            ),
            (
                "CDN vs reverse proxy vs app cache",
                Some(1),
                Strictness::Prefix,
                Some((1, 4)),
            ),
            (
                "Justify stateless",
                Some(7),
                Strictness::Prefix,
                Some((7, 1)),
            ),
            ("Cache-aside with TTL", Some(4), Strictness::Prefix, None),
            ("Thundering herd", None, Strictness::Heading, Some((1, 6))),
            ("34 instances", cap, Strictness::Heading, None),
        ];
        for (text, ex, strictness, want) in cases {
            assert_eq!(
                index.restated_question(ex, &content_words(text), strictness),
                want,
                "{text}"
            );
        }
    }

    #[test]
    fn slugs_and_question_numbers() {
        let layout = workshop();
        let index = SheetIndex::new(&layout);
        assert_eq!(index.slug_in("capacity-plan"), Some(6));
        assert_eq!(index.slug_in("Exercise: `cache-design`"), Some(4));
        assert_eq!(index.slug_in("Audit"), Some(3));
        assert_eq!(index.slug_in("audit notes"), None);
        assert_eq!(index.question_numbers(6), "1–5");
        assert_eq!(index.last_question(1), Some(6));
    }
}
