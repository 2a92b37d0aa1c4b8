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
    /// 3:") is one only where it goes on from the question being answered (question 1
    /// answered, then "For 2 and 3:"), names questions not labelled yet, and the answer it
    /// would end numbers no items of its own with those numbers or with "For": inside an
    /// answer, "1 the CDN, 2 Redis, 3 in-process" then "For 2 and 3: …", or "For 1: …"
    /// then "For 2 and 3: …", are about the learner's own items.
    pub(super) fn group_fits(&self, group: &Group) -> bool {
        let all_in = |e: usize| group.numbers.iter().all(|&n| self.sheet.has_question(e, n));
        if group.cue {
            let Some(s) = self.section.as_ref() else {
                return false;
            };
            let goes_on = s
                .active
                .as_ref()
                .is_some_and(|a| a.number + 1 == group.numbers[0]);
            return goes_on
                && all_in(s.exercise)
                && group.numbers.iter().all(|n| !s.labelled.contains(n))
                && !numbers_items(self.answer_text(), &group.numbers);
        }
        let from_one = group.numbers[0] == 1;
        match self.current() {
            Some(e) => all_in(e) || (from_one && e + 1 < self.sheet.len() && all_in(e + 1)),
            None => self.unknown.is_none() && from_one && self.sheet.len() > 0 && all_in(0),
        }
    }
}

/// Whether `text` (an answer so far) uses one of `numbers` as a number of its own, or a
/// "For" cue: then a "For 2 and 3:" after it is about the learner's items.
fn numbers_items(text: &str, numbers: &[u32]) -> bool {
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(2)
        .any(|w| w[0] == "for" && w[1].bytes().all(|b| b.is_ascii_digit()))
        || words
            .iter()
            .any(|w| w.parse::<u32>().is_ok_and(|n| numbers.contains(&n)))
}

#[cfg(test)]
mod tests {
    use super::numbers_items;

    #[test]
    fn an_answer_numbering_its_own_items() {
        assert!(numbers_items("1 the CDN, 2 Redis, 3 in-process", &[2, 3]));
        assert!(numbers_items("For 1: the client owns its state.", &[2, 3]));
        assert!(!numbers_items(
            "A CDN, then Redis for the 50k hot products.",
            &[2, 3]
        ));
        assert!(!numbers_items("", &[2, 3]));
    }
}
