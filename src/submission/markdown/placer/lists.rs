//! Unlabelled lists that answer an exercise's questions in order. Sheets often list the
//! questions of an exercise as bullets, and learners answer with one bullet per question:
//! under an exercise heading with no question open, an unlabelled list with one item per
//! question, or one right after the heading with at most that many items, gives its items
//! to the questions in sheet order. The reading is provisional: when the exercise's
//! questions are then named some other way (labels, headings, restated prompts), the list
//! was not its answers after all, and is set aside as unplaced. An empty item ("-" alone)
//! stands for a question left unanswered.
//!
//! Plain paragraphs are read the same way, more strictly: right under an exercise heading,
//! exactly as many unlabelled paragraphs as the exercise has questions, up to the next
//! heading, exercise line or the end, each about its own question (no other question's
//! prompt shares more words with it, and at least half share a word with their own).

use crate::submission::markdown::blocks::{Item, Piece, PieceKind, Run};
use crate::submission::markdown::heading::{Class, Form, Target, classify};
use crate::submission::markdown::label::letter_label_at;
use crate::submission::markdown::marker::leading_marker;
use crate::submission::markdown::named::named_label_at;
use crate::submission::markdown::placer::pieces::{is_plain_line, names_like_a_label};
use crate::submission::markdown::placer::{Ask, Placer, Sink, Source, Stray, Why};
use crate::submission::markdown::words::{content_words, takes_a_stance};

/// Answers given by such a list, until the exercise ends or names its questions otherwise.
#[derive(Debug)]
pub(super) struct Provisional {
    exercise: usize,
    /// The index in `Placement::answers` of the list's first answer.
    first: usize,
    numbers: Vec<u32>,
}

/// One item's question and where its answer starts.
struct Slot {
    number: u32,
    start: usize,
    /// Whether a copied prompt may open the item (no restated prompt was found in it).
    copy: bool,
    /// The item is empty ("-" alone): the learner left that question unanswered.
    empty: bool,
}

impl Placer<'_> {
    /// Reads `pieces` in order; an unordered list, or a run of paragraphs, that answers the
    /// questions in order is read as a whole.
    pub(super) fn walk(&mut self, pieces: &[Piece]) {
        let mut i = 0;
        while i < pieces.len() {
            let taken = match self.answer_list(&pieces[i..]) {
                0 => self.answer_paragraphs(&pieces[i..]),
                taken => taken,
            };
            match taken {
                0 => {
                    self.piece(&pieces[i]);
                    i += 1;
                }
                taken => i += taken,
            }
        }
    }

    /// When `pieces` start with a list that answers the current exercise's questions in
    /// order, places its items and returns how many pieces it took; else 0.
    fn answer_list(&mut self, pieces: &[Piece]) -> usize {
        let Some(items) = list_at(pieces) else {
            return 0;
        };
        let Some(slots) = self.slots(&items) else {
            return 0;
        };
        let placed: Vec<(&Piece, usize, Slot)> = (items.iter().zip(slots))
            .map(|((piece, item), slot)| (*piece, item.body, slot))
            .collect();
        self.place_in_order(&placed);
        items.len()
    }

    /// When `pieces` start with paragraphs that answer the current exercise's questions in
    /// order (see the module documentation), places them and returns how many pieces they
    /// are; else 0.
    fn answer_paragraphs(&mut self, pieces: &[Piece]) -> usize {
        let Some(placed) = self.paragraph_slots(pieces) else {
            return 0;
        };
        self.place_in_order(&placed);
        placed.len()
    }

    /// Places each piece's text at its slot's question (`body`: where the piece's text
    /// starts, for a copied prompt to skip), provisionally.
    fn place_in_order(&mut self, placed: &[(&Piece, usize, Slot)]) {
        let Some(exercise) = self.current() else {
            return;
        };
        let first = self.out.answers.len();
        let numbers = (placed.iter())
            .filter(|(_, _, s)| !s.empty)
            .map(|(_, _, s)| s.number)
            .collect();
        for (piece, body, slot) in placed {
            if slot.empty {
                continue;
            }
            let ask = Ask::new(
                Target::Current,
                slot.number,
                Source::Bare,
                piece.range.start,
                slot.start,
            );
            if self.question(ask) && slot.copy {
                self.skip_prompt_copy(*body, piece.range.end);
            }
            self.extend(slot.start..piece.range.end);
        }
        self.provisional = Some(Provisional {
            exercise,
            first,
            numbers,
        });
    }

    /// The paragraphs at the start of `pieces` and their questions, when they answer the
    /// exercise's questions in order (see the module documentation).
    fn paragraph_slots<'p>(&self, pieces: &'p [Piece]) -> Option<Vec<(&'p Piece, usize, Slot)>> {
        let section = self.section.as_ref()?;
        if section.active.is_some()
            || !section.labelled.is_empty()
            || !matches!(self.sink, Sink::Nothing)
            || !matches!(pieces.first()?.kind, PieceKind::Paragraph(_))
        {
            return None;
        }
        let exercise = section.exercise;
        let questions: Vec<u32> = (self.sheet.layout.exercises[exercise].questions.iter())
            .map(|q| q.number)
            .collect();
        let mut runs = Vec::new();
        for piece in pieces {
            match &piece.kind {
                PieceKind::Paragraph(run)
                    if is_plain_line(run)
                        && matches!(
                            classify(&run.text, Form::Plain, Some(exercise), self.sheet),
                            Class::Exercise(_)
                        ) =>
                {
                    break;
                }
                PieceKind::Paragraph(run) if runs.len() < questions.len() => {
                    runs.push((piece, run));
                }
                PieceKind::Heading(_) | PieceKind::Skip => break,
                _ => return None,
            }
        }
        if runs.len() < 2 || runs.len() != questions.len() {
            return None;
        }
        let mut own_words = 0;
        let mut placed = Vec::with_capacity(runs.len());
        for ((piece, run), &number) in runs.into_iter().zip(&questions) {
            let overlaps = self
                .sheet
                .prompt_overlaps(exercise, &content_words(&run.text));
            let own = overlaps
                .iter()
                .find(|(n, _)| *n == number)
                .map_or(0, |o| o.1);
            if overlaps.iter().any(|&(n, k)| n != number && k > own) {
                return None;
            }
            own_words += usize::from(own > 0);
            placed.push((
                piece,
                piece.range.start,
                self.paragraph_slot(run, exercise, number)?,
            ));
        }
        (2 * own_words >= placed.len()).then_some(placed)
    }

    /// Where a paragraph's answer to question `number` starts; None when it is labelled,
    /// bold throughout, or restates or copies the prompt of another question.
    fn paragraph_slot(&self, run: &Run, exercise: usize, number: u32) -> Option<Slot> {
        let text = &self.src[run.range.clone()];
        if self.block_label(text).is_some()
            || named_label_at(text, self.sheet).is_some()
            || letter_label_at(text).is_some()
            || leading_marker(text).is_some()
            || run.emphasis.as_ref().is_some_and(|e| e.whole)
        {
            return None;
        }
        self.lead_slot(run, exercise, number, run.range.start)
    }

    /// The slot of a lead for question `number`: after its restatement of that question's
    /// prompt, at `body` when it restates none (a copied prompt may open it), None when it
    /// restates or copies another question's.
    fn lead_slot(&self, lead: &Run, exercise: usize, number: u32, body: usize) -> Option<Slot> {
        match self.lead_restatement(lead, true) {
            Some((_, q, start)) if q == number => Some(Slot {
                number,
                start,
                copy: false,
                empty: false,
            }),
            Some(_) => None,
            None if self.copies_another_prompt(lead, exercise, number) => None,
            None => Some(Slot {
                number,
                start: body,
                copy: true,
                empty: false,
            }),
        }
    }

    /// The questions the items answer, in order, when the list qualifies (see the module
    /// documentation) and no item says it is something else.
    fn slots(&self, items: &[(&Piece, &Item)]) -> Option<Vec<Slot>> {
        let section = self.section.as_ref()?;
        if section.active.is_some() || !section.labelled.is_empty() {
            return None;
        }
        let questions: Vec<u32> = self.sheet.layout.exercises[section.exercise]
            .questions
            .iter()
            .map(|q| q.number)
            .collect();
        let n = items.len();
        let after_heading = matches!(self.sink, Sink::Nothing);
        if n == 0 || !(n == questions.len() || (after_heading && n < questions.len())) {
            return None;
        }
        let slots: Vec<Slot> = items
            .iter()
            .zip(&questions)
            .map(|((_, item), &number)| self.slot(item, section.exercise, number))
            .collect::<Option<_>>()?;
        slots.iter().any(|s| !s.empty).then_some(slots)
    }

    /// Where an item's answer to question `number` starts; None when the item is labelled,
    /// names an exercise, or restates the prompt of another question.
    fn slot(&self, item: &Item, exercise: usize, number: u32) -> Option<Slot> {
        let Some(lead) = item.lead.as_ref() else {
            return item.children.is_empty().then_some(Slot {
                number,
                start: item.body,
                copy: false,
                empty: true,
            });
        };
        let text = &self.src[lead.range.clone()];
        if self.block_label(text).is_some() || named_label_at(text, self.sheet).is_some() {
            return None;
        }
        if let Some(e) = lead.emphasis.as_ref().filter(|e| e.whole) {
            match classify(&e.text, Form::Emphasis, Some(exercise), self.sheet) {
                Class::Exercise(_) => return None,
                Class::Question {
                    target: Target::Exercise(x),
                    number: q,
                    restated: true,
                } if x == exercise => {
                    if q != number {
                        return None;
                    }
                    let start = if names_like_a_label(&e.text)
                        || self.restates(&e.text, Target::Exercise(x), q)
                    {
                        lead.range.end
                    } else {
                        lead.range.start
                    };
                    return Some(Slot {
                        number,
                        start,
                        copy: false,
                        empty: false,
                    });
                }
                _ => {}
            }
        }
        if !item.children.is_empty()
            && is_plain_line(lead)
            && matches!(
                classify(&lead.text, Form::Plain, Some(exercise), self.sheet),
                Class::Exercise(_)
            )
        {
            return None;
        }
        self.lead_slot(lead, exercise, number, item.body)
    }

    /// Whether the first line of `lead` is a copy of the prompt of a question other than
    /// `number` of the exercise (the bullets are not in sheet order).
    fn copies_another_prompt(&self, lead: &Run, exercise: usize, number: u32) -> bool {
        let text = &self.src[lead.range.clone()];
        let line = text.lines().next().unwrap_or_default();
        let words = content_words(line);
        let asks = line.trim_end().ends_with('?');
        // The cheap overlap tests first: few lines copy a prompt.
        !words.is_empty()
            && self.sheet.layout.exercises[exercise]
                .questions
                .iter()
                .any(|q| {
                    q.number != number
                        && self
                            .sheet
                            .is_prompt_copy(exercise, q.number, line, &words, asks)
                })
            && !takes_a_stance(line)
    }

    /// The exercise's questions are named after a list gave them answers: the list was not
    /// its answers, and is set aside as unplaced.
    pub(super) fn drop_provisional(&mut self, exercise: usize) {
        if self
            .provisional
            .as_ref()
            .is_none_or(|p| p.exercise != exercise)
        {
            return;
        }
        self.close();
        let Some(p) = self.provisional.take() else {
            return;
        };
        let reason = Why::Unlabelled(p.exercise);
        let dropped = self
            .out
            .answers
            .split_off(p.first.min(self.out.answers.len()));
        self.out.unplaced.extend(dropped.into_iter().map(|a| Stray {
            range: a.range,
            reason: reason.clone(),
        }));
        if let Some(s) = &mut self.section {
            for n in &p.numbers {
                s.labelled.remove(n);
            }
            s.active = None;
        }
    }
}

/// The items of the unordered list that starts at `pieces[0]`, if one does.
fn list_at(pieces: &[Piece]) -> Option<Vec<(&Piece, &Item)>> {
    let PieceKind::Item(first) = &pieces.first()?.kind else {
        return None;
    };
    if first.number.is_some() || first.position != 0 {
        return None;
    }
    pieces
        .get(..first.siblings)?
        .iter()
        .map(|p| match &p.kind {
            PieceKind::Item(item) if item.number.is_none() => Some((p, item)),
            _ => None,
        })
        .collect()
}
