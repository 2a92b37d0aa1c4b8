//! One text answering several questions at once ("1–3:", "Q1 & Q2:", "**1–3 (answering
//! these together)**", see `group.rs`), at the start of a paragraph, a list item, a bold
//! line or a heading. When every number is a question of the exercise under way (or of
//! the first exercise, or of the next one when "1–3" restarts the numbering, as single
//! labels do), the text up to the next label is given to each of those questions: the
//! grader grades it once per question, as that question's answer (or as a part of it, when
//! the question is answered elsewhere too), so it earns at each question what it says
//! about that question. The numbering goes on from the last of them ("4." after "1–3:").
//! Otherwise the label is left to the other readings ("1 - 3: …" is then question 1).

use crate::submission::markdown::blocks::Run;
use crate::submission::markdown::group::{Group, group_at_start};
use crate::submission::markdown::heading::Target;
use crate::submission::markdown::label::{Label, Shape};
use crate::submission::markdown::placer::{Ask, Placer, Source};

impl Placer<'_> {
    /// A run opening with a group label: its text, up to any later label, answers every
    /// question the label names. Returns whether it was one.
    pub(super) fn group_run(&mut self, run: &Run, block_end: usize) -> bool {
        let text = &self.src[run.range.clone()];
        let Some(group) = group_at_start(text).filter(|g| self.group_fits(g)) else {
            return false;
        };
        let base = run.range.start;
        let (shape, source) = if group.explicit {
            (Shape::Q, Source::Explicit)
        } else {
            (Shape::Colon, Source::Bare)
        };
        let last = group.numbers[group.numbers.len() - 1];
        let stand_in = Label::stand_in(last, shape, group.start..group.end);
        self.run_opened_by(run, stand_in, block_end, |p| {
            p.ask_group(&group, source, None, base + group.start, base + group.end)
        });
        true
    }

    /// A heading that is a group label ("### Q1–3"): the blocks under it answer every
    /// question it names. Returns whether it was one.
    pub(super) fn group_heading(
        &mut self,
        text: &str,
        level: u8,
        start: usize,
        end: usize,
    ) -> bool {
        let Some(group) = group_at_start(text).filter(|g| self.group_fits(g)) else {
            return false;
        };
        if !text[group.end..].trim().is_empty() {
            return false;
        }
        self.ask_group(&group, Source::Heading, Some(level), start, end);
        true
    }

    fn ask_group(
        &mut self,
        group: &Group,
        source: Source,
        level: Option<u8>,
        label_start: usize,
        answer_start: usize,
    ) {
        let ask = Ask {
            level,
            also: group.numbers[1..].to_vec(),
            ..Ask::new(
                Target::Current,
                group.numbers[0],
                source,
                label_start,
                answer_start,
            )
        };
        self.question(ask);
    }

    /// Whether every number of the group is a question of the exercise it belongs to:
    /// the one under way, or the next one when the group starts at 1, or the first one
    /// when no exercise has started and the group starts at 1. A cue in prose ("For 2 and
    /// 3:") only names questions of the exercise under way not labelled yet: inside an
    /// answer, "For 1 and 2 (client, CDN): …" is about the learner's own items.
    pub(super) fn group_fits(&self, group: &Group) -> bool {
        let all_in = |e: usize| group.numbers.iter().all(|&n| self.sheet.has_question(e, n));
        if group.cue {
            return self.section.as_ref().is_some_and(|s| {
                all_in(s.exercise) && group.numbers.iter().all(|n| !s.labelled.contains(n))
            });
        }
        let from_one = group.numbers[0] == 1;
        match self.current() {
            Some(e) => all_in(e) || (from_one && e + 1 < self.sheet.len() && all_in(e + 1)),
            None => self.unknown.is_none() && from_one && self.sheet.len() > 0 && all_in(0),
        }
    }
}
