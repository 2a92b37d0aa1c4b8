//! Headings: an exercise heading opens its exercise, a question heading its question,
//! and a heading that names nothing is a title, a sub-heading inside an answer, or the
//! start of a section that is not on the sheet.

use std::ops::Range;

use crate::submission::markdown::blocks::Heading;
use crate::submission::markdown::heading::{Class, Form, Target, classify};
use crate::submission::markdown::label::{Place, label_at_start};
use crate::submission::markdown::named::named_label_at;
use crate::submission::markdown::placer::{Ask, Inner, Placer, Sink, Source, Stray};
use crate::submission::markdown::sub_label::heading_sub_label;
use crate::submission::markdown::words::{content_words, cut};

impl Placer<'_> {
    pub(super) fn heading(&mut self, heading: &Heading, range: Range<usize>) {
        let level = heading.level;
        if self.continued_heading(&heading.text, level, range.start, range.end)
            || self.group_heading(&heading.text, level, range.start, range.end)
        {
            return;
        }
        if self.lettered_heading(heading, range.clone()) {
            return;
        }
        let section = match (&self.section, &self.unknown) {
            (Some(s), _) => s.level.map_or(level <= 2, |l| level <= l),
            (None, Some((_, l))) => level <= *l,
            (None, None) => true,
        };
        match classify(
            &heading.text,
            Form::Heading {
                section,
                after: (self.section.as_ref())
                    .and_then(|s| s.active.as_ref())
                    .filter(|a| a.source == Source::Heading && a.level == Some(level))
                    .map(|a| a.number),
            },
            self.current(),
            self.sheet,
        ) {
            Class::Exercise(e) => self.open_exercise(e, Some(level)),
            Class::Question {
                target,
                number,
                restated,
            } => {
                let answer_start = self
                    .after_question_heading(heading, target, number, restated)
                    .unwrap_or(range.end);
                let ask = Ask {
                    level: Some(level),
                    restated,
                    ..Ask::new(target, number, Source::Heading, range.start, answer_start)
                };
                self.heading_question(ask, heading, range);
            }
            // A paragraph followed by a `---` line is a setext heading by accident more
            // often than by intent: unless it names something, it is text. So is a heading
            // in a block quote that names nothing ("> ## Note to the marker"): the section
            // the text after the quote belongs to is not the quote's to change.
            Class::Nothing
                if (heading.setext && level == 2) || (self.in_quote && self.section.is_some()) =>
            {
                self.extend(range)
            }
            // "Answers", "My submission": no words that could name anything.
            Class::Nothing if content_words(&heading.text).is_empty() => {}
            Class::Nothing => {
                self.unmatched_heading(level, &heading.text, range.clone());
                self.note_subject(range, heading.inline.clone());
            }
        }
    }

    /// "### Q1a", "### 2.ii: stateless vs sticky": a heading that numbers a question inside
    /// its exercise, read as the same label at the start of a paragraph would be
    /// ([`Placer::accepts_sub_label`]). The answer starts after the heading, or after the
    /// label when the heading's text is neither empty nor the prompt restated.
    fn lettered_heading(&mut self, heading: &Heading, range: Range<usize>) -> bool {
        // In an exercise whose questions are numbered plainly ("### 2."), "### 3a)
        // cache-aside" is a part of a question, not the next exercise's first question:
        // read as any heading (`classify`).
        let plain = self.section.as_ref().is_some_and(|s| match &s.active {
            Some(a) => !a.qualified,
            None => !s.labelled.is_empty(),
        });
        let text = &self.src[heading.inline.clone()];
        let Some(sub) = heading_sub_label(text) else {
            return false;
        };
        // In a file that does not letter its questions, "### 1a" is the first part of
        // question 1 (see `Placer::first_part`), and "### 1b" under it goes on with it.
        let label = if !plain && self.accepts_sub_label(&sub) {
            sub
        } else if let Some(part) = self.first_part(&sub) {
            part
        } else if self.later_part(&sub) {
            self.extend(range);
            return true;
        } else {
            return false;
        };
        let target = self.target_of(&label);
        let rest = text[label.end..].trim();
        let answer_start = if self.restates(rest, target, label.number) {
            range.end
        } else {
            heading.inline.start + label.end
        };
        let ask = Ask {
            level: Some(heading.level),
            qualified: label.exercise.is_some(),
            ..Ask::new(
                target,
                label.number,
                Source::Heading,
                range.start,
                answer_start,
            )
        };
        self.heading_question(ask, heading, range);
        true
    }

    /// Opens the question a heading names, its answer starting at `ask.answer_start`
    /// (inside the heading, or after it). With nothing after the label, the answer's first
    /// line may copy the prompt, as after "Q1:" alone on its line.
    fn heading_question(&mut self, ask: Ask, heading: &Heading, range: Range<usize>) {
        let answer_start = ask.answer_start;
        if self.question(ask) && answer_start == range.end {
            self.skip_prompt_copy(range.end, self.src.len());
        }
        self.extend(answer_start..heading.inline.end);
    }

    /// "## Q1: 36 instances" or "Q1: 36 instances" above a `---` line: the heading holds
    /// the answer. Where the answer starts inside the heading, when its text after the
    /// label is neither empty nor the prompt restated. A heading that restates the prompt
    /// holds the answer when it names a number the prompt does not give ("## Instances at
    /// peak = 36"): the whole heading is the answer's first line.
    fn after_question_heading(
        &self,
        heading: &Heading,
        target: Target,
        number: u32,
        restated: bool,
    ) -> Option<usize> {
        let text = &self.src[heading.inline.clone()];
        if restated {
            return self
                .adds_a_number(text, target, number)
                .then_some(heading.inline.start);
        }
        let end = match label_at_start(text, Place::Cell).filter(|l| l.number == number) {
            Some(label) => label.end,
            None => {
                named_label_at(text, self.sheet)
                    .filter(|l| l.number == number)?
                    .end
            }
        };
        let rest = text[end..].trim();
        let restates = rest.is_empty() || self.restates(rest, Target::Current, number);
        (!restates).then_some(heading.inline.start + end)
    }

    /// A heading that names nothing: a document title before any exercise (ignored), a
    /// sub-heading inside an answer (kept in it), or an exercise-level heading of a section
    /// that is not on the sheet (what follows is unplaced). Headings at the exercise
    /// heading's level right under it, each with question 1 answered again right under it,
    /// are its sub-headings.
    pub(super) fn unmatched_heading(&mut self, level: u8, text: &str, range: Range<usize>) {
        let text = cut(text.trim(), 80).to_string();
        // A heading at the exercise heading's own level right under it, with nothing
        // between ("### 4. Audit" then "### Hop 1: Client"), and the headings at that level
        // after it, are the exercise's sub-headings (see `subjects.rs`), when question 1 is
        // answered again right under each ("1. …", "A1: …"). Any other heading at that level
        // ("## Reflection", "## Notes" then a paragraph) starts a section of its own.
        // (Kept only when they turn out to be subjects: see `Placer::finish_section`.)
        let opens_one = (self.outline.then_one).binary_search(&range.start).is_ok();
        let nothing_yet = matches!(self.sink, Sink::Nothing)
            && self.out.unplaced.len() == self.section_unplaced
            && self.out.answers.len() == self.section_answers;
        let inner = self.section.as_ref().is_some_and(|s| {
            opens_one
                && match &s.inner {
                    Some(inner) => inner.level == level,
                    None => {
                        s.level == Some(level)
                            && s.labelled.is_empty()
                            && s.active.is_none()
                            && nothing_yet
                    }
                }
        });
        if inner
            && let Some(s) = &mut self.section
            && s.inner.is_none()
        {
            s.inner = Some(Inner {
                level,
                start: range.start,
                text: text.clone(),
                named_before: self.out.named_question,
            });
        }
        let (section_level, sibling) = match &self.section {
            Some(s) => (
                !inner && s.level.map_or(level <= 2, |l| level <= l),
                s.active
                    .as_ref()
                    .is_some_and(|a| a.level.is_some_and(|l| level <= l)),
            ),
            None => (false, false),
        };
        if self.section.is_some() {
            if section_level {
                self.close();
                self.finish_section();
                self.section = None;
                self.unknown = Some((text, level));
                return;
            }
            if sibling {
                self.close();
                if let Some(s) = &mut self.section {
                    s.active = None;
                }
            }
            self.extend(range);
        } else if let Some((_, unknown_level)) = &self.unknown {
            if level <= *unknown_level {
                self.close();
                self.unknown = Some((text, level));
            } else {
                self.extend(range);
            }
        } else {
            self.close();
        }
    }

    /// Headings at the exercise heading's own level read as its sub-headings (see
    /// `unmatched_heading`) that are no subjects after all ("## Audit", "## App: Spotify",
    /// "1. …"): what stands under them, among the answers placed since `from`, is set aside,
    /// as under any heading at that level that names no exercise.
    pub(super) fn set_aside_inner(&mut self, inner: Inner, from: usize) {
        let start = inner.start;
        self.out.named_question = inner.named_before;
        let exercise = self.current();
        let (kept, under): (Vec<_>, Vec<_>) =
            (self.out.answers.drain(from.min(self.out.answers.len())..))
                .partition(|p| Some(p.exercise) != exercise || p.range.start < start);
        self.out.answers.extend(kept);
        let reason = super::unknown_heading(&inner.text);
        let mut ranges: Vec<_> = under.into_iter().map(|p| p.range).collect();
        // A text given to several questions (a group label) is set aside once.
        ranges.dedup();
        self.out
            .unplaced
            .extend(ranges.into_iter().map(|range| Stray {
                range,
                reason: reason.clone(),
            }));
    }
}
