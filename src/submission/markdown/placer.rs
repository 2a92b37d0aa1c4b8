//! Walks the pieces of a submission in document order, keeping track of the current
//! exercise and question, and places every stretch of text at an (exercise, question) or
//! sets it aside as unplaced with a reason. Ranges only: the caller cuts and trims text.
//!
//! An answer runs from just after its label or heading to the end of the last block before
//! the next label or heading, so it keeps every paragraph, list, table and code block.

mod code;
mod columns;
mod continued;
mod groups;
mod headings;
mod lists;
mod markers;
mod named;
mod pieces;
pub(super) use pieces::is_plain_line;
mod question;
mod rows;
mod subjects;
mod whole;

use std::collections::BTreeSet;
use std::ops::Range;

use crate::submission::markdown::blocks::{Piece, PieceKind};
use crate::submission::markdown::heading::{Class, Form, Target, classify};
use crate::submission::markdown::label::{Label, Place, Shape, label_at_start};
use crate::submission::markdown::named::named_label_at;
use crate::submission::markdown::run::Run;
use crate::submission::markdown::sheet_index::SheetIndex;
use crate::submission::markdown::words::content_words;

/// Text placed at a question (`question` is the sheet's number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Placed {
    pub exercise: usize,
    pub question: u32,
    pub range: Range<usize>,
    /// What the text answers about, written before it ("client: …"): the row name of a
    /// table whose columns are the questions (see `columns.rs`).
    pub lead: Option<Range<usize>>,
}

/// Text that could not be placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Stray {
    pub range: Range<usize>,
    pub reason: Why,
}

/// Why a text was set aside, kept typed while placing (the section's end asks which texts
/// were set aside only for want of a label, `whole.rs`; a file with no answer names the
/// reason that says most) and written out for the report by [`Why::text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Why {
    /// Under the exercise (its index) but under none of its questions.
    Unlabelled(usize),
    /// A question labelled before any exercise heading: the reason that says most when
    /// nothing at all could be placed.
    EarlyLabel(String),
    /// Any other reason, as the report gives it.
    Said(String),
}

impl Why {
    /// The reason as the report gives it.
    pub(super) fn text(&self, sheet: &SheetIndex<'_>) -> String {
        match self {
            Why::Unlabelled(exercise) => format!(
                "under exercise `{}` but not under any of its questions",
                sheet.id(*exercise)
            ),
            Why::EarlyLabel(text) | Why::Said(text) => text.clone(),
        }
    }
}

#[derive(Debug, Default)]
pub(super) struct Placement {
    /// In document order; a question may appear more than once.
    pub answers: Vec<Placed>,
    pub unplaced: Vec<Stray>,
    /// A question of the sheet was named (a heading or label) in an exercise the text names,
    /// answered or not: a blank answer sheet is a submission with every answer empty.
    pub named_question: bool,
    /// Block quotes whose blocks were read as top-level ones, and one-paragraph quotes that
    /// start with a label, in document order: an answer that starts inside one (opened by a
    /// label or a prompt there) is the learner's own writing, not a quotation.
    pub own_quotes: Vec<Range<usize>>,
}

/// Places the pieces of `src`.
/// Why text under `heading`, which names no exercise, is unplaced.
fn unknown_heading(heading: &str) -> Why {
    Why::Said(format!(
        "under the heading `{}`, which names no exercise on the sheet",
        crate::submission::model::in_code(heading)
    ))
}

pub(super) fn place(src: &str, pieces: &[Piece], sheet: &SheetIndex<'_>) -> Placement {
    let mut placer = Placer {
        src,
        sheet,
        section: None,
        unknown: None,
        named: false,
        sink: Sink::Nothing,
        provisional: None,
        named_by: None,
        unique_label: false,
        in_quote: false,
        lettered: std::cell::OnceCell::new(),
        subjects: Vec::new(),
        section_answers: 0,
        section_unplaced: 0,
        outline: outline(src, pieces, sheet),
        out: Placement::default(),
    };
    placer.walk(pieces);
    placer.close();
    placer.finish_section();
    if !placer.named && !placer.out.answers.is_empty() && !placer.on_topic() {
        let reason = "numbered like answers, but no exercise is named and the text uses none of the sheet's words";
        let answers = std::mem::take(&mut placer.out.answers);
        placer
            .out
            .unplaced
            .extend(answers.into_iter().map(|a| Stray {
                range: a.range,
                reason: Why::Said(reason.to_string()),
            }));
    }
    placer.out.named_question &= placer.named;
    // In document order: answers a list gave back are set aside after what followed them.
    placer.out.unplaced.sort_by_key(|s| s.range.start);
    placer.out
}

/// Headings that the walk reads with the rest of the file in view (see `Outline`).
#[derive(Debug, Default)]
struct Outline {
    /// Per exercise of the sheet, where the last heading (or bold line) that names it
    /// starts, and the heading's level (none for a bold line).
    named_at: Vec<Option<(usize, Option<u8>)>>,
    /// Where the headings start whose next block opens with question 1 ("### Hop 2: CDN"
    /// then "1. …" or "A1: …"), in order.
    then_one: Vec<usize>,
}

/// Reads the outline of `pieces` (see [`Outline`]). A heading names an exercise when it
/// would at section level with nothing under way; a bold line when it would as a line.
fn outline(src: &str, pieces: &[Piece], sheet: &SheetIndex<'_>) -> Outline {
    let mut out = Outline {
        named_at: vec![None; sheet.len()],
        then_one: Vec::new(),
    };
    // The exercise the last heading or bold line that names one names.
    let mut current = None;
    for (k, piece) in pieces.iter().enumerate() {
        let (class, level) = match &piece.kind {
            PieceKind::Heading(h) => {
                if pieces
                    .get(k + 1)
                    .is_some_and(|next| opens_question_one(src, next, sheet, current))
                {
                    out.then_one.push(piece.range.start);
                }
                let form = Form::Heading {
                    section: true,
                    after: None,
                };
                (classify(&h.text, form, None, sheet), Some(h.level))
            }
            PieceKind::Paragraph(run) if run.emphasis.as_ref().is_some_and(|e| e.whole) => {
                let text = run.emphasis.as_ref().map_or("", |e| e.text.as_str());
                (classify(text, Form::Emphasis, None, sheet), None)
            }
            _ => continue,
        };
        if let Class::Exercise(e) = class
            && let Some(slot) = out.named_at.get_mut(e)
        {
            *slot = Some((piece.range.start, level));
            current = Some(e);
        }
    }
    out
}

/// Whether `piece` opens with a label of question 1: an ordered list's first item "1.", or
/// a paragraph starting "1.", "Q1:", a label naming an exercise's question 1 ("A1:",
/// "Audit 1:"), or the dotted label of question 1 of `current`, the exercise named last
/// ("4.1" under "## Client" after "## 4. Audit").
fn opens_question_one(
    src: &str,
    piece: &Piece,
    sheet: &SheetIndex<'_>,
    current: Option<usize>,
) -> bool {
    let one = |l: &Label| {
        l.number == 1
            && (l.exercise.is_none() || l.exercise.map(|x| x as usize) == current.map(|e| e + 1))
    };
    let labelled_one = |run: &Run| {
        let text = &src[run.range.clone()];
        // (An emphasised dotted label without a delimiter, "**4.1** The …", is not read as
        // a label under a heading that names nothing: not one that opens question 1.)
        let read_there =
            |l: &Label| l.exercise.is_none() || l.delimited || !text.starts_with(['*', '_']);
        label_at_start(text, Place::Block).is_some_and(|l| one(&l) && read_there(&l))
            || named_label_at(text, sheet).is_some_and(|l| l.number == 1)
    };
    match &piece.kind {
        // "1." or, in a bullet list, a first item that opens with a label ("- Q1: …").
        PieceKind::Item(item) => match &item.number {
            Some(n) => n.number == 1,
            None => item.position == 0 && item.lead.as_ref().is_some_and(labelled_one),
        },
        PieceKind::Paragraph(run) => labelled_one(run),
        // A heading of its own: "#### Q1" under "### Client", also with the prompt or a
        // title after it ("#### Q1: Does it hold per-user state?"). (One that names an
        // exercise, "#### 1. Retrieval Prompts", opens it before any question is asked.)
        PieceKind::Heading(h) => {
            label_at_start(&src[h.inline.clone()], Place::Cell).is_some_and(|l| one(&l))
        }
        _ => false,
    }
}

/// A submission whose exercises are all implied by numbering must use at least this many
/// of the sheet's words in its answers; else it is off-topic (a recipe's numbered steps).
/// One with an explicit label whose number only one exercise has needs one of them ("Q4: too
/// many rows match" answers a prompt about rows; a recipe's "Q1:" names every exercise's
/// first question, and still needs three).
const MIN_SHEET_WORDS: usize = 3;

/// How the current question was named. After a heading or an explicit "Q" label, a bare
/// numbered list is the learner's own steps, not the next questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Heading,
    Explicit,
    /// A label that names the exercise too ("Retrieval 1 -"), see `named.rs`.
    Named,
    /// A letter label ("a)", "(b)"), see `Placer::accepts_letter`.
    Letter,
    Bare,
}

#[derive(Debug)]
struct Active {
    number: u32,
    source: Source,
    /// The level of the heading that named it.
    level: Option<u8>,
    /// Named by the only item of a list written "1." (see `ItemNumber::lone_one`).
    lone_one: bool,
    /// The last bare number read as the learner's own list inside this answer (see
    /// `Placer::refuses_bare`).
    own_list: Option<u32>,
    /// The shape of the bare label that named it.
    shape: Option<Shape>,
    /// Named by a label that carries its exercise's number ("Q1b", "5.2"; not a heading or a
    /// restated prompt), see `Placer::block_label`.
    qualified: bool,
}

/// The exercise being read and what has been labelled in it since it started.
#[derive(Debug)]
struct Section {
    exercise: usize,
    /// The level of its heading; None when implied or named by a bold or plain line.
    level: Option<u8>,
    labelled: BTreeSet<u32>,
    active: Option<Active>,
    /// Headings at the exercise heading's own level read as its sub-headings, not as the
    /// start of another section (see `Placer::unmatched_heading`).
    inner: Option<Inner>,
}

/// Headings at an exercise heading's own level read as its sub-headings (see `Section`).
#[derive(Debug)]
struct Inner {
    level: u8,
    /// Where the first starts, and its text.
    start: usize,
    text: String,
    /// `Placement::named_question` before it.
    named_before: bool,
}

/// Where content goes now.
#[derive(Debug)]
pub(super) enum Sink {
    Nothing,
    /// `copy_end`: the answer starts with a copy of its prompt ending there; it is left out
    /// when something follows it (see `skip_prompt_copy`).
    Answer {
        exercise: usize,
        question: u32,
        start: usize,
        end: usize,
        copy_end: Option<usize>,
        /// Other questions the same text answers ("1–3:"), see `groups.rs`.
        also: Vec<u32>,
    },
    Stray {
        start: usize,
        end: usize,
        reason: Why,
    },
}

/// A question being named, with where its label starts and its answer starts.
struct Ask {
    target: Target,
    number: u32,
    source: Source,
    level: Option<u8>,
    label_start: usize,
    answer_start: usize,
    restated: bool,
    lone_one: bool,
    /// A continuation label ("4 cont.)"): more of an answer already begun, so it neither
    /// starts the next exercise nor sets aside the answers a list gave (see `continued.rs`).
    continued: bool,
    /// The other questions a label names with `number` ("1–3:"), see `groups.rs`.
    also: Vec<u32>,
    /// The shape of a bare label ("1.", "(1)", "1)"), see `Placer::refuses_bare`.
    shape: Option<Shape>,
    /// Named by a label that carries its exercise's number ("Q1b", "5.2"), see `Active`.
    qualified: bool,
}

impl Ask {
    fn new(
        target: Target,
        number: u32,
        source: Source,
        label_start: usize,
        answer_start: usize,
    ) -> Self {
        Ask {
            target,
            number,
            source,
            level: None,
            label_start,
            answer_start,
            restated: false,
            lone_one: false,
            continued: false,
            also: Vec::new(),
            shape: None,
            qualified: false,
        }
    }
}

struct Placer<'a> {
    src: &'a str,
    sheet: &'a SheetIndex<'a>,
    section: Option<Section>,
    /// An unmatched heading at exercise level, and its level: what follows is unplaced.
    unknown: Option<(String, u8)>,
    /// Some exercise was named (by a heading, a slug or a restated prompt), not only implied.
    named: bool,
    sink: Sink,
    /// Answers an unlabelled list gave, see `lists.rs`.
    provisional: Option<lists::Provisional>,
    /// The name the last label that named its exercise used, see `placer/named.rs`.
    named_by: Option<String>,
    /// A question was named by an explicit label ("Q4:") whose number only one exercise
    /// has, see `Placer::on_topic`.
    unique_label: bool,
    /// The blocks of a block quote are being read (see `Placer::quote`).
    in_quote: bool,
    /// The exercises whose questions the learner letters ("Q1a:" … "Q1c:"), see
    /// `sub_label::lettered_exercises`: read from the whole file the first time a lettered
    /// label is met, which most files never do.
    lettered: std::cell::OnceCell<Vec<u32>>,
    /// Headings under the current exercise that named nothing (see `subjects.rs`).
    subjects: Vec<subjects::Subject>,
    /// How many answers were placed before the current exercise's section began.
    section_answers: usize,
    /// How much text was set aside before the current exercise's section began.
    section_unplaced: usize,
    /// The file's headings, read ahead (see `Outline`).
    outline: Outline,
    out: Placement,
}

impl Placer<'_> {
    fn piece(&mut self, piece: &Piece) {
        let range = piece.range.clone();
        match &piece.kind {
            PieceKind::Skip => {}
            PieceKind::Content => self.extend(range),
            PieceKind::Heading(heading) => self.heading(heading, range),
            PieceKind::Paragraph(run) => self.paragraph(run, range),
            PieceKind::Item(item) => self.item(item, range),
            PieceKind::Quote(quote) => self.quote(quote, range),
            PieceKind::Table(rows) => self.table(rows, range),
            PieceKind::Code(run) => self.code(run, range),
        }
    }

    fn current(&self) -> Option<usize> {
        self.section.as_ref().map(|s| s.exercise)
    }

    /// Whether the placed answers use enough of the sheet's words, see `MIN_SHEET_WORDS`.
    fn on_topic(&self) -> bool {
        let mut words: Vec<String> = self
            .out
            .answers
            .iter()
            .flat_map(|a| content_words(&self.src[a.range.clone()]))
            .collect();
        words.sort_unstable();
        words.dedup();
        let min = if self.unique_label {
            1
        } else {
            MIN_SHEET_WORDS
        };
        self.sheet.sheet_words_in(&words) >= min
    }

    // ----- sinks ---------------------------------------------------------------------

    /// Adds `range` to what is being collected, or starts unplaced text with it.
    fn extend(&mut self, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        match &mut self.sink {
            Sink::Answer { end, .. } | Sink::Stray { end, .. } => *end = (*end).max(range.end),
            Sink::Nothing => {
                let reason = self.reason_here();
                self.sink = Sink::Stray {
                    start: range.start,
                    end: range.end,
                    reason,
                };
            }
        }
    }

    fn reason_here(&self) -> Why {
        match (&self.section, &self.unknown) {
            (Some(s), _) => Why::Unlabelled(s.exercise),
            (None, Some((heading, _))) => unknown_heading(heading),
            (None, None) => Why::Said("before any exercise heading".to_string()),
        }
    }

    /// At the end of an exercise's section: its set-aside text read as the answer to every
    /// question when it is one (`whole.rs`), then its subjects (`subjects.rs`); headings at
    /// the exercise heading's own level that were read as its sub-headings are set aside
    /// again when they are no subjects (`headings.rs`).
    fn finish_section(&mut self) {
        self.answer_whole();
        let from = self.section_answers;
        let inner = self.section.as_mut().and_then(|s| s.inner.take());
        // Sections of the learner's own at that level ("## References", "## Links", each
        // with its numbered list) would pass for subjects: the answers under such headings
        // must also be about the exercise, sharing words with half of its prompts.
        let about = inner
            .as_ref()
            .is_none_or(|i| self.answers_about_exercise(from, i.start));
        let subjects = if about {
            self.finish_subjects()
        } else {
            self.subjects.clear();
            self.section_answers = self.out.answers.len();
            false
        };
        if let (Some(inner), false) = (inner, subjects) {
            self.set_aside_inner(inner, from);
        }
        self.section_unplaced = self.out.unplaced.len();
    }

    /// Starts collecting text set aside from `start`, for `reason`.
    fn open_stray(&mut self, start: usize, reason: Why) {
        self.close();
        self.sink = Sink::Stray {
            start,
            end: start,
            reason,
        };
    }

    /// Ends what is being collected; empty text is no answer (and nothing to report).
    fn close(&mut self) {
        match std::mem::replace(&mut self.sink, Sink::Nothing) {
            Sink::Nothing => {}
            Sink::Answer {
                exercise,
                question,
                mut start,
                end,
                copy_end,
                also,
            } => {
                self.out.named_question = true;
                if let Some(copy_end) = copy_end.filter(|&c| c <= end) {
                    if self.src[copy_end..end].trim().is_empty() {
                        // Only the prompt, copied: no answer, but not silently dropped. A
                        // statement rejected without a reason ("No, we have a CDN, so …") is
                        // said to be that, so the learner sees their "No" was read.
                        let id = self.sheet.id(exercise);
                        let reason = if crate::text::rejects_statement(&self.src[start..end]) {
                            format!(
                                "the statement of question {question} of `{id}`, rejected without a reason: say why"
                            )
                        } else {
                            format!(
                                "a copy of the prompt of question {question} of `{id}`, with no answer after it"
                            )
                        };
                        self.out.unplaced.push(Stray {
                            range: start..end,
                            reason: Why::Said(reason),
                        });
                        return;
                    }
                    start = copy_end;
                }
                if !self.src[start..end].trim().is_empty() {
                    for question in std::iter::once(question).chain(also) {
                        self.out.answers.push(Placed {
                            exercise,
                            question,
                            range: start..end,
                            lead: None,
                        });
                    }
                }
            }
            Sink::Stray { start, end, reason } => {
                if !self.src[start..end].trim().is_empty() {
                    self.out.unplaced.push(Stray {
                        range: start..end,
                        reason,
                    });
                }
            }
        }
    }
}
