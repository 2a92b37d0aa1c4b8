//! Per-learner feedback: the learner's view of one graded submission ([`LearnerReport`]), with
//! instructor-only material left out (see `visibility`) and learner text escaped for the
//! report's format before it reaches any template. The view is the context of
//! `report.md.tera` and `report.html.tera`, and the source of the plain-text feedback of the
//! learner-facing exports (`plain`). Documented in `docs/output-formats.md` ("Templates").

use serde::Serialize;
use tera::{Context, Tera};

use super::templates::{Escape, TemplateError, Templates, chain};
use super::visibility;
use crate::batch::Outcome;
use crate::grade::{Evidence, Flag, Graded, QuestionResult, credit};
use crate::rubric::{ConceptKind, Question, Rubric};
use crate::text::Polarity;

/// The learner's view of a graded submission.
#[derive(Debug, Clone, Serialize)]
pub struct LearnerReport {
    pub assay_version: &'static str,
    pub rubric: RubricRef,
    pub learner: String,
    pub file: String,
    pub score: f64,
    pub max_score: f64,
    /// Score as a percentage of the maximum, one decimal.
    pub percent: f64,
    pub exercises: Vec<ExerciseView>,
    pub unplaced: Vec<UnplacedView>,
    /// Its plain text ([`report_text`](super::plain::report_text)), made once: the Moodle
    /// feedback and the Gradescope output both print it.
    #[serde(skip)]
    pub(super) text: std::cell::OnceCell<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RubricRef {
    pub id: String,
    pub title: String,
    pub version: Option<String>,
    pub hash: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExerciseView {
    pub id: String,
    pub title: String,
    pub score: f64,
    pub max_score: f64,
    pub answered: usize,
    pub questions: Vec<QuestionView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionView {
    /// The exercise slug.
    pub exercise: String,
    pub number: u32,
    pub prompt: String,
    pub answered: bool,
    pub score: f64,
    pub max_score: f64,
    /// `full`, `partial`, `none` (answered, no credit) or `unanswered`.
    pub status: &'static str,
    /// Concepts credited.
    pub found: Vec<FoundView>,
    /// Weaknesses found that decided the level or keep the answer from the best (a thin or
    /// vague answer), with the learner's words.
    pub weak: Vec<WeakView>,
    /// Concepts missed.
    pub missed: Vec<MissedView>,
    /// The same, as the reports list them: each choice among alternatives once, with its
    /// alternatives, where its first one is in `missed`; every other point on its own.
    pub missed_groups: Vec<MissedGroup>,
    pub numbers: Vec<NumberView>,
    /// Misconceptions held.
    pub mistakes: Vec<MistakeView>,
    pub flags: Vec<FlagView>,
    /// Feedback sentences, most important first.
    pub feedback: Vec<String>,
    /// The feedback sentences that `weak`, `missed` and `mistakes` do not already say (advice
    /// on numbers, flags), in order.
    pub advice: Vec<String>,
    /// Its plain-text lines ([`question_lines`](super::plain::question_lines)), made once:
    /// JUnit, Gradescope and the Moodle feedback all print them.
    #[serde(skip)]
    pub(super) lines: std::cell::OnceCell<Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceView {
    /// The learner's sentence.
    pub text: String,
    pub line: u32,
    pub column: u32,
    /// The sentence in pieces, in order: the words the rule fired on (`mark`) and the text
    /// between them. Their texts joined are `text`.
    pub parts: Vec<EvidencePart>,
}

/// A piece of an [`EvidenceView`]'s sentence.
#[derive(Debug, Clone, Serialize)]
pub struct EvidencePart {
    pub text: String,
    /// Is it words the rule fired on (a report highlights them)?
    pub mark: bool,
}

impl EvidenceView {
    /// The view of `e`, its text (and each part's) passed through `escape`.
    pub fn new(e: &Evidence, escape: fn(&str) -> String) -> EvidenceView {
        EvidenceView {
            text: escape(&e.text),
            line: e.line,
            column: e.column,
            parts: pieces(&e.text, &e.marks)
                .map(|(t, mark)| EvidencePart {
                    text: escape(t),
                    mark,
                })
                .collect(),
        }
    }
}

/// `text` cut at `marks` (character ranges): the marked pieces and the pieces between them,
/// none empty. A mark that is empty, out of order, overlapping the one before or past the end
/// (a results file edited by hand) is left out; the others are kept.
fn pieces<'t>(text: &'t str, marks: &[[u32; 2]]) -> impl Iterator<Item = (&'t str, bool)> {
    // The byte offset of each character, and of the end; in ASCII text (most quotes) a
    // character's offset is its index, and the table is not built.
    let ascii = text.is_ascii();
    let offsets: Vec<usize> = if ascii || marks.is_empty() {
        Vec::new()
    } else {
        text.char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .collect()
    };
    let byte_at = |c: u32| {
        if ascii {
            Some(c as usize).filter(|&b| b <= text.len())
        } else {
            offsets.get(c as usize).copied()
        }
    };
    let mut cuts: Vec<(usize, usize)> = Vec::with_capacity(marks.len());
    for &[a, b] in marks {
        let (Some(x), Some(y)) = (byte_at(a), byte_at(b)) else {
            continue;
        };
        if x < y && cuts.last().is_none_or(|&(_, end)| end <= x) {
            cuts.push((x, y));
        }
    }
    let mut out = Vec::with_capacity(2 * cuts.len() + 1);
    let mut at = 0;
    for (x, y) in cuts {
        if x > at {
            out.push((&text[at..x], false));
        }
        out.push((&text[x..y], true));
        at = y;
    }
    if at < text.len() {
        out.push((&text[at..], false));
    }
    out.into_iter()
}

#[derive(Debug, Clone, Serialize)]
pub struct FoundView {
    pub id: String,
    /// The concept's `praise`, else its id made readable.
    pub praise: String,
    pub evidence: Option<EvidenceView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WeakView {
    pub id: String,
    /// What to improve (the concept's `feedback`).
    pub feedback: String,
    /// The learner's words that showed the weakness.
    pub evidence: Option<EvidenceView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MissedView {
    pub id: String,
    /// What was missing and why it matters (the concept's `feedback`).
    pub feedback: String,
    /// Words that mentioned the concept but negated or only quoted it, if any.
    pub evidence: Option<EvidenceView>,
    pub polarity: Option<Polarity>,
    /// When it is one of several alternatives of which only some are needed: "any 1 of
    /// these 5" (see `grade::credit`).
    pub choice: Option<String>,
}

/// What a report lists as one missing item: a point needed in full, or a choice among
/// alternatives ("any 2 of these 3") with the alternatives under it.
#[derive(Debug, Clone, Serialize)]
pub struct MissedGroup {
    /// The choice, as each of its points' `choice` says it; none for a point needed in full.
    pub choice: Option<String>,
    /// The point, or the choice's alternatives in the question's order.
    pub missed: Vec<MissedView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NumberView {
    pub id: String,
    pub given: Option<f64>,
    /// The number as the learner wrote it.
    pub given_text: Option<String>,
    /// What it was compared with (only when it matched an accepted answer).
    pub expected: Option<String>,
    pub tolerance: Option<String>,
    /// Fraction of this number's credit.
    pub score: f64,
    /// `correct`, `partial` or `wrong`.
    pub status: &'static str,
    pub carried_forward: Option<String>,
    pub evidence: Option<EvidenceView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MistakeView {
    pub id: String,
    pub title: String,
    /// Why the belief is wrong.
    pub feedback: String,
    pub evidence: Option<EvidenceView>,
    /// What holding it does to the question's score, when its rule caps or lowers it:
    /// "This misconception limits this question to at most 0 / 1 points."
    pub effect: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FlagView {
    /// `keyword-list`, `copied-prompt` or `contradiction`.
    pub kind: &'static str,
    /// A short label, e.g. `Only a list of terms` (the feedback says what to do about it).
    pub label: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnplacedView {
    pub line: u32,
    pub reason: String,
    /// The text, its first 1,000 characters when longer (then ending in "…").
    pub text: String,
}

/// The learner's view with learner text as written but for its control and invisible
/// characters ([`Escape::PLAIN`]), built at most once per outcome: JUnit, GitLab, Gradescope,
/// Moodle and the HTML report read the same view.
pub struct PlainView<'a> {
    rubric: &'a Rubric,
    outcome: &'a Outcome,
    view: std::cell::OnceCell<LearnerReport>,
}

impl<'a> PlainView<'a> {
    pub fn new(rubric: &'a Rubric, outcome: &'a Outcome) -> PlainView<'a> {
        PlainView {
            rubric,
            outcome,
            view: std::cell::OnceCell::new(),
        }
    }

    /// The view of the outcome, whose result is `graded`.
    pub fn of(&self, graded: &Graded) -> &LearnerReport {
        self.view
            .get_or_init(|| learner_report(self.rubric, self.outcome, graded, Escape::PLAIN))
    }

    /// A new view of the outcome with learner text and messages passed through `escape`.
    pub fn escaped(&self, graded: &Graded, escape: Escape) -> LearnerReport {
        learner_report(self.rubric, self.outcome, graded, escape)
    }
}

/// Builds the learner's view. `escape.text` is applied to every piece of learner text (the
/// learner id, the file, evidence, numbers as written, unplaced text), `escape.message` to
/// assay's messages (why a text is unplaced).
pub fn learner_report(
    rubric: &Rubric,
    outcome: &Outcome,
    graded: &Graded,
    escape: Escape,
) -> LearnerReport {
    let mut exercises = Vec::new();
    for (ex, total) in rubric.exercises.iter().zip(&graded.exercises) {
        let questions = ex
            .questions
            .iter()
            .filter_map(|q| {
                let r = graded
                    .questions
                    .iter()
                    .find(|r| r.exercise == ex.id && r.question == q.number)?;
                Some(question_view(rubric, q, r, escape.text))
            })
            .collect();
        exercises.push(ExerciseView {
            id: ex.id.clone(),
            title: ex.title.clone(),
            score: total.score,
            max_score: total.max_score,
            answered: total.answered,
            questions,
        });
    }
    LearnerReport {
        assay_version: env!("CARGO_PKG_VERSION"),
        rubric: RubricRef {
            id: rubric.id.clone(),
            title: rubric.title.clone(),
            version: rubric.version.clone(),
            hash: rubric.hash.clone(),
        },
        learner: (escape.text)(&outcome.learner),
        file: (escape.text)(&outcome.file),
        score: graded.score,
        max_score: graded.max_score,
        percent: percent(graded.score, graded.max_score),
        exercises,
        unplaced: outcome
            .unplaced
            .iter()
            .map(|u| UnplacedView {
                line: u.line,
                reason: (escape.message)(&u.reason),
                text: (escape.text)(&quote(&u.text)),
            })
            .collect(),
        text: std::cell::OnceCell::new(),
    }
}

/// At most this many characters of an unplaced text are quoted to the learner (the results
/// JSON has it whole): enough to recognise it, while a stray megabyte stays out of a report.
const MAX_QUOTE: usize = 1_000;

/// `text`, cut after [`MAX_QUOTE`] characters with an ellipsis.
fn quote(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(MAX_QUOTE) {
        None => text.into(),
        Some((at, _)) => format!("{}…", &text[..at]).into(),
    }
}

impl MissedView {
    /// The choice to print before the feedback, if any. An empty text is none, as tera
    /// reads it (`{% if c.choice %}`).
    pub fn shown_choice(&self) -> Option<&str> {
        self.choice.as_deref().filter(|c| !c.is_empty())
    }
}

impl MissedGroup {
    /// The choice to print above the alternatives, if any. An empty text is none, as tera
    /// reads it (`{% if g.choice %}`).
    pub fn shown_choice(&self) -> Option<&str> {
        self.choice.as_deref().filter(|c| !c.is_empty())
    }
}

/// `missed` (from `needs`, in the same order) as the reports list it: the alternatives of a
/// choice together, where the first of them is; every other point alone.
fn missed_groups(needs: &[credit::Need], missed: &[MissedView]) -> Vec<MissedGroup> {
    let mut groups: Vec<(Option<usize>, MissedGroup)> = Vec::new();
    for (need, view) in needs.iter().zip(missed) {
        let key = need.choice.map(|a| a.group);
        let choice = key.and_then(|key| groups.iter_mut().find(|(k, _)| *k == Some(key)));
        match choice {
            Some((_, g)) => g.missed.push(view.clone()),
            None => groups.push((
                key,
                MissedGroup {
                    choice: view.choice.clone(),
                    missed: vec![view.clone()],
                },
            )),
        }
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

/// `score / max` as a percentage with one decimal (0 when `max` is 0).
pub fn percent(score: f64, max: f64) -> f64 {
    if max > 0.0 {
        (score / max * 1000.0).round() / 10.0
    } else {
        0.0
    }
}

/// A flag's kind and short label.
pub fn flag_label(f: &Flag) -> (&'static str, &'static str) {
    match f {
        Flag::KeywordList => ("keyword-list", "Only a list of terms"),
        Flag::CopiedPrompt => ("copied-prompt", "Repeats the question"),
        Flag::Contradiction { .. } => ("contradiction", "Asserts and denies the same point"),
    }
}

fn question_view(
    rubric: &Rubric,
    q: &Question,
    r: &QuestionResult,
    escape: fn(&str) -> String,
) -> QuestionView {
    let ev = |e: &Option<Evidence>| e.as_ref().map(|e| EvidenceView::new(e, escape));
    // Found points are credit; what is missing is what the best level still needs (a found
    // weakness speaks through the feedback): see `grade::credit`.
    let found: Vec<FoundView> = r
        .concepts
        .iter()
        .filter(|c| c.found && visibility::concept(q, &c.id))
        .filter_map(|c| {
            let concept = q.concepts.iter().find(|x| x.id == c.id)?;
            (concept.kind == ConceptKind::Point).then_some(())?;
            Some(FoundView {
                id: c.id.clone(),
                praise: concept.label(),
                evidence: ev(&c.evidence),
            })
        })
        .collect();
    // The answer's values and level, as grading found them, for what is missing and which
    // number lines show.
    let values = credit::values_in(q, r);
    let reached = credit::reached(q, &values);
    // The weaknesses that decided the level, as grading told them (only below full credit).
    let weak: Vec<WeakView> = if r.score < r.max_score - 1e-9 {
        credit::weaknesses(q, &values, reached)
            .into_iter()
            .filter(|c| visibility::shown(c))
            .map(|c| WeakView {
                id: c.id.clone(),
                feedback: c.feedback.clone(),
                evidence: r
                    .concepts
                    .iter()
                    .find(|x| x.id == c.id)
                    .and_then(|x| ev(&x.evidence)),
            })
            .collect()
    } else {
        Vec::new()
    };
    let needs = credit::missing(q, &values, reached, &visibility::shown);
    let missed: Vec<MissedView> = needs
        .iter()
        .map(|m| {
            let c = r.concepts.iter().find(|c| c.id == m.concept.id);
            MissedView {
                id: m.concept.id.clone(),
                feedback: m.concept.feedback.clone(),
                evidence: c.and_then(|c| ev(&c.evidence)),
                polarity: c.and_then(|c| c.polarity),
                choice: m
                    .choice
                    .map(|a| format!("any {} of these {}", a.needed, a.of)),
            }
        })
        .collect();
    let missed_groups = missed_groups(&needs, &missed);
    let numbers = r
        .numbers
        .iter()
        .filter(|n| visibility::number(q, &n.id) && shown_reading(q, r, n, &values, reached))
        .map(|n| {
            let correct = n.score >= 1.0 - 1e-9;
            NumberView {
                id: n.id.clone(),
                given: n.given,
                given_text: n.given_text.as_deref().map(escape),
                // A learner sees the reference value their own number matched, never the
                // answer key (`expected` is the full-credit answer when theirs fell short).
                expected: n.expected.clone().filter(|_| correct),
                tolerance: n.tolerance.clone(),
                score: n.score,
                status: if correct {
                    "correct"
                } else if n.score > 0.0 {
                    "partial"
                } else {
                    "wrong"
                },
                carried_forward: n.carried_forward.clone(),
                evidence: ev(&n.evidence),
            }
        })
        .collect();
    let mistakes: Vec<MistakeView> = r
        .mistakes
        .iter()
        .filter(|m| visibility::mistake(q, m))
        .map(|m| MistakeView {
            id: m.id.clone(),
            title: m.title.clone(),
            feedback: m.feedback.clone(),
            evidence: ev(&m.evidence),
            effect: mistake_effect(rubric, q, m, r.max_score),
        })
        .collect();
    let flags = r
        .flags
        .iter()
        .filter(|f| visibility::flag(q, f))
        .map(|f| {
            let (kind, label) = flag_label(f);
            FlagView { kind, label }
        })
        .collect();
    let status = if !r.answered {
        "unanswered"
    } else if r.score >= r.max_score - 1e-9 {
        "full"
    } else if r.score > 0.0 {
        "partial"
    } else {
        "none"
    };
    let feedback = visibility::feedback(q, r);
    let advice = feedback
        .iter()
        .filter(|f| {
            !mistakes.iter().any(|m: &MistakeView| &&m.feedback == f)
                && !missed.iter().any(|c: &MissedView| &&c.feedback == f)
                && !weak.iter().any(|c: &WeakView| &&c.feedback == f)
        })
        .cloned()
        .collect();
    QuestionView {
        exercise: r.exercise.clone(),
        number: q.number,
        prompt: q.prompt.clone(),
        answered: r.answered,
        score: r.score,
        max_score: r.max_score,
        status,
        found,
        weak,
        missed,
        missed_groups,
        numbers,
        mistakes,
        flags,
        feedback,
        advice,
        lines: std::cell::OnceCell::new(),
    }
}

/// What holding the misconception `m` in an answer to `q` (worth `points`) does to its score,
/// as grading applies it: the cap and penalty of the question's own rule for it, else of the
/// catalogue's sheet-wide rule (a misconception recorded by a number's answer, which names no
/// rule, has neither).
fn mistake_effect(
    rubric: &Rubric,
    q: &Question,
    m: &crate::grade::MistakeResult,
    points: f64,
) -> Option<String> {
    m.rule.as_ref()?;
    let id = m.id.as_str();
    let (cap, penalty) = match q.mistakes.iter().find(|rule| rule.id == id) {
        Some(rule) => (rule.cap, rule.penalty),
        None => {
            let rule = rubric.misconceptions.get(id)?.rule.as_ref()?;
            (rule.cap, rule.penalty)
        }
    };
    let score = super::plain::score;
    let mut parts = Vec::new();
    if penalty > 0.0 {
        parts.push(format!(
            "takes {} points off this question",
            score(penalty * points)
        ));
    }
    if let Some(c) = cap.filter(|&c| c < 1.0) {
        parts.push(format!(
            "limits this question to at most {} / {} points",
            score(c.max(0.0) * points),
            score(points)
        ));
    }
    (!parts.is_empty()).then(|| format!("This misconception {}.", parts.join(" and ")))
}

/// Is the number check `n` shown? A question may check one quantity in several ways (the
/// peak count, and the peak count with a spare; a maximum, and the same maximum against the
/// learner's own peak): checks with the same cue (`near`), or that read the same words (a
/// check without a cue reads any number). Once one of them accepted a number in full, the
/// others that gave no credit are not shown, so the learner is not told "✗ not accepted" for
/// the count they were just told is correct. Nor is a check that gave no credit to words
/// another check credited in part ("◐ partly correct: you gave 32" says what there is to say
/// about the 32), nor, in a question with full credit, one that credited in part words
/// another check accepted in full. A check of another quantity (the minimum, when the
/// maximum took the same 40) and other partial credit still show. A check that found no
/// number is shown only while the best level still needs it: "no number found" for a pool
/// size says nothing to a learner whose answer earned full credit by explaining the pool
/// instead. Two checks that gave the same words no credit show once.
fn shown_reading(
    q: &Question,
    r: &QuestionResult,
    n: &crate::grade::NumberResult,
    values: &[f64],
    reached: Option<usize>,
) -> bool {
    let full = |score: f64| score >= 1.0 - 1e-9;
    let cue = |id: &str| {
        (q.numbers.iter().find(|c| c.id == id))
            .map(|c| c.near.iter().map(|p| p.source.as_str()).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    // Another visible check credited the same words with at least `min`, and they are its
    // quantity as much as this one's: this check has no cue (it reads any number) or the
    // same cue. (A cued check that read words another check credited says something: "a
    // max of 36" is a wrong maximum, whatever the peak check made of the 36.)
    let credited_same_words = |min: f64| {
        let own = cue(&n.id);
        r.numbers.iter().any(|m| {
            m.id != n.id
                && visibility::number(q, &m.id)
                && m.score >= min
                && m.reads_same_words(n)
                && (own.is_empty() || own == cue(&m.id))
        })
    };
    if full(n.score) {
        return true;
    }
    if n.score > 0.0 {
        return !(r.score >= r.max_score - 1e-9 && credited_same_words(1.0 - 1e-9));
    }
    if n.given.is_none() {
        return credit::number_needed(q, values, reached, &n.id);
    }
    // One quantity: the same cue; checks without a cue only when they read the same words.
    let same_quantity = |m: &crate::grade::NumberResult| {
        let (a, b) = (cue(&m.id), cue(&n.id));
        a == b && (!a.is_empty() || m.reads_same_words(n))
    };
    let accepted = r
        .numbers
        .iter()
        .any(|m| m.id != n.id && full(m.score) && visibility::number(q, &m.id) && same_quantity(m));
    // Two checks of one quantity that both turned down the same words say it once (the first).
    let said = (r.numbers.iter().take_while(|m| m.id != n.id)).any(|m| {
        m.score <= 0.0
            && visibility::number(q, &m.id)
            && m.reads_same_words(n)
            && (cue(&n.id).is_empty() || cue(&n.id) == cue(&m.id))
    });
    !accepted && !said && !credited_same_words(f64::MIN_POSITIVE)
}

/// Renders the template `name` with `value` as its context.
pub fn render(tera: &Tera, name: &str, value: &impl Serialize) -> Result<String, TemplateError> {
    let err = |e: tera::Error| TemplateError {
        template: name.into(),
        message: chain(&e),
    };
    let ctx = Context::from_serialize(value).map_err(err)?;
    tera.render(name, &ctx).map_err(err)
}

/// Renders the Markdown feedback report of one graded submission (`report.md.tera`), from
/// its learner's view.
pub fn render_markdown(
    templates: &Templates,
    views: &PlainView<'_>,
    graded: &Graded,
) -> Result<String, TemplateError> {
    if templates.native_markdown() {
        return Ok(super::native::markdown(views.of(graded)));
    }
    let view = views.escaped(graded, Escape::MARKDOWN);
    render(&templates.tera, "report.md.tera", &view)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_pieces_keep_every_good_mark_and_leave_out_bad_ones() {
        let marked = |text: &str, marks: &[[u32; 2]]| {
            pieces(text, marks)
                .map(|(t, m)| if m { format!("[{t}]") } else { t.to_string() })
                .collect::<String>()
        };
        let show = |marks: &[[u32; 2]]| marked("ab cdé fg", marks);
        assert_eq!(show(&[]), "ab cdé fg");
        assert_eq!(show(&[[3, 6], [7, 9]]), "ab [cdé] [fg]");
        // Adjacent marks are both kept; an overlapping, empty or out-of-range one is left out
        // and the rest kept.
        assert_eq!(show(&[[0, 1], [1, 2], [7, 9]]), "[a][b] cdé [fg]");
        assert_eq!(
            show(&[[3, 6], [4, 5], [5, 5], [8, 99], [7, 9]]),
            "ab [cdé] [fg]"
        );
        assert_eq!(show(&[[u32::MAX, u32::MAX], [0, 2]]), "[ab] cdé fg");
        // ASCII text takes the offsets as they are, with the same bounds.
        let ascii = |marks: &[[u32; 2]]| marked("ab cd fg", marks);
        assert_eq!(ascii(&[]), "ab cd fg");
        assert_eq!(ascii(&[[3, 5], [6, 8]]), "ab [cd] [fg]");
        assert_eq!(ascii(&[[6, 9], [0, 2]]), "[ab] cd fg");
        assert_eq!(ascii(&[[3, 5], [4, 5], [5, 5], [8, 8]]), "ab [cd] fg");
    }
    use crate::report::testing;

    /// The number lines of the first question: (check, status).
    fn number_lines(view: &LearnerReport) -> Vec<(&str, &str)> {
        let q = &view.exercises[0].questions[0];
        q.numbers
            .iter()
            .map(|n| (n.id.as_str(), n.status))
            .collect()
    }

    #[test]
    fn the_view_says_what_earned_credit_and_what_did_not() {
        let r = testing::rubric();
        let b = testing::batch(&r);
        let ben = &b.outcomes[0];
        let view = learner_report(&r, ben, ben.result.as_ref().unwrap(), Escape::MARKDOWN);
        let q = |ex: usize, n: usize| &view.exercises[ex].questions[n];
        assert_eq!(q(0, 0).status, "none");
        assert_eq!(q(0, 0).missed.len(), 2);
        assert_eq!(q(0, 1).mistakes[0].id, "sticky-is-fine");
        assert_eq!(q(1, 0).numbers[0].status, "partial");
        assert_eq!(q(1, 0).numbers[0].given_text.as_deref(), Some("25"));
        assert!(
            q(1, 1).numbers[0].carried_forward.is_some(),
            "error carried forward from 25"
        );
        // Worked from the wrong 25: told where the credit went, not the method it followed.
        assert_eq!(
            q(1, 1).advice,
            [
                "Worked correctly from your earlier answer, which was wrong: the credit lost here \
              is for that earlier error."
            ]
        );
        let cleo = &b.outcomes[2];
        let view = learner_report(&r, cleo, cleo.result.as_ref().unwrap(), Escape::MARKDOWN);
        assert_eq!(view.percent, 100.0);
        let first = &view.exercises[0].questions[0];
        assert_eq!(first.status, "full");
        assert_eq!(first.found.len(), 2);
        assert!(
            first.found[0]
                .evidence
                .as_ref()
                .unwrap()
                .text
                .contains("bigger machine")
        );
    }

    /// A weakness found is not praised: it is shown with the learner's words that showed it
    /// (not as bare advice, which left the learner guessing which words were too vague), and
    /// of unmet alternatives each is missing, while an unfound weakness is never "missing".
    #[test]
    fn weaknesses_quote_the_learner_and_only_needed_points_are_missing() {
        let r = crate::rubric::load_str(
            r#"
id: w
title: W
exercises:
  - id: basics
    title: Basics
    questions:
      - number: 1
        prompt: Define a stateless service and name one kind of hidden state.
        concepts:
          - { id: definition, match: "any instance", feedback: Define it. }
          - { id: vague, kind: weakness, match: "stores nothing", feedback: Too vague. }
          - { id: sessions, match: "sessions", feedback: Sessions. }
          - { id: cache, match: "cache", feedback: Cache. }
        scoring:
          levels:
            - { score: 1, when: "definition & 1 of (sessions, cache)" }
            - { score: 0.5, when: "vague | definition" }
"#,
            "w.yaml",
        )
        .expect("valid");
        let o = testing::outcome(
            &r,
            "kim.yaml",
            "learner: kim\nanswers:\n  basics:\n    1: \"It stores nothing between requests.\"\n",
        );
        let view = learner_report(&r, &o, o.result.as_ref().unwrap(), Escape::MARKDOWN);
        let q = &view.exercises[0].questions[0];
        assert!(
            q.found.is_empty(),
            "{:?}",
            q.found.iter().map(|f| &f.id).collect::<Vec<_>>()
        );
        let missed: Vec<&str> = q.missed.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(missed, ["definition", "sessions", "cache"]);
        assert!(q.advice.is_empty(), "{:?}", q.advice);
        assert_eq!(q.weak.len(), 1);
        assert_eq!(q.weak[0].feedback, "Too vague.");
        let e = q.weak[0].evidence.as_ref().expect("the learner's words");
        assert_eq!(
            (e.text.as_str(), e.line),
            ("It stores nothing between requests.", 4)
        );
        // The plain-text feedback (Gradescope, Moodle, JUnit) says it with the words too.
        assert_eq!(
            crate::report::plain::question_lines(q).last().unwrap(),
            "To improve: Too vague. (you wrote “It stores nothing between requests.”, line 4)"
        );
        let md = crate::report::native::markdown(&learner_report(
            &r,
            &o,
            o.result.as_ref().unwrap(),
            Escape::NONE,
        ));
        assert!(
            md.contains("- ◐ Held the score back: Too vague. — you wrote: “It **stores nothing** between requests.” (line 4)"),
            "{md}"
        );
    }

    /// A misconception whose rule caps or lowers the question's score says so: without it a
    /// learner saw concepts ticked under "What earned credit" beside 0 points, and no reason.
    #[test]
    fn a_misconception_says_what_it_did_to_the_score() {
        let r = crate::rubric::load_str(
            r#"
id: c
title: C
misconceptions:
  lb-enough:
    title: A load balancer is enough
    feedback: It is not.
  cdn-sessions:
    title: The CDN keeps sessions
    feedback: It does not.
    match: "cdn .. sessions"
    penalty: 0.25
exercises:
  - id: basics
    title: Basics
    questions:
      - number: 1
        points: 2
        prompt: Is a load balancer enough to scale out?
        concepts:
          - { id: stateless, match: "stateless", feedback: Say the app must be stateless. }
        mistakes:
          - { id: lb-enough, match: "balancer .. enough", cap: 0 }
"#,
            "c.yaml",
        )
        .expect("valid");
        let o = testing::outcome(
            &r,
            "kim.yaml",
            "learner: kim\nanswers:\n  basics:\n    1: \"The app is stateless, so the load balancer is enough. The CDN keeps the sessions.\"\n",
        );
        let graded = o.result.as_ref().unwrap();
        assert_eq!(graded.questions[0].score, 0.0);
        let view = learner_report(&r, &o, graded, Escape::NONE);
        let q = &view.exercises[0].questions[0];
        assert_eq!(q.status, "none");
        assert_eq!(q.found.len(), 1);
        let effects: Vec<(&str, Option<&str>)> = q
            .mistakes
            .iter()
            .map(|m| (m.id.as_str(), m.effect.as_deref()))
            .collect();
        assert_eq!(
            effects,
            [
                (
                    "lb-enough",
                    Some("This misconception limits this question to at most 0 / 2 points.")
                ),
                (
                    "cdn-sessions",
                    Some("This misconception takes 0.5 points off this question.")
                ),
            ]
        );
        let html = crate::report::native::html(&view, "");
        assert!(
            html.contains("<h4>What was right (but earned no credit)</h4>"),
            "{html}"
        );
        assert!(!html.contains("What earned credit"), "{html}");
        let md = crate::report::native::markdown(&view);
        assert!(
            md.contains(
                "It is not. **This misconception limits this question to at most 0 / 2 points.**"
            ),
            "{md}"
        );
    }

    /// The Markdown report tells what the HTML report tells: the words that mentioned a
    /// missing point the wrong way ("but I wrote that!"), and a number's share of credit.
    #[test]
    fn the_markdown_report_quotes_a_denied_point_and_a_numbers_share() {
        let r = crate::rubric::load_str(
            r#"
id: d
title: D
exercises:
  - id: basics
    title: Basics
    questions:
      - number: 1
        prompt: What must an app be to scale out?
        concepts:
          - { id: stateless, match: "stateless", feedback: Say the app must be stateless. }
"#,
            "d.yaml",
        )
        .expect("valid");
        let o = testing::outcome(
            &r,
            "kim.yaml",
            "learner: kim\nanswers:\n  basics:\n    1: \"The app does not need to be stateless.\"\n",
        );
        let view = learner_report(&r, &o, o.result.as_ref().unwrap(), Escape::NONE);
        let md = crate::report::native::markdown(&view);
        assert!(
            md.contains("- ✗ Missing: Say the app must be stateless. — you wrote: “The app does not need to be **stateless**.” (line 4: this denies it)"),
            "{md}"
        );

        let r = testing::rubric();
        let b = testing::batch(&r);
        let ben = &b.outcomes[0];
        let view = learner_report(&r, ben, ben.result.as_ref().unwrap(), Escape::NONE);
        let n = &view.exercises[1].questions[0].numbers[0];
        assert_eq!(n.status, "partial");
        let share = format!("; {} of its credit", crate::report::plain::score(n.score));
        let md = crate::report::native::markdown(&view);
        let html = crate::report::native::html(&view, "");
        assert!(html.contains(&share), "{html}");
        assert!(md.contains(&share), "{md}");
    }

    /// Of the checks of one quantity (the same cue), those that gave no credit are not shown
    /// once one accepted a number in full; partial credit from one of them, and a check of
    /// another quantity that read the same number, still show. A check that found no number
    /// shows while the best level needs it (`mean`), not otherwise (`trough`).
    #[test]
    fn a_quantity_accepted_in_full_is_not_also_shown_as_not_accepted() {
        let r = crate::rubric::load_str(
            r#"
id: n
title: N
exercises:
  - id: cap
    title: Capacity
    questions:
      - number: 1
        prompt: How many instances at peak, and what HPA maximum?
        numbers:
          - { id: peak, answers: [{ value: 36, score: 1 }] }
          - { id: peak-spare, answers: [{ value: 37, score: 1 }] }
          - { id: peak-range, answers: [{ range: [30, 40], score: 0.5 }] }
          - { id: hpa-max, near: max, answers: [{ range: [40, 80], score: 1 }] }
          - { id: mean, near: mean, answers: [{ value: 12, score: 1 }] }
          - { id: trough, near: night, answers: [{ value: 4, score: 1 }] }
        scoring:
          levels:
            - { score: 1, when: "(peak | peak-spare) & hpa-max & mean" }
            - { score: 0.5, when: "trough" }
"#,
            "n.yaml",
        )
        .expect("valid");
        let o = testing::outcome(
            &r,
            "kim.yaml",
            "learner: kim\nanswers:\n  cap:\n    1: \"36 instances at peak, and a max of 36 too.\"\n",
        );
        let graded = o.result.as_ref().unwrap();
        let numbers = &graded.questions[0].numbers;
        assert_eq!(numbers.len(), 6, "every check is in the results");
        assert_eq!((numbers[1].given, numbers[1].score), (Some(36.0), 0.0));
        assert_eq!((numbers[3].given, numbers[3].score), (Some(36.0), 0.0));
        let view = learner_report(&r, &o, graded, Escape::MARKDOWN);
        let shown = number_lines(&view);
        assert_eq!(
            shown,
            [
                ("peak", "correct"),
                ("peak-range", "partial"),
                ("hpa-max", "wrong"),
                ("mean", "wrong")
            ]
        );
    }

    /// Words one check credited are not also shown as turned down by another ("32 instances"
    /// is partly correct as the peak; that the spare check took nothing adds nothing); two
    /// checks that turned down the same words show once; and at full credit, a partial
    /// reading of words another check accepted in full is not shown, nor is its feedback.
    #[test]
    fn the_same_words_are_reported_once() {
        let r = crate::rubric::load_str(
            r#"
id: n
title: N
exercises:
  - id: cap
    title: Capacity
    questions:
      - number: 1
        prompt: How many instances at peak?
        numbers:
          - { id: peak, answers: [{ value: 32.5, round: up, score: 1, rounding-score: 0.75 }] }
          - { id: peak-spare, answers: [{ value: 34, score: 1 }] }
          - { id: fleet, answers: [{ value: 250, score: 1 }] }
        scoring:
          levels:
            - { score: 1, when: "peak | peak-spare | fleet" }
            - { score: peak, when: "peak >= 0.25" }
      - number: 2
        prompt: What HPA maximum?
        numbers:
          - { id: max, answers: [{ range: [37, 80], score: 1 }] }
          - id: max-own
            answers: [{ value: 48, tolerance: { abs: 12 }, score: 0.75, feedback: Check your peak. }]
        scoring:
          levels:
            - { score: 1, when: "max" }
            - { score: 0.75, when: "max-own >= 0.75" }
"#,
            "n.yaml",
        )
        .expect("valid");
        let lines = |answer: &str| {
            let o = testing::outcome(
                &r,
                "kim.yaml",
                &format!("learner: kim\nanswers:\n  cap:\n    {answer}\n"),
            );
            let graded = o.result.as_ref().unwrap();
            let view = learner_report(&r, &o, graded, Escape::MARKDOWN);
            let shown: Vec<(String, String)> = (view.exercises[0].questions.iter())
                .flat_map(|q| &q.numbers)
                .map(|n| (n.id.clone(), n.status.to_string()))
                .collect();
            (
                shown,
                graded
                    .questions
                    .iter()
                    .flat_map(|q| q.feedback.clone())
                    .collect::<Vec<_>>(),
            )
        };
        let owned = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        let (shown, _) = lines("1: \"32 instances.\"");
        assert_eq!(shown, owned(&[("peak", "partial")]));
        let (shown, _) = lines("1: \"7 instances.\"");
        assert_eq!(shown, owned(&[("peak", "wrong")]));
        let (shown, feedback) = lines("2: \"max 40.\"");
        assert_eq!(shown, owned(&[("max", "correct")]));
        assert!(
            !feedback.iter().any(|f| f.contains("Check your peak")),
            "{feedback:?}"
        );
        // Below full credit the partial reading and its advice stay (and the check that
        // turned the same words down is not shown beside it).
        let (shown, feedback) = lines("2: \"max 36.\"");
        assert_eq!(shown, owned(&[("max-own", "partial")]));
        assert!(
            feedback.iter().any(|f| f.contains("Check your peak")),
            "{feedback:?}"
        );
    }

    /// Checks without a cue read any number: one that read another number than the accepted
    /// one checks another quantity, and its "not accepted" line stays.
    #[test]
    fn checks_without_a_cue_are_one_quantity_only_in_the_same_words() {
        let r = crate::rubric::load_str(
            r#"
id: n
title: N
exercises:
  - id: cap
    title: Capacity
    questions:
      - number: 1
        prompt: How many instances at peak, and at the mean?
        numbers:
          - { id: peak, answers: [{ value: 36, score: 1 }] }
          - { id: mean, answers: [{ value: 12, score: 1 }] }
        scoring:
          levels:
            - { score: 1, when: "peak & mean" }
            - { score: 0.5, when: "peak | mean" }
"#,
            "n.yaml",
        )
        .expect("valid");
        let o = testing::outcome(
            &r,
            "kim.yaml",
            "learner: kim\nanswers:\n  cap:\n    1: \"36 instances at peak. At the mean, 20 instances.\"\n",
        );
        let graded = o.result.as_ref().unwrap();
        let view = learner_report(&r, &o, graded, Escape::MARKDOWN);
        let shown = number_lines(&view);
        assert_eq!(shown, [("peak", "correct"), ("mean", "wrong")]);
    }

    /// Alternatives for instructors' eyes only are neither listed nor counted in a learner's
    /// choice, and never hide a shown point that has the same feedback.
    #[test]
    fn a_choice_counts_only_the_alternatives_learners_see() {
        let r = crate::rubric::load_str(
            r#"
id: v
title: V
exercises:
  - id: basics
    title: Basics
    questions:
      - number: 1
        prompt: Name two kinds of hidden state.
        concepts:
          - { id: secret, match: "fd", feedback: Sessions., visibility: instructor }
          - { id: sessions, match: "sessions", feedback: Sessions. }
          - { id: cache, match: "cache", feedback: Cache. }
          - { id: disk, match: "disk", feedback: Disk. }
        scoring:
          levels:
            - { score: 1, when: "2 of (secret, sessions, cache, disk)" }
"#,
            "v.yaml",
        )
        .expect("valid");
        let o = testing::outcome(
            &r,
            "kim.yaml",
            "learner: kim\nanswers:\n  basics:\n    1: \"Local disk files.\"\n",
        );
        let view = learner_report(&r, &o, o.result.as_ref().unwrap(), Escape::MARKDOWN);
        let missed: Vec<(&str, Option<&str>)> = view.exercises[0].questions[0]
            .missed
            .iter()
            .map(|m| (m.id.as_str(), m.choice.as_deref()))
            .collect();
        assert_eq!(
            missed,
            [
                ("sessions", Some("any 1 of these 2")),
                ("cache", Some("any 1 of these 2"))
            ]
        );
    }
}
