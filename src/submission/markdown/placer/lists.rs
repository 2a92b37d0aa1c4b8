//! Unlabelled lists that answer an exercise's questions in order. Sheets often list the
//! questions of an exercise as bullets, and learners answer with one bullet per question:
//! under an exercise heading with no question open, an unlabelled list with one item per
//! question, or one right after the heading with at most that many items, gives its items
//! to the questions in sheet order. The reading is provisional: when the exercise's
//! questions are then named some other way (labels, headings, restated prompts), the list
//! was not its answers after all, and is set aside as unplaced. An empty item ("-" alone)
//! stands for a question left unanswered.

use crate::submission::markdown::blocks::{Item, Piece, PieceKind, Run};
use crate::submission::markdown::heading::{Class, Form, Target, classify};
use crate::submission::markdown::named::named_label_at;
use crate::submission::markdown::placer::pieces::{is_plain_line, names_like_a_label};
use crate::submission::markdown::placer::{Ask, Placer, Sink, Source, Stray};
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
    /// Reads `pieces` in order; an unordered list that answers the questions in order is
    /// read as a whole.
    pub(super) fn walk(&mut self, pieces: &[Piece]) {
        let mut i = 0;
        while i < pieces.len() {
            match self.answer_list(&pieces[i..]) {
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
        let Some(exercise) = self.current() else {
            return 0;
        };
        let first = self.out.answers.len();
        let numbers = slots
            .iter()
            .filter(|s| !s.empty)
            .map(|s| s.number)
            .collect();
        for ((piece, item), slot) in items.iter().zip(slots) {
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
                self.skip_prompt_copy(item.body, piece.range.end);
            }
            self.extend(slot.start..piece.range.end);
        }
        self.provisional = Some(Provisional {
            exercise,
            first,
            numbers,
        });
        items.len()
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
                start: item.body,
                copy: true,
                empty: false,
            }),
        }
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
        let reason = format!(
            "under exercise `{}` but not under any of its questions",
            self.sheet.id(p.exercise)
        );
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
