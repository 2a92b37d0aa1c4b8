//! The sheet as word sets, and the scores and thresholds that decide whether a learner's
//! heading names an exercise or restates a question's prompt. It knows nothing of Markdown.
//!
//! Scores are per mille and compare the learner's words `H` with a name or prompt `N`:
//! precision `p = |H ∩ N| / |H|` (how much of what the learner wrote is on the sheet) and
//! coverage `c = |H ∩ N| / |N|` (how much of the sheet's text the learner repeated).

use std::cell::RefCell;
use std::rc::Rc;

use crate::fast_hash::FastMap;
use crate::submission::layout::SheetLayout;
use crate::submission::markdown::codes::Code;
use crate::submission::markdown::heading::{Class, Form};
use crate::submission::markdown::words::{
    content_words, normalise, shared, strip_parens, words_in_order,
};

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
    /// A plain line with nothing to set it off ("scale up vs scale out" over its answer):
    /// as `Prefix`, and most of the prompt too (c ≥ 0.6), since answers also begin with a
    /// short line of a prompt's words ("Sticky sessions" then "would be needed …").
    Line,
}

/// Word sets for every exercise of the sheet. They depend on the layout only, so each thread
/// builds them once per layout (see `SHEET_WORDS`) rather than once per submission.
#[derive(Debug)]
pub(super) struct SheetIndex<'a> {
    pub layout: &'a SheetLayout,
    exercises: Rc<Vec<ExerciseWords>>,
    /// Every word of the sheet's names and prompts, numbers left out.
    vocabulary: Rc<Vec<String>>,
    /// Every word of the exercises' names, sorted, with the exercises whose names have it.
    name_words: Rc<NameWords>,
    /// The codes this submission labels its exercises with ("R1", "C2", "CD3") and the
    /// exercise each stands for; see `codes.rs`.
    pub codes: Vec<(Code, usize)>,
    /// What `heading::classify` found for the texts it was given, see [`ClassMemo`].
    classes: Rc<RefCell<ClassMemo>>,
}

/// What `heading::classify` found for a text, per form and current exercise, for one layout.
/// Learners copy the sheet's headings ("## 3. Common Mistake Check"), so a thread sees the
/// same few hundred texts again and again, and classifying one costs some 17,000
/// instructions (slugs, content words, overlaps with every name and prompt) where looking
/// it up costs a hash of a short line. A class depends on the text, the form, the current
/// exercise and the sheet, and on nothing else but the codes a submission uses (see
/// `codes.rs`): with codes, nothing is looked up or kept. Kept with the layout's word sets
/// (see `SHEET_WORDS`), so another layout starts with an empty one.
/// Bounded three ways, so that no file can make it slow or large: texts, entries in all, and
/// entries per text (a lookup reads a text's entries one by one).
#[derive(Debug, Default)]
pub(super) struct ClassMemo {
    classes: FastMap<Box<str>, Vec<KeptClass>>,
    /// Entries kept, over every text.
    entries: usize,
}

/// A class kept for a text: the form it was read as, the current exercise, the class.
type KeptClass = (Form, Option<usize>, Class);

impl ClassMemo {
    /// At most this many texts, or entries in all, are kept; then the memo starts again,
    /// empty.
    const MAX_TEXTS: usize = 4_096;
    const MAX_ENTRIES: usize = 16_384;
    /// At most this many entries are kept per text (later ones are worked out each time).
    const MAX_PER_TEXT: usize = 32;
    /// Longer texts (whole bold paragraphs) are not kept: they seldom come again.
    const MAX_TEXT: usize = 256;

    fn get(&self, text: &str, form: Form, current: Option<usize>) -> Option<Class> {
        self.classes
            .get(text)?
            .iter()
            .find(|&&(f, c, _)| f == form && c == current)
            .map(|&(_, _, class)| class)
    }

    fn insert(&mut self, text: &str, form: Form, current: Option<usize>, class: Class) {
        if text.len() > Self::MAX_TEXT {
            return;
        }
        if self.entries >= Self::MAX_ENTRIES {
            self.classes.clear();
            self.entries = 0;
        }
        if let Some(known) = self.classes.get_mut(text) {
            if known.len() < Self::MAX_PER_TEXT {
                known.push((form, current, class));
                self.entries += 1;
            }
            return;
        }
        if self.classes.len() >= Self::MAX_TEXTS {
            self.classes.clear();
            self.entries = 0;
        }
        self.classes
            .insert(text.into(), vec![(form, current, class)]);
        self.entries += 1;
    }
}

/// The word sets of the last layout this thread read submissions against.
type SheetWords = (
    SheetLayout,
    Rc<Vec<ExerciseWords>>,
    Rc<Vec<String>>,
    Rc<NameWords>,
    Rc<RefCell<ClassMemo>>,
);

/// Every word of the exercises' names (title, aliases, slug), sorted and distinct, each with
/// the exercises that have it as a bit set (bit `i` for exercise `i`). `None` for a sheet
/// of more than 64 exercises, where every exercise is compared.
type NameWords = Option<Vec<(String, u64)>>;

thread_local! {
    static SHEET_WORDS: RefCell<Option<SheetWords>> = const { RefCell::new(None) };
}

#[derive(Debug)]
struct ExerciseWords {
    slug: String,
    /// Title, aliases and the slug's words.
    names: Vec<Vec<String>>,
    /// The same names with their words in the order they are written.
    ordered: Vec<Vec<String>>,
    prompts: Vec<(u32, Vec<String>)>,
    /// For each prompt, in the same order, the words outside its parentheses: the
    /// question without the options it offers ("What layers of cache do you use?").
    questions: Vec<Vec<String>>,
    /// For each prompt, in the same order, what tells a copy of it from an answer in its
    /// words.
    sentences: Vec<PromptSentences>,
    /// Per question number, what a copy of its prompt is made of (see
    /// [`SheetIndex::prompt_copy`]).
    copyable: Vec<PromptCopy>,
}

/// A prompt's sentences and numbers, for [`SheetIndex::is_prompt_copy`].
#[derive(Debug)]
struct PromptSentences {
    /// The words of each of its sentences (see [`copies_whole_sentences`]).
    prompt: Vec<Vec<String>>,
    /// The same for its question (the prompt without the options in its parentheses).
    question: Vec<Vec<String>>,
    /// The numbers it gives, as [`numbers_in`] writes them.
    numbers: Vec<String>,
}

/// What a copy of one question's prompt is made of.
#[derive(Debug)]
struct PromptCopy {
    number: u32,
    /// The words of its prompts and their questions, sorted and distinct.
    words: Vec<String>,
    /// The larger word count of a prompt and its question, the largest over its prompts.
    longest: usize,
}

impl<'a> SheetIndex<'a> {
    pub(super) fn new(layout: &'a SheetLayout) -> Self {
        let cached = SHEET_WORDS.with(|c| {
            c.borrow()
                .as_ref()
                .filter(|(l, _, _, _, _)| l == layout)
                .map(|(_, e, v, n, m)| (Rc::clone(e), Rc::clone(v), Rc::clone(n), Rc::clone(m)))
        });
        let (exercises, vocabulary, name_words, classes) = cached.unwrap_or_else(|| {
            let (e, v) = Self::words(layout);
            let n = Rc::new(name_words(&e));
            let (e, v) = (Rc::new(e), Rc::new(v));
            let m = Rc::new(RefCell::new(ClassMemo::default()));
            SHEET_WORDS.with(|c| {
                *c.borrow_mut() = Some((
                    layout.clone(),
                    Rc::clone(&e),
                    Rc::clone(&v),
                    Rc::clone(&n),
                    Rc::clone(&m),
                ));
            });
            (e, v, n, m)
        });
        SheetIndex {
            layout,
            exercises,
            vocabulary,
            name_words,
            codes: Vec::new(),
            classes,
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
                let ordered = std::iter::once(&e.title)
                    .chain(std::iter::once(&e.id))
                    .chain(&e.aliases)
                    .map(|n| in_order(n))
                    .filter(|n| !n.is_empty())
                    .collect();
                let prompts: Vec<(u32, Vec<String>)> = e
                    .questions
                    .iter()
                    .map(|q| (q.number, content_words(&q.prompt)))
                    .collect();
                let questions: Vec<Vec<String>> = e
                    .questions
                    .iter()
                    .map(|q| content_words(&strip_parens(&q.prompt)))
                    .collect();
                let sentences = e
                    .questions
                    .iter()
                    .map(|q| PromptSentences {
                        prompt: sentence_words(&q.prompt),
                        question: sentence_words(&strip_parens(&q.prompt)),
                        numbers: numbers_in(&q.prompt),
                    })
                    .collect();
                let mut copyable: Vec<PromptCopy> = Vec::new();
                for ((n, prompt), question) in prompts.iter().zip(&questions) {
                    let at = copyable
                        .iter()
                        .position(|c| c.number == *n)
                        .unwrap_or_else(|| {
                            copyable.push(PromptCopy {
                                number: *n,
                                words: Vec::new(),
                                longest: 0,
                            });
                            copyable.len() - 1
                        });
                    let c = &mut copyable[at];
                    c.words.extend(prompt.iter().chain(question).cloned());
                    c.longest = c.longest.max(prompt.len().max(question.len()));
                }
                for c in &mut copyable {
                    c.words.sort_unstable();
                    c.words.dedup();
                }
                ExerciseWords {
                    slug: e.id.to_lowercase(),
                    names,
                    ordered,
                    prompts,
                    questions,
                    sentences,
                    copyable,
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

    /// The class `heading::classify` found before for `text` read as `form` under `current`
    /// (see [`ClassMemo`]).
    pub(super) fn known_class(
        &self,
        text: &str,
        form: Form,
        current: Option<usize>,
    ) -> Option<Class> {
        if !self.codes.is_empty() {
            return None;
        }
        self.classes.borrow().get(text, form, current)
    }

    /// Keeps what `heading::classify` found for `text` read as `form` under `current`.
    pub(super) fn remember_class(
        &self,
        text: &str,
        form: Form,
        current: Option<usize>,
        class: Class,
    ) {
        if self.codes.is_empty() {
            self.classes.borrow_mut().insert(text, form, current, class);
        }
    }

    /// The exercises with a name (title, alias or slug) that `code` abbreviates, in sheet
    /// order: a word of it that starts with the one letter, or as many words in a row as the
    /// code has letters, each starting with its letter ("cd": Cache Design).
    pub(super) fn exercises_with_initial(&self, code: Code) -> Vec<usize> {
        let code = code.as_str().as_bytes();
        let spells = |words: &[String]| {
            words.windows(code.len()).any(|run| {
                run.iter()
                    .zip(code)
                    .all(|(w, &c)| w.as_bytes().first() == Some(&c))
            })
        };
        (0..self.exercises.len())
            .filter(|&e| self.exercises[e].ordered.iter().any(|n| spells(n)))
            .collect()
    }

    /// The exercise a code stands for in this submission.
    pub(super) fn coded(&self, code: Code) -> Option<usize> {
        self.codes.iter().find(|(c, _)| *c == code).map(|&(_, e)| e)
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

    /// Whether the sheet has exercise `exercise` (counting from 0) with question `number`.
    pub(super) fn has_question(&self, exercise: usize, number: u32) -> bool {
        (self.layout.exercises.get(exercise))
            .is_some_and(|e| e.questions.iter().any(|q| q.number == number))
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
        // The text's tokens are split out once, when first needed, not once per slug of
        // several words (every heading is tried against every exercise, and most slugs have
        // a dash).
        let is_token_char = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
        let mut tokens = None;
        // A token equal to such a slug has its `-` or `_`: without either in the text (most
        // headings) no token is split out at all.
        let dashed = memchr::memchr2(b'-', b'_', norm.as_bytes()).is_some();
        self.exercises.iter().position(|e| {
            trimmed == e.slug
                || (dashed
                    && e.slug.contains(['-', '_'])
                    && tokens
                        .get_or_insert_with(|| {
                            norm.split(|c: char| !is_token_char(c))
                                .map(|t| t.trim_matches('-'))
                                .collect::<Vec<&str>>()
                        })
                        .contains(&e.slug.as_str()))
        })
    }

    /// The exercise a short name written before a question number stands for ("Retrieval",
    /// "Mistake check", "Session", "capacity-plan"), and whether it is a whole name: the
    /// slug, or every word of a title or alias. A part of a name is enough when it is
    /// part of one exercise's names only: two words or more of a name in their order
    /// ("Mistake check" for "Common Mistake Check", "Stateful audit" for "Stateful-
    /// Component Audit"), or its first word ("Session" for "Session-Management
    /// Redesign"); one word from inside a name ("Design") is too vague.
    pub(super) fn exercise_named(&self, name: &str) -> Option<(usize, bool)> {
        const MAX_NAME_WORDS: usize = 6;
        let norm = normalise(name);
        let trimmed = norm.trim_matches(|c: char| !c.is_alphanumeric());
        if let Some(e) = self.exercises.iter().position(|e| trimmed == e.slug) {
            return Some((e, true));
        }
        let words = in_order(trimmed);
        if words.is_empty() || words.len() > MAX_NAME_WORDS {
            return None;
        }
        let mut sorted = words.clone();
        sorted.sort_unstable();
        sorted.dedup();
        let whole = self.only_exercise(|e| e.names.contains(&sorted));
        if whole.is_some() {
            return whole.map(|e| (e, true));
        }
        let part = |name: &Vec<String>| match words.as_slice() {
            [one] => name.first() == Some(one),
            _ => {
                let mut rest = name.iter();
                words.iter().all(|w| rest.any(|n| n == w))
            }
        };
        self.only_exercise(|e| e.ordered.iter().any(part))
            .map(|e| (e, false))
    }

    /// The one exercise for which `test` holds, if exactly one does.
    fn only_exercise(&self, test: impl Fn(&ExerciseWords) -> bool) -> Option<usize> {
        let mut hits = self.exercises.iter().enumerate().filter(|(_, e)| test(e));
        let (first, _) = hits.next()?;
        hits.next().is_none().then_some(first)
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

    /// The exercise whose title or alias opens the normalised text `norm` with all of its
    /// words, whatever follows: "stateful audit of the checkout service". A one-word name
    /// must end the text or be set off from what follows by a colon, a dash or `|`
    /// ("audit: netflix", not "caching, latency" or "evidence-based"). When `strict` (a
    /// short plain or bold line, which may be a line of an answer), the name needs two
    /// words and a dash or `|` after it: "stateful audit - github". The longest name wins;
    /// ties go to the earlier exercise.
    pub(super) fn leading_name(&self, norm: &str, strict: bool) -> Option<usize> {
        let words = words_in_order(norm);
        let mut best: Option<(usize, usize)> = None;
        for (i, e) in self.exercises.iter().enumerate() {
            for name in &e.names {
                let k = name.len();
                if k == 0 || k > words.len() || best.is_some_and(|(_, l)| l >= k) {
                    continue;
                }
                let mut lead: Vec<&String> = words[..k].iter().map(|(w, _)| w).collect();
                lead.sort_unstable();
                if !lead.iter().zip(name).all(|(a, b)| *a == b) {
                    continue;
                }
                let rest = &norm[words[k - 1].1..];
                let ok = if strict {
                    k >= 2 && set_off(rest, false)
                } else {
                    k >= 2 || set_off(rest, true)
                };
                if !ok {
                    continue;
                }
                best = Some((i, k));
            }
        }
        best.map(|(e, _)| e)
    }

    /// The exercise that has every word of one of its names of two words or more among
    /// `words` ("the five statements from the mistake check"): the one with the longest
    /// such name, and None when two exercises tie.
    pub(super) fn name_within(&self, words: &[String]) -> Option<usize> {
        let mut best: Option<(usize, usize)> = None;
        let mut tie = false;
        for (i, e) in self.exercises.iter().enumerate() {
            let Some(len) = e
                .names
                .iter()
                .filter(|n| n.len() >= 2 && shared(words, n) == n.len())
                .map(Vec::len)
                .max()
            else {
                continue;
            };
            match best {
                Some((_, k)) if k > len => {}
                Some((_, k)) if k == len => tie = true,
                _ => {
                    best = Some((i, len));
                    tie = false;
                }
            }
        }
        best.filter(|_| !tie).map(|(e, _)| e)
    }

    /// The exercise whose names best match `words`; ties go to the earlier exercise.
    pub(super) fn best_exercise(&self, words: &[String]) -> Option<(usize, Overlap)> {
        if words.is_empty() {
            return None;
        }
        // Only an exercise with a name sharing a word can be the best (`o.shared > 0`): the
        // others are not compared. Most lines classified share no word with any name.
        let named = (*self.name_words).as_ref().map_or(u64::MAX, |name_words| {
            words
                .iter()
                .filter_map(|w| {
                    name_words
                        .binary_search_by(|(n, _)| n.as_str().cmp(w))
                        .ok()
                        .map(|k| name_words[k].1)
                })
                .fold(0, |a, b| a | b)
        });
        let mut best: Option<(usize, Overlap)> = None;
        for i in 0..self.exercises.len() {
            if i < 64 && named & (1 << i) == 0 {
                continue;
            }
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
            Strictness::Line => o.shared >= 2 && o.p >= 750 && o.c >= 600,
        };
        accepted.then_some((e, number))
    }

    /// How much of the prompt of question `number` of exercise `exercise` `words` cover, per
    /// mille (0 for a question the sheet does not have).
    pub(super) fn prompt_coverage(&self, exercise: usize, number: u32, words: &[String]) -> usize {
        (self.exercises[exercise].prompts.iter())
            .find(|(n, _)| *n == number)
            .map_or(0, |(_, prompt)| Overlap::of(words, prompt).c)
    }

    /// How many words each question's prompt of the exercise shares with `words`, in sheet
    /// order.
    pub(super) fn prompt_overlaps(&self, exercise: usize, words: &[String]) -> Vec<(u32, usize)> {
        (self.exercises[exercise].prompts.iter())
            .map(|(number, prompt)| (*number, shared(words, prompt)))
            .collect()
    }

    /// How many of `words` (sorted, distinct) no prompt of the exercise uses: the learner's
    /// own words in a text, beyond what it copies of the questions.
    pub(super) fn words_beyond_prompts(&self, exercise: usize, words: &[String]) -> usize {
        let prompts = &self.exercises[exercise].prompts;
        (words.iter())
            .filter(|w| !prompts.iter().any(|(_, p)| p.binary_search(w).is_ok()))
            .count()
    }

    /// The one question of the exercise whose prompt shares a word with `words`, when
    /// exactly one does ("peak" → "How many instances at peak?").
    pub(super) fn only_question_sharing(&self, exercise: usize, words: &[String]) -> Option<u32> {
        let mut hits = self.exercises[exercise]
            .prompts
            .iter()
            .filter(|(_, prompt)| shared(words, prompt) > 0);
        let (number, _) = hits.next()?;
        hits.next().is_none().then_some(*number)
    }

    /// Whether `words` are a copy of this question's prompt: p ≥ 0.8 and c ≥ 0.6, or, for
    /// a line ending in a question mark, p ≥ 0.8 and two shared words (a shortened copy,
    /// "What layers of cache do you use?"). The options a prompt offers in parentheses
    /// ("(CDN? Reverse proxy? App-level? DB-level?)") count only when the words restate
    /// the whole question outside them too, and name all of them: naming the options is how
    /// learners answer ("we use all of them: CDN, reverse proxy, app-level and DB-level
    /// cache"), and picking some is choosing ("Different: a stampede is the cache version of
    /// a thundering herd" answers "thundering herd vs cache stampede (same thing, or
    /// different?)").
    ///
    /// A line (`text`, its words `words`) that does not ask is a copy only when it also
    /// copies whole sentences of the prompt ([`copies_whole_sentences`]) and names no number
    /// the prompt does not give:
    /// "The one-way latency is 40 ms, so the round trip is 80 ms." and "The minimum
    /// round-trip time is 40 ms." answer "A link has a one-way latency of 40 ms. What is the
    /// minimum round-trip time?" in its words; they do not copy it.
    pub(super) fn is_prompt_copy(
        &self,
        exercise: usize,
        number: u32,
        text: &str,
        words: &[String],
        asks: bool,
    ) -> bool {
        let e = &self.exercises[exercise];
        e.prompts
            .iter()
            .zip(&e.questions)
            .zip(&e.sentences)
            // Only this question's prompt can be copied: the others are not compared at all.
            .filter(|(((n, _), _), _)| *n == number)
            .any(|(((_, prompt), question), given)| {
                let restates_question = shared(words, question) == question.len();
                // (A line that asks picks nothing: "… Fail open or fail closed?")
                let (counted, sentences) =
                    if restates_question && (asks || !picks_an_option(words, prompt, question)) {
                        (prompt, &given.prompt)
                    } else {
                        (question, &given.question)
                    };
                let o = Overlap::of(words, counted);
                o.p >= 800
                    && (o.c >= 600 || (asks && o.shared >= 2))
                    && (asks
                        || (copies_whole_sentences(words, sentences)
                            && numbers_in(text)
                                .iter()
                                .all(|n| given.numbers.binary_search(n).is_ok())))
            })
    }

    /// Does `text` name a number that question `number`'s prompt does not give? A line that
    /// restates the prompt with one ("Instances at peak = 36") answers the question.
    pub(super) fn adds_a_number(&self, exercise: usize, number: u32, text: &str) -> bool {
        if !text.contains(|c: char| c.is_ascii_digit()) {
            return false;
        }
        let numbers = numbers_in(text);
        let e = &self.exercises[exercise];
        e.prompts
            .iter()
            .zip(&e.sentences)
            .filter(|((n, _), _)| *n == number)
            .any(|(_, given)| {
                numbers
                    .iter()
                    .any(|n| given.numbers.binary_search(n).is_err())
            })
    }

    /// What a line must stay within to be a copy of question `number`'s prompt for
    /// [`SheetIndex::is_prompt_copy`], for `words::content_words_within`: the most content
    /// words it can have, and the words of the prompt and question with how many of the line's
    /// words may be other words. With `m` the larger word count of the prompt and its
    /// question: 80 % of the line's words must be words of the prompt (or of its question),
    /// so it has at most 5/4 · `m` words. That condition, `5 · shared ≥ 4 · |line|` (p ≥ 0.8),
    /// is `shared ≥ 4 · others`, where `others` counts the line's words outside the prompt
    /// (or question) compared, so at least the words outside both; and `shared` is at most
    /// `m`, so a copy has at most `m / 4` other words. Computed once per sheet (this runs for
    /// every answer).
    pub(super) fn prompt_copy(&self, exercise: usize, number: u32) -> (usize, (&[String], usize)) {
        match self.exercises[exercise]
            .copyable
            .iter()
            .find(|c| c.number == number)
        {
            Some(c) => (c.longest * 5 / 4, (c.words.as_slice(), c.longest / 4)),
            None => (0, (&[], 0)),
        }
    }

    fn prompts_with(&self, range: std::ops::Range<usize>, word: &String) -> usize {
        self.exercises[range]
            .iter()
            .flat_map(|e| &e.prompts)
            .filter(|(_, p)| p.binary_search(word).is_ok())
            .count()
    }
}

/// The content words of each sentence of `text` (ended by `.`, `?` or `!` before a space or
/// the end: "1.5" stays whole).
fn sentence_words(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        let closes = matches!(c, '.' | '?' | '!')
            && text[end..].chars().next().is_none_or(char::is_whitespace);
        if closes || end == text.len() {
            let words = content_words(&text[start..end]);
            if !words.is_empty() {
                out.push(words);
            }
            start = end;
        }
    }
    out
}

/// Does a line (its `words`) pick an option a prompt offers beyond its question ("same
/// thing, or different?"): it names some of them but not all, and a word of its own too (a
/// line of the prompt's words alone is still graded as a copy, so it is set aside as one)?
fn picks_an_option(words: &[String], prompt: &[String], question: &[String]) -> bool {
    let options = prompt.iter().filter(|w| question.binary_search(w).is_err());
    let named = options
        .clone()
        .filter(|w| words.binary_search(w).is_ok())
        .count();
    let beyond = words.iter().any(|w| prompt.binary_search(w).is_err());
    beyond && named > 0 && named < options.count()
}

/// Whether a line's `words` are mostly (p ≥ 0.8) words of the sentences of a prompt that
/// they copy well (c ≥ 0.6 of a sentence's words): a copy repeats sentences, where an answer
/// takes a few words of one ("40 ms" of "A link has a one-way latency of 40 ms.") into
/// another ("The minimum round-trip time is 40 ms.").
fn copies_whole_sentences(words: &[String], sentences: &[Vec<String>]) -> bool {
    let copied: Vec<&Vec<String>> = sentences
        .iter()
        .filter(|s| shared(words, s) * 1000 >= 600 * s.len())
        .collect();
    let inside = words
        .iter()
        .filter(|w| copied.iter().any(|s| s.binary_search(w).is_ok()))
        .count();
    !words.is_empty() && inside * 1000 >= 800 * words.len()
}

/// The numbers written in `text`, sorted and distinct: each run of digits with the `,` and
/// `.` inside it, without its commas ("2,000,000" is "2000000", "0.08" stays). A number a
/// prompt does not give is an answer, not a copy.
fn numbers_in(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut n = String::new();
        while i < b.len() {
            match b[i] {
                d @ b'0'..=b'9' => n.push(char::from(d)),
                b',' | b'.' if b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                    if b[i] == b'.' {
                        n.push('.');
                    }
                }
                _ => break,
            }
            i += 1;
        }
        out.push(n);
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The words of the exercises' names, for [`SheetIndex::best_exercise`] (see `NameWords`).
fn name_words(exercises: &[ExerciseWords]) -> NameWords {
    if exercises.len() > 64 {
        return None;
    }
    let mut words: Vec<(String, u64)> = Vec::new();
    for (i, e) in exercises.iter().enumerate() {
        for w in e.names.iter().flatten() {
            words.push((w.clone(), 1 << i));
        }
    }
    words.sort_unstable();
    let mut merged: Vec<(String, u64)> = Vec::with_capacity(words.len());
    for (w, bit) in words {
        match merged.last_mut() {
            Some((last, bits)) if *last == w => *bits |= bit,
            _ => merged.push((w, bit)),
        }
    }
    Some(merged)
}

/// The content words of a name in the order they are written.
fn in_order(name: &str) -> Vec<String> {
    words_in_order(&normalise(name))
        .into_iter()
        .map(|(w, _)| w)
        .collect()
}

/// Whether the text after a name sets it off as a name: nothing, a dash (a hyphen only
/// with a space on either side, so "evidence-based" is one word), `|`, or a colon when
/// `colon`.
fn set_off(rest: &str, colon: bool) -> bool {
    let spaced = rest.starts_with(char::is_whitespace);
    let mut chars = rest.trim_start().chars();
    match chars.next() {
        None | Some('|' | '–' | '—') => true,
        Some(':') => colon,
        Some('-') => spaced || chars.next().is_none_or(char::is_whitespace),
        Some(_) => false,
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
    fn best_exercise_compares_only_exercises_sharing_a_name_word() {
        let layout = workshop();
        let index = SheetIndex::new(&layout);
        // Every exercise compared, as before the name words were indexed.
        let every = |words: &[String]| {
            let mut best: Option<(usize, Overlap)> = None;
            for i in 0..index.len() {
                let o = index.exercise_overlap(i, words);
                if o.shared > 0 && best.is_none_or(|(_, b)| o.key() > b.key()) {
                    best = Some((i, o));
                }
            }
            best
        };
        let mut pool: Vec<String> = index
            .exercises
            .iter()
            .flat_map(|e| e.names.iter().flatten())
            .cloned()
            .collect();
        pool.extend(["cache", "zebra", "state", "plan", "1"].map(String::from));
        for a in &pool {
            for b in &pool {
                for c in ["", "zebra", "audit", "design"] {
                    let mut words = vec![a.clone(), b.clone(), c.to_string()];
                    words.retain(|w| !w.is_empty());
                    words.sort();
                    words.dedup();
                    assert_eq!(index.best_exercise(&words), every(&words), "{words:?}");
                }
            }
        }
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
    fn names_that_open_a_heading() {
        let layout = workshop();
        let index = SheetIndex::new(&layout);
        let cases = [
            ("stateful-component audit", false, Some(3)),
            ("stateful-component audit for our app", false, Some(3)),
            ("stateful-component audit for our app", true, None),
            ("stateful-component audit - github", true, Some(3)),
            ("capacity planning notes and working", false, Some(6)),
            ("capacity planning - notes", true, Some(6)),
            ("capacity planning: notes", true, None),
            (
                "my cache design exercise: product catalog — answers",
                true,
                Some(4),
            ),
            ("evidence check", true, Some(7)),
            ("audit: netflix", false, Some(3)),
            ("audit: netflix", true, None),
            ("audit trail", false, None),
            ("evidence-based scaling", false, None),
            ("scaling notes", false, None),
            ("notes on capacity planning", false, None),
        ];
        for (norm, strict, want) in cases {
            assert_eq!(index.leading_name(norm, strict), want, "{norm}");
        }
    }

    #[test]
    fn numbers_are_read_whole() {
        assert_eq!(
            numbers_in("2,000,000 rows of 1 KB: 0.08 s, or 2 GB. 40ms, v2."),
            ["0.08", "1", "2", "2000000", "40"]
        );
        assert!(numbers_in("no digits, 1st").iter().eq(["1"]));
    }

    #[test]
    fn a_line_that_puts_a_given_into_the_question_is_no_copy() {
        let given = vec![
            content_words("A link has a one-way latency of 40 ms."),
            content_words("What is the minimum round-trip time?"),
        ];
        let copy = |t: &str| copies_whole_sentences(&content_words(t), &given);
        assert!(copy("A link has a one-way latency of 40 ms."));
        assert!(copy("one-way latency of 40 ms; minimum round-trip time"));
        assert!(!copy("The minimum round-trip time is 40 ms."));
        assert!(!copy(""));
    }

    #[test]
    fn prompt_copies_and_answers_that_name_the_options() {
        let layout = workshop();
        let index = SheetIndex::new(&layout);
        let copy = |text: &str, asks| index.is_prompt_copy(4, 1, text, &content_words(text), asks);
        assert!(copy("What layers of cache do you use?", true));
        assert!(copy(
            "We use the layers of cache that we need: CDN, reverse proxy, app-level or DB-level.",
            false
        ));
        assert!(!copy(
            "we use all of them: CDN, reverse proxy, app-level and DB-level cache",
            false
        ));
        assert!(!copy("CDN and reverse proxy", false));
        assert!(!copy(
            "We use the layers of cache that we need: CDN and reverse proxy, sized for the hot set.",
            false
        ));
        // Picking one option of an item-name prompt answers it.
        let compare = |text: &str| index.is_prompt_copy(1, 6, text, &content_words(text), false);
        assert!(!compare(
            "Different: a stampede is the cache version of a thundering herd."
        ));
        assert!(compare(
            "Thundering herd vs cache stampede: same thing, or different?"
        ));
        let cache_failure =
            |text: &str, asks| index.is_prompt_copy(4, 5, text, &content_words(text), asks);
        assert!(cache_failure(
            "What do you do on cache-server failure? Fail open or fail closed?",
            true
        ));
    }

    #[test]
    fn no_copy_has_more_words_than_the_limit() {
        let layout = workshop();
        let index = SheetIndex::new(&layout);
        for (e, ex) in index.exercises.iter().enumerate() {
            for ((number, prompt), question) in ex.prompts.iter().zip(&ex.questions) {
                let (most, (known, misses)) = index.prompt_copy(e, *number);
                assert!(most >= prompt.len(), "{e} {number}");
                // The prompt's own words, then more and more words of no prompt: a copy at
                // most up to the limit, never past it.
                if !prompt.is_empty() {
                    assert!(index.is_prompt_copy(e, *number, "", prompt, false));
                }
                for words in [prompt, question] {
                    for extra in 0..=words.len() {
                        let mut w = words.clone();
                        w.extend((0..extra).map(|i| format!("zz{i}")));
                        w.sort();
                        for asks in [false, true] {
                            if index.is_prompt_copy(e, *number, "", &w, asks) {
                                assert!(w.len() <= most, "{e} {number} {extra}");
                                let others = w.iter().filter(|x| !known.contains(x)).count();
                                assert!(others <= misses, "{e} {number} {extra}");
                            }
                        }
                    }
                    let mut w = words.clone();
                    w.extend((0..=most).map(|i| format!("zz{i}")));
                    w.sort();
                    assert!(w.len() > most);
                    assert!(!index.is_prompt_copy(e, *number, "", &w, true));
                }
            }
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

    #[test]
    fn the_class_memo_keeps_each_form_and_exercise_apart_and_stays_bounded() {
        let heading = Form::Heading {
            section: true,
            after: None,
        };
        let mut memo = ClassMemo::default();
        assert_eq!(memo.get("## 1. Retrieval", heading, None), None);
        memo.insert("## 1. Retrieval", heading, None, Class::Exercise(0));
        memo.insert("## 1. Retrieval", heading, Some(2), Class::Nothing);
        memo.insert("## 1. Retrieval", Form::Plain, None, Class::Exercise(1));
        assert_eq!(
            memo.get("## 1. Retrieval", heading, None),
            Some(Class::Exercise(0))
        );
        assert_eq!(
            memo.get("## 1. Retrieval", heading, Some(2)),
            Some(Class::Nothing)
        );
        assert_eq!(
            memo.get("## 1. Retrieval", Form::Plain, None),
            Some(Class::Exercise(1))
        );
        assert_eq!(memo.get("## 1. Retrieval", Form::Emphasis, None), None);
        assert_eq!(memo.get("## 1. retrieval", heading, None), None);
        // A long text is not kept.
        let long = "x".repeat(ClassMemo::MAX_TEXT + 1);
        memo.insert(&long, heading, None, Class::Nothing);
        assert_eq!(memo.get(&long, heading, None), None);
        // Past its bound it starts again, empty, and keeps the new text.
        for i in 0..ClassMemo::MAX_TEXTS {
            memo.insert(&i.to_string(), heading, None, Class::Nothing);
        }
        assert_eq!(memo.classes.len(), 1);
        assert_eq!(memo.get("## 1. Retrieval", heading, None), None);
        let last = (ClassMemo::MAX_TEXTS - 1).to_string();
        assert_eq!(memo.get(&last, heading, None), Some(Class::Nothing));
    }

    #[test]
    fn the_class_memo_bounds_entries_per_text_and_in_all() {
        let mut memo = ClassMemo::default();
        // One text under many forms: past its bound, later entries are not kept.
        for n in 0..100 {
            memo.insert("x", Form::Item(n), None, Class::Nothing);
        }
        assert_eq!(memo.classes["x"].len(), ClassMemo::MAX_PER_TEXT);
        assert_eq!(memo.entries, ClassMemo::MAX_PER_TEXT);
        let past = u64::try_from(ClassMemo::MAX_PER_TEXT).unwrap();
        assert_eq!(memo.get("x", Form::Item(past), None), None);
        assert_eq!(memo.get("x", Form::Item(0), None), Some(Class::Nothing));
        // Many texts with many entries each: the memo starts again before it holds more
        // than its bound in all.
        let mut memo = ClassMemo::default();
        for t in 0..2_000 {
            for current in 0..20 {
                memo.insert(&t.to_string(), Form::Plain, Some(current), Class::Nothing);
                assert!(memo.entries <= ClassMemo::MAX_ENTRIES);
            }
        }
        let kept: usize = memo.classes.values().map(Vec::len).sum();
        assert_eq!(kept, memo.entries);
    }

    #[test]
    fn a_sheet_with_codes_neither_looks_up_nor_keeps_classes() {
        let layout = workshop();
        let mut index = SheetIndex::new(&layout);
        let heading = Form::Heading {
            section: true,
            after: None,
        };
        index.remember_class("R1", heading, None, Class::Nothing);
        assert_eq!(index.known_class("R1", heading, None), Some(Class::Nothing));
        index.codes = vec![(Code::at_start("r").unwrap().0, 0)];
        assert_eq!(index.known_class("R1", heading, None), None);
        index.remember_class("C2", heading, None, Class::Nothing);
        index.codes.clear();
        assert_eq!(index.known_class("C2", heading, None), None);
        // Another index of the same layout on this thread shares what was kept.
        let again = SheetIndex::new(&layout);
        assert_eq!(again.known_class("R1", heading, None), Some(Class::Nothing));
    }
}
