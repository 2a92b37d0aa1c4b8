//! Continuation labels ("4 cont.) …", "Q4 (cont.)", "(cont'd) 4:", see `continued.rs`) at
//! the start of a paragraph, a list item, a heading or a bold line: the text after the
//! label is more of the answer to that question of the exercise under way (or of the
//! exercise a "7.4" names), appended to it in document order like any second answer to a
//! question. It opens that question again, so the text that follows goes on with it until
//! the next label; it never starts the next exercise ("1 (cont.)" after the last question
//! is still question 1) and keeps the answers an unlabelled list gave (see `lists.rs`).
//! When the exercise has no such question, or no exercise is under way, the label is left
//! to the other readings ("Q4 (cont.)" is then read as "Q4").
//! An ordered list item whose text opens with a continuation word ("4. (cont.) …") is the
//! same as "4 (cont.) …".

use std::ops::Range;

use crate::submission::markdown::blocks::Run;
use crate::submission::markdown::continued::{
    Continued, continuation_word_at_start, continued_at_start,
};
use crate::submission::markdown::heading::Target;
use crate::submission::markdown::label::{Label, Shape};
use crate::submission::markdown::placer::{Ask, Placer, Source};

impl Placer<'_> {
    /// A run opening with a continuation label: its text, up to any later label, goes on
    /// with that question. Returns whether it was one.
    pub(super) fn continued_run(&mut self, run: &Run, block_end: usize) -> bool {
        let text = &self.src[run.range.clone()];
        let Some(label) = continued_at_start(text) else {
            return false;
        };
        let Some(exercise) = self.continued_exercise(&label) else {
            return false;
        };
        let base = run.range.start;
        let (shape, source) = if label.explicit {
            (Shape::Q, Source::Explicit)
        } else {
            (Shape::Close, Source::Bare)
        };
        let stand_in = Label::stand_in(label.number, shape, label.start..label.end);
        self.run_opened_by(run, stand_in, block_end, |p| {
            p.continue_answer(
                exercise,
                label.number,
                source,
                None,
                base + label.start,
                base + label.end,
            )
        });
        true
    }

    /// An item numbered `number` by its marker whose text opens with a continuation word
    /// ("4. (cont.) …"): the rest of the item goes on with that question. Returns whether
    /// it was one.
    pub(super) fn continued_item(
        &mut self,
        lead: Option<&Run>,
        number: u32,
        range: Range<usize>,
    ) -> bool {
        let Some(lead) = lead else {
            return false;
        };
        let Some(after) = continuation_word_at_start(&self.src[lead.range.clone()]) else {
            return false;
        };
        let Some(exercise) = self
            .current()
            .filter(|&e| self.sheet.has_question(e, number))
        else {
            return false;
        };
        let answer_start = lead.range.start + after;
        self.continue_answer(
            exercise,
            number,
            Source::Bare,
            None,
            range.start,
            answer_start,
        );
        self.extend(answer_start..range.end);
        true
    }

    /// A heading that is a continuation label ("### Q4 (continued)"): the blocks under it
    /// go on with that question. Returns whether it was one.
    pub(super) fn continued_heading(
        &mut self,
        text: &str,
        level: u8,
        start: usize,
        end: usize,
    ) -> bool {
        let Some(label) = continued_at_start(text) else {
            return false;
        };
        let Some(exercise) = self.continued_exercise(&label) else {
            return false;
        };
        self.continue_answer(
            exercise,
            label.number,
            Source::Heading,
            Some(level),
            start,
            end,
        );
        true
    }

    /// The exercise a continuation label continues: the one its "7.4" names, else the one
    /// under way; None when that exercise has no such question.
    fn continued_exercise(&self, label: &Continued) -> Option<usize> {
        let exercise = match label.exercise.map(|e| e as usize) {
            Some(e) if (1..=self.sheet.len()).contains(&e) => e - 1,
            Some(_) => return None,
            None => self.current()?,
        };
        self.sheet
            .has_question(exercise, label.number)
            .then_some(exercise)
    }

    /// Opens question `number` of `exercise` again, its answer starting at `answer_start`.
    pub(super) fn continue_answer(
        &mut self,
        exercise: usize,
        number: u32,
        source: Source,
        level: Option<u8>,
        label_start: usize,
        answer_start: usize,
    ) {
        let ask = Ask {
            continued: true,
            level,
            ..Ask::new(
                Target::Exercise(exercise),
                number,
                source,
                label_start,
                answer_start,
            )
        };
        self.question(ask);
    }
}
