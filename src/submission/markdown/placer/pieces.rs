//! Paragraphs, list items, block quotes and tables: where labels, restated prompts and
//! heading-like lines start answers, and where text just continues the current one.

use std::ops::Range;

use crate::submission::markdown::blocks::{Item, Quote, Run};
use crate::submission::markdown::heading::{Class, Form, Target, classify};
use crate::submission::markdown::label::{
    Label, Place, Shape, further_labels, inline_sequence, label_at_start, letter_label_at,
};
use crate::submission::markdown::line_index::line_end;
use crate::submission::markdown::placer::{Ask, Placer, Sink, Source};
use crate::submission::markdown::sheet_index::Strictness;
use crate::submission::markdown::sub_label::{
    dotted_in_sequence, ends_in_working, first_part, lettered_exercises, sub_label_at_start,
};
use crate::submission::markdown::words::{content_words, cut, spaced_dash};

/// What an all-emphasis line turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Line {
    Exercise,
    Question,
    Text,
}

impl Placer<'_> {
    pub(super) fn paragraph(&mut self, run: &Run, range: Range<usize>) {
        if self.continued_run(run, range.end) || self.group_run(run, range.end) {
            return;
        }
        let text = &self.src[run.range.clone()];
        if self.emphasis_line(run, range.start, range.end) != Line::Text {
            return;
        }
        if self.named_run(run, range.end, true) {
            return;
        }
        if let Some(label) = self.block_label(text) {
            self.labelled_run(run, label, range.end);
            return;
        }
        if let Some(label) = letter_label_at(text).filter(|l| self.accepts_letter(l.number)) {
            self.labelled_run(run, label, range.end);
            return;
        }
        if self.marker_lead(run, range.end) || self.marked_run(run, run.range.start..range.end) {
            return;
        }
        if self.name_line_then_labels(run, range.end) {
            return;
        }
        if let Some((line, titled)) = heading_text(run) {
            // The titled form ("Audit — app: X.") ends like a sentence: inside an exercise
            // it opens only the next one, after its last question ("Cache design — system:
            // our shop." in the evidence, "Session management — my app: a cookie." in the
            // audit's first answer, are lines of those answers).
            if let Class::Exercise(e) = classify(line, Form::Plain, self.current(), self.sheet)
                && (!titled || self.titled_may_open(e))
            {
                self.open_exercise(e, None);
                return;
            }
        }
        if self.lead_in(run) {
            return;
        }
        if self.restated_lead(run, range.clone()) || self.restated_line(run, range.clone()) {
            return;
        }
        let mut later = further_labels(text, None);
        let unanswered = self.section.as_ref().is_some_and(|s| s.active.is_none());
        if later.is_empty() && unanswered {
            // "I picked Spotify. (1) … (2) …": the answers after an intro sentence.
            later = inline_sequence(text);
        }
        if later.is_empty()
            && let Some(first) = self.continuing_line(text)
        {
            later = further_labels(text, Some(&first));
            later.insert(0, first);
        }
        let named = self.first_named(run);
        if named.is_some_and(|n| later.first().is_none_or(|l| n < l.start))
            && self.named_run(run, range.end, false)
        {
            return;
        }
        match later.first() {
            None => self.extend(range),
            Some(first) => {
                self.extend(range.start..run.range.start + first.start);
                self.labelled_segments(run, &later, range.end);
            }
        }
    }

    /// "Cache Design" on one line and "(1) …", "(2) …" on the next lines, with no blank line
    /// between them: a paragraph whose first line is a short plain line naming an exercise
    /// (as a plain line alone would, see `Form::Plain`) and whose second line starts with a
    /// question label. The first line opens the exercise, the labels answer its questions.
    /// Under an exercise, a first line that names nothing is left to the other readings (it
    /// may be an answer's own sentence followed by its steps).
    fn name_line_then_labels(&mut self, run: &Run, block_end: usize) -> bool {
        if run.single_line || run.emphasis.is_some() {
            return false;
        }
        let text = &self.src[run.range.clone()];
        let Some(nl) = text.find('\n') else {
            return false;
        };
        let first_line = text[..nl].trim();
        if !is_plain_text(first_line) {
            return false;
        }
        let second = nl + 1;
        let Some(first) = text
            .get(second..)
            .and_then(|rest| label_at_start(rest, Place::Block))
        else {
            return false;
        };
        if first.shape == Shape::Letter {
            return false;
        }
        let first = first.shifted(second);
        let later = further_labels(text, Some(&first));
        let mut labels = vec![first];
        labels.extend(later);
        match classify(first_line, Form::Plain, self.current(), self.sheet) {
            Class::Exercise(e) => {
                self.open_exercise(e, None);
                self.labelled_segments(run, &labels, block_end);
                true
            }
            // Before any exercise ("Retrival Prompts", misspelt): read as if a blank line
            // followed the first line, so numbering implies the exercise.
            _ if self.section.is_none() => {
                self.extend(run.range.start..run.range.start + nl);
                self.labelled_segments(run, &labels, block_end);
                true
            }
            _ => false,
        }
    }

    /// A run that is all bold or italic, used as a heading: it opens the exercise it names,
    /// or the question whose prompt it restates (the answer starting at `answer_start`).
    /// A numbered one ("**1.**", "**Q1. How many…?**") is left to the label reading.
    /// "**Stateful audit** (app: our banking portal)": an emphasised exercise name followed
    /// only by a parenthesised remark is a heading line too.
    pub(super) fn emphasis_line(&mut self, run: &Run, start: usize, answer_start: usize) -> Line {
        let Some(e) = run.emphasis.as_ref() else {
            return Line::Text;
        };
        if !e.whole {
            let remark = run.single_line && is_remark(&self.src[e.end..run.range.end]);
            if remark
                && let Class::Exercise(ex) =
                    classify(&e.text, Form::Emphasis, self.current(), self.sheet)
            {
                self.open_exercise(ex, None);
                return Line::Exercise;
            }
            return Line::Text;
        }
        match classify(&e.text, Form::Emphasis, self.current(), self.sheet) {
            Class::Exercise(ex) => {
                self.open_exercise(ex, None);
                Line::Exercise
            }
            Class::Question {
                target,
                number,
                restated: true,
            } => {
                // A bold sentence is more likely the learner's words than a label: it
                // starts the answer rather than being dropped like a heading; so does a
                // restatement that names a number the prompt does not give.
                let label = names_like_a_label(&e.text) || self.restates(&e.text, target, number);
                let answer_start = if label && !self.adds_a_number(&e.text, target, number) {
                    answer_start
                } else {
                    start
                };
                let ask = Ask {
                    restated: true,
                    ..Ask::new(target, number, Source::Heading, start, answer_start)
                };
                self.question(ask);
                self.extend(answer_start..run.range.end);
                Line::Question
            }
            Class::Question { .. } | Class::Nothing => Line::Text,
        }
    }

    /// "The five statements from the mistake check, what's wrong with each:": a one-line
    /// sentence ending in a colon that has all the words of another exercise's title or
    /// alias (of two words or more) opens that exercise, once the current exercise's last
    /// question is answered (or before any exercise). The answers after it are its own.
    fn lead_in(&mut self, run: &Run) -> bool {
        if !run.single_line || !run.text.trim_end().ends_with(':') {
            return false;
        }
        let done = self.section.as_ref().is_none_or(|s| {
            self.sheet
                .last_question(s.exercise)
                .is_some_and(|last| s.labelled.contains(&last))
        });
        let named = self.sheet.name_within(&content_words(&run.text));
        match named {
            Some(e) if done && Some(e) != self.current() => {
                self.open_exercise(e, None);
                true
            }
            _ => false,
        }
    }

    /// A run that starts with `first`: one answer per label, split at further labels.
    /// A run that opens with something read like a label but placed its own way (a
    /// continuation, a group of questions, a marker): `stand_in` is the label it counts as
    /// for the labels after it, `open` opens the answer(s) it names, the text up to the
    /// next label goes on with them, and the labels after it are read as usual.
    pub(super) fn run_opened_by(
        &mut self,
        run: &Run,
        stand_in: Label,
        block_end: usize,
        open: impl FnOnce(&mut Self),
    ) {
        let base = run.range.start;
        let later = further_labels(&self.src[run.range.clone()], Some(&stand_in));
        let end = later.first().map_or(block_end, |l| base + l.start);
        open(self);
        self.extend(base + stand_in.end..end);
        if !later.is_empty() {
            self.labelled_segments(run, &later, block_end);
        }
    }

    pub(super) fn labelled_run(&mut self, run: &Run, first: Label, block_end: usize) {
        let text = &self.src[run.range.clone()];
        let mut labels = vec![first];
        let later = further_labels(text, labels.first());
        labels.extend(later);
        self.labelled_segments(run, &labels, block_end);
    }

    pub(super) fn labelled_segments(&mut self, run: &Run, labels: &[Label], block_end: usize) {
        let base = run.range.start;
        for (k, label) in labels.iter().enumerate() {
            let end = labels
                .get(k + 1)
                .map_or(block_end, |next| base + next.start);
            let label_start = base + label.start;
            let letter = label.shape == Shape::Letter;
            let refused = if letter {
                !self.accepts_letter(label.number)
            } else if label.is_explicit() {
                false
            } else if starts_line(&self.src[base..], label.start) {
                self.refuses_bare(label.number, label_start, label.shape)
            } else {
                self.strong_active()
            };
            if refused {
                self.extend(label_start..end);
                continue;
            }
            let source = if letter {
                Source::Letter
            } else if label.is_explicit() {
                Source::Explicit
            } else {
                Source::Bare
            };
            let mut answer_start = base + label.end;
            let target = self.target_of(label);
            let ask = Ask {
                shape: (source == Source::Bare).then_some(label.shape),
                qualified: label.exercise.is_some(),
                ..Ask::new(target, label.number, source, label_start, answer_start)
            };
            if self.question(ask) {
                if let Some(tail) = &label.emphasis_tail {
                    let rest = &self.src[base + tail.rest.start..base + tail.rest.end];
                    if self.restates(rest, target, label.number) {
                        answer_start = base + tail.after;
                        self.move_answer_start(answer_start);
                    }
                }
                self.skip_prompt_copy(answer_start, end);
            }
            self.extend(answer_start..end);
        }
    }

    /// Letters name the questions of an exercise ("a) …" for question 1) only as a whole
    /// sequence: "a" when nothing has been labelled since the exercise started, then each
    /// next letter while the question open was named by the letter before it. Anywhere
    /// else a letter is an option inside an answer ("(a) pure stateless JWT, (b) …" under
    /// question 2) and stays in it.
    pub(super) fn accepts_letter(&self, number: u32) -> bool {
        let Some(s) = &self.section else {
            return false;
        };
        if !self.sheet.has_question(s.exercise, number) {
            return false;
        }
        match &s.active {
            None => number == 1 && s.labelled.is_empty(),
            Some(a) => a.source == Source::Letter && number == a.number + 1,
        }
    }

    /// "**How many instances at peak?** 34", "**scale up vs scale out:** …" and
    /// "scale up vs scale out: …": a restated prompt leading a paragraph or item.
    ///
    /// Under the question it restates, just named with nothing in its answer yet, a plain
    /// lead is the answer's first words, as on the label's line ("#### Q2", then "(c) sticky
    /// with failover — pro: easy": the design it names stays in the answer), unless the
    /// line is a copy of the prompt.
    pub(super) fn restated_lead(&mut self, run: &Run, block: Range<usize>) -> bool {
        let Some((target, number, answer_start)) = self.lead_restatement(run, false) else {
            return false;
        };
        // "### 3." then "External store:" (question 2's option, picked for question 3): a
        // short lead (three words at most, an option's name, not the prompt restated) that
        // restates an earlier question already answered, first in an answer just opened,
        // leads that answer.
        let active = (self.section.as_ref()).and_then(|s| s.active.as_ref().map(|a| a.number));
        let lead = &self.src[run.range.start..answer_start];
        if active.is_some_and(|a| {
            number < a
                && content_words(lead).len() <= 3
                && self.exercise_of(target) == self.current()
                && self
                    .section
                    .as_ref()
                    .is_some_and(|s| s.labelled.contains(&number))
                && self.opened_and_empty(Target::Current, a)
        }) {
            return false;
        }
        if run.emphasis.is_none()
            && self.opened_and_empty(target, number)
            && !self.copies_prompt(&self.src[run.range.start..answer_start], target, number)
        {
            self.skip_prompt_copy(run.range.start, block.end);
            self.extend(block);
            return true;
        }
        let ask = Ask {
            restated: true,
            ..Ask::new(target, number, Source::Bare, run.range.start, answer_start)
        };
        self.question(ask);
        self.extend(answer_start..block.end);
        true
    }

    /// "scale up vs scale out" alone on the first line of a paragraph, its answer on the
    /// lines after it ("Answer: Up = bigger box …") or in the paragraphs after it: a plain
    /// line names a question only when it restates most of the prompt of a question of the
    /// current exercise that is not answered yet (`Strictness::Line`), and the line after it
    /// does not go on with its sentence in lower case. Learners copy the Compare items,
    /// which the sheet does not number, so.
    fn restated_line(&mut self, run: &Run, block: Range<usize>) -> bool {
        if run.emphasis.is_some() {
            return false;
        }
        let text = &self.src[run.range.clone()];
        let first_end = line_end(text).unwrap_or(text.len());
        let first = &text[..first_end];
        // The answer starts on the next line or in the next block, not with a sentence the
        // line begins ("Sticky sessions" then "would be needed …").
        let next = text[first_end..].trim_start();
        if !is_plain_text(first.trim_end().trim_end_matches('?'))
            || next.starts_with(char::is_lowercase)
            || (next.is_empty() && block.end >= self.src.len())
        {
            return false;
        }
        // Any question not answered yet: learners answer the items in their own order.
        let Some(section) = self.section.as_ref() else {
            return false;
        };
        let words = content_words(first);
        let Some((e, number)) =
            (self.sheet).restated_question(Some(section.exercise), &words, Strictness::Line)
        else {
            return false;
        };
        // One before the open one needs its answer on the next lines ("stateless vs sticky"
        // then "Answer: …"): a lone line there is more likely the open answer's own words.
        let before_open = (section.active.as_ref()).is_some_and(|a| number < a.number);
        if section.labelled.contains(&number) || (before_open && first_end == text.len()) {
            return false;
        }
        let target = Target::Exercise(e);
        let start = run.range.start;
        let answer_start = start + first_end;
        let ask = Ask {
            restated: true,
            ..Ask::new(target, number, Source::Bare, start, answer_start)
        };
        self.question(ask);
        self.extend(answer_start..block.end);
        true
    }

    /// The question a run's lead restates (a bold lead, or text before a colon or dash),
    /// and where the answer after it starts. `current_only`: only questions of the
    /// current exercise.
    pub(super) fn lead_restatement(
        &self,
        run: &Run,
        current_only: bool,
    ) -> Option<(Target, u32, usize)> {
        let restatement = |text: &str, strictness| {
            if current_only {
                let words = content_words(text);
                self.current()
                    .and_then(|c| self.sheet.restated_question(Some(c), &words, strictness))
                    .map(|(e, n)| (Target::Exercise(e), n))
            } else {
                self.restatement(text, strictness)
            }
        };
        let text = &self.src[run.range.clone()];
        if let Some(e) = run.emphasis.as_ref().filter(|e| !e.whole) {
            let after = &self.src[e.end..run.range.end];
            let after_trim = after.trim_start_matches([' ', '\t']);
            let label_like = e.text.trim_end().ends_with(['?', ':'])
                || after_trim.starts_with([':', '-', '–', '—', '\n', '\r']);
            let restated = if label_like {
                restatement(&e.text, Strictness::Heading)
            } else {
                self.unmarked_lead(&e.text, Strictness::Heading)
            };
            if let Some((target, number)) = restated {
                let skip = after.len()
                    - after
                        .trim_start_matches([' ', '\t', ':', '-', '–', '—'])
                        .len();
                return Some((target, number, e.end + skip));
            }
        }
        let (prefix, after) = prefix_before_delimiter(text)?;
        restatement(prefix, Strictness::Prefix)
            .map(|(target, number)| (target, number, run.range.start + after))
    }

    /// "**scale up vs scale out** Up is easier…": a bold lead run into its text, with no
    /// colon or dash, names a question only when it restates the prompt of a question of
    /// the current exercise that is not answered yet and comes after the open one; else it
    /// is an emphasised term of the answer ("**Cache-aside** keeps this simple").
    fn unmarked_lead(&self, text: &str, strictness: Strictness) -> Option<(Target, u32)> {
        let section = self.section.as_ref()?;
        let words = content_words(text);
        let (e, n) = self
            .sheet
            .restated_question(Some(section.exercise), &words, strictness)?;
        let after_open = section.active.as_ref().is_none_or(|a| n > a.number);
        (after_open && !section.labelled.contains(&n)).then_some((Target::Exercise(e), n))
    }

    pub(super) fn item(&mut self, item: &Item, range: Range<usize>) {
        let lead = item.lead.as_ref();
        if let Some(number) = item.number {
            let line =
                lead.filter(|l| is_plain_line(l) || l.emphasis.as_ref().is_some_and(|e| e.whole));
            if let Some(lead) = line {
                let text = lead
                    .emphasis
                    .as_ref()
                    .filter(|e| e.whole)
                    .map_or(lead.text.as_str(), |e| e.text.as_str());
                if let Class::Exercise(e) =
                    classify(text, Form::Item(number.number), self.current(), self.sheet)
                {
                    self.open_exercise(e, None);
                    self.children(item);
                    return;
                }
            }
            let Ok(mut n) = u32::try_from(number.number) else {
                return self.extend(range);
            };
            if self.continued_item(lead, n, range.clone()) {
                return;
            }
            // "1) 36 2) 12 3) 12 to 40" is one item with labels inside.
            let shape = if number.paren {
                Shape::Close
            } else {
                Shape::Dot
            };
            if n > 99 || self.refuses_bare(n, range.start, shape) {
                return self.extend(range);
            }
            if let Some(chained) = self.chained_one(number.lone_one) {
                n = chained;
            }
            let marker = Label {
                exercise: None,
                number: n,
                shape,
                delimited: true,
                start: 0,
                end: 0,
                emphasis_tail: None,
            };
            let later = lead
                .map(|l| further_labels(&self.src[l.range.clone()], Some(&marker)))
                .unwrap_or_default();
            let first_end = match (lead, later.first()) {
                (Some(l), Some(next)) => l.range.start + next.start,
                _ => range.end,
            };
            let ask = Ask {
                lone_one: number.lone_one,
                shape: Some(shape),
                ..Ask::new(Target::Current, n, Source::Bare, range.start, item.body)
            };
            if self.question(ask) {
                self.skip_prompt_copy(item.body, first_end);
            }
            self.extend(item.body..first_end);
            if let Some(lead) = lead.filter(|_| !later.is_empty()) {
                self.labelled_segments(lead, &later, range.end);
            }
            return;
        }
        let Some(lead) = lead else {
            // "- 6. …" nests an ordered list in the bullet: read its items.
            return if item.children.is_empty() {
                self.extend(range)
            } else {
                self.children(item)
            };
        };
        if self.continued_run(lead, range.end) || self.group_run(lead, range.end) {
            return;
        }
        match self.emphasis_line(lead, lead.range.start, lead.range.end) {
            Line::Exercise => return self.children(item),
            Line::Question => return self.extend(lead.range.end..range.end),
            Line::Text => {}
        }
        if self.named_run(lead, range.end, true) {
            return;
        }
        let text = &self.src[lead.range.clone()];
        if let Some(label) = self.block_label(text) {
            return self.labelled_run(lead, label, range.end);
        }
        if let Some(label) = letter_label_at(text).filter(|l| self.accepts_letter(l.number)) {
            return self.labelled_run(lead, label, range.end);
        }
        if self.marker_lead(lead, range.end) || self.marked_run(lead, lead.range.start..range.end) {
            return;
        }
        if !item.children.is_empty() && is_plain_line(lead) {
            if let Class::Exercise(ex) =
                classify(&lead.text, Form::Plain, self.current(), self.sheet)
            {
                self.open_exercise(ex, None);
                return self.children(item);
            }
        }
        // "- Sticky: pro easy" then "Q3: JWT:" on the next line, not indented: Markdown
        // reads the line as the item's (a lazy continuation), but the learner wrote it
        // outside the list, and its label names the next question. So does "4.2" after
        // "4.1" and its list, and "3)" after "2)" and its list.
        let unindented = |l: &Label| {
            let at = lead.range.start + l.start;
            at > 0 && self.src.as_bytes()[at - 1] == b'\n'
        };
        let mut outside: Vec<Label> = further_labels(text, None)
            .into_iter()
            .filter(unindented)
            .collect();
        if outside.is_empty()
            && let Some(first) = self.continuing_line(text).filter(unindented)
        {
            let later = further_labels(text, Some(&first));
            outside.push(first);
            outside.extend(later);
        }
        let lead_end = outside
            .first()
            .map_or(range.end, |l| lead.range.start + l.start);
        if !self.restated_lead(lead, range.start..lead_end) {
            self.extend(range.start..lead_end);
        }
        if !outside.is_empty() {
            self.labelled_segments(lead, &outside, range.end);
        }
    }

    /// The blocks of an item that named an exercise ("1. Retrieval Prompts" with the
    /// answers in a nested list), read like top-level blocks.
    pub(super) fn children(&mut self, item: &Item) {
        self.walk(&item.children);
    }

    pub(super) fn quote(&mut self, quote: &Quote, range: Range<usize>) {
        if !quote.blocks.is_empty() {
            // Read as if the `>` were not there (but see `Placer::heading`).
            self.out.own_quotes.push(range);
            self.in_quote = true;
            self.walk(&quote.blocks);
            self.in_quote = false;
            return;
        }
        if let Some(run) = &quote.paragraph {
            let text = &self.src[run.range.clone()];
            if let Some(label) = self.block_label(text) {
                self.out.own_quotes.push(range.clone());
                return self.labelled_run(run, label, range.end);
            }
            if let Some((target, number)) = self.restatement(&run.text, Strictness::Heading) {
                let answer_start =
                    if names_like_a_label(&run.text) || self.restates(&run.text, target, number) {
                        range.end
                    } else {
                        range.start
                    };
                let ask = Ask {
                    restated: true,
                    ..Ask::new(target, number, Source::Heading, range.start, answer_start)
                };
                self.question(ask);
                return self.extend(answer_start..range.end);
            }
        }
        // A quote right after the part of an answer written in a quote (nothing between but
        // blank lines) goes on with it, in the learner's own words too ("> 1. …", a blank
        // line, "> … more").
        let own = &self.out.own_quotes;
        if let Sink::Answer { start, .. } = &self.sink
            && let Some(last) = own.last()
            && (self.src.get(last.end..range.start)).is_some_and(|gap| gap.trim().is_empty())
            && crate::submission::markdown::inside_one(own, *start)
        {
            self.out.own_quotes.push(range.clone());
        }
        self.extend(range);
    }

    /// The label at the start of a block's `text`, if any. A dotted label without a
    /// delimiter ("1.1 Vertical …", "4.1" alone) counts only when it names the exercise under
    /// way or the next one: elsewhere "2.5 concurrent requests" or a "7.5" alone is a number
    /// of the answer.
    ///
    /// Failing those, a label numbering the question inside its exercise ("Q1a:", "2.ii")
    /// counts when it names a question of the exercise under way or the next one, unless it
    /// is a part of the question under way ("Q2:" then "Q2a:", "Q2b:"; inside another
    /// exercise, "Q2a" is a part of its answer too), and "5.3 On …" when it goes on from
    /// "5.2" in exercise 5.
    pub(super) fn block_label(&self, text: &str) -> Option<Label> {
        let Some(label) = label_at_start(text, Place::Block) else {
            if let Some(label) = sub_label_at_start(text) {
                if self.accepts_sub_label(&label) {
                    return Some(label);
                }
                return self.first_part(&label);
            }
            return dotted_in_sequence(text)
                .filter(|l| self.goes_on_from_dotted(l) && !self.after_working(text));
        };
        if label.shape == Shape::Q || label.delimited || label.exercise.is_none() {
            return Some(label);
        }
        // A bare dotted number: "**8.3** instances" in bold is a label only in a sequence.
        let emphasised = text[label.start..].starts_with(['*', '_']);
        let sequence = !emphasised || self.goes_on_from_dotted(&label);
        (self.fits(&label) && sequence && !self.after_working(text)).then_some(label)
    }

    /// Whether the source before `text` ends with an unfinished step of working (see
    /// `sub_label::ends_in_working`). False for a text that is not a slice of the source
    /// (its bytes lie outside the source's: distinct allocations never overlap).
    fn after_working(&self, text: &str) -> bool {
        let offset = (text.as_ptr() as usize).checked_sub(self.src.as_ptr() as usize);
        offset
            .filter(|&o| o + text.len() <= self.src.len())
            .and_then(|o| self.src.get(..o))
            .is_some_and(ends_in_working)
    }

    /// Whether a label numbering the question inside its exercise ("Q1a", "2.ii") names a
    /// question: one of the exercise under way or the next, in a file that numbers that
    /// exercise's questions so (see `sub_label::lettered_exercises`), and not a part of the
    /// question under way (see [`Self::block_label`]).
    pub(super) fn accepts_sub_label(&self, label: &Label) -> bool {
        let named = label.exercise.and_then(|e| (e as usize).checked_sub(1));
        let exists = named.is_some_and(|e| self.sheet.has_question(e, label.number));
        let part = label.exercise.is_some_and(|e| self.under_way(e, true));
        let lettered = label.exercise.is_some_and(|e| self.letters(e));
        lettered && self.fits(label) && exists && !part
    }

    /// "1a) …" where the file does not number questions with letters (see
    /// `sub_label::lettered_exercises`): the learner answers question 1 of the exercise under
    /// way in parts, and this is its first part, so a label of question 1 ("Q1a:" an explicit
    /// one). The later parts ("1b)") are no labels: they go on with the answer under way, as
    /// does a first part of the question under way ("1)" then "1a)").
    pub(super) fn first_part(&self, label: &Label) -> Option<Label> {
        let part = first_part(label)?;
        let current = self.current()?;
        let fresh = !self.under_way(part.number, false) && !self.letters(part.number);
        (fresh && self.sheet.has_question(current, part.number)).then_some(part)
    }

    /// "1b)" while question 1, named without its exercise's number, is under way in a file
    /// that does not letter its questions: a later part of its answer (see
    /// [`Self::first_part`]).
    pub(super) fn later_part(&self, label: &Label) -> bool {
        label
            .exercise
            .is_some_and(|q| self.under_way(q, true) && !self.letters(q))
    }

    /// Whether question `number` of the exercise is under way; `plain`: named without its
    /// exercise's number ("2)", not "Q1b").
    pub(super) fn under_way(&self, number: u32, plain: bool) -> bool {
        (self.section.as_ref())
            .and_then(|s| s.active.as_ref())
            .is_some_and(|a| a.number == number && !(plain && a.qualified))
    }

    /// Whether the file numbers the questions of exercise `exercise` (counting from 1) with
    /// letters (see `sub_label::lettered_exercises`).
    fn letters(&self, exercise: u32) -> bool {
        self.lettered
            .get_or_init(|| lettered_exercises(self.src))
            .contains(&exercise)
    }

    /// Whether the exercise a label names is the one under way or the next (the first when
    /// none is).
    fn fits(&self, label: &Label) -> bool {
        let Some(named) = label.exercise.and_then(|e| (e as usize).checked_sub(1)) else {
            return false;
        };
        match self.current() {
            Some(cur) => named == cur || named == cur + 1,
            None => named == 0,
        }
    }

    /// The first line of `text` after its first that starts with a label going on from the
    /// question under way the way it was named: a dotted label ("4.2" after "4.1", see
    /// [`Self::goes_on_from_dotted`]), or the next number or letter in the shape of the
    /// bare label that named it ("2)", then the prompt's options "a) …", "b) …", "c) …" on
    /// the lines of a paragraph, then "3) pick b"; "a)", "b)", then "c) Redis store:").
    /// "N)" and "N." count as one shape: learners mix them ("2)" then "3. pick b").
    fn continuing_line(&self, text: &str) -> Option<Label> {
        fn alike(named: Option<Shape>, shape: Shape) -> bool {
            let number = |s| matches!(s, Shape::Close | Shape::Dot);
            named.is_some_and(|n| n == shape || number(n) && number(shape))
        }
        let active = (self.section.as_ref())
            .and_then(|s| s.active.as_ref())
            .filter(|a| a.source == Source::Bare);
        let next = |l: &Label| {
            active.is_some_and(|a| alike(a.shape, l.shape) && a.number + 1 == l.number)
                && l.exercise.is_none()
                && self
                    .current()
                    .is_some_and(|c| self.sheet.has_question(c, l.number))
        };
        let mut at = 0;
        while let Some(k) = line_end(&text[at..]) {
            at += k + 1;
            let line = &text[at..];
            if !line.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '(') {
                continue;
            }
            let bare = label_at_start(line, Place::Block);
            let dotted = (bare.clone())
                .filter(|l| l.exercise.is_some() && !l.is_explicit())
                .or_else(|| dotted_in_sequence(line))
                .filter(|l| self.goes_on_from_dotted(l) && !ends_in_working(&text[..at]));
            let label = dotted
                .or_else(|| bare.filter(next))
                .or_else(|| letter_label_at(line).filter(next));
            if let Some(label) = label {
                return Some(label.shifted(at));
            }
        }
        None
    }

    /// Whether a dotted label goes on with the exercise under way, numbered so: it names
    /// that exercise, and the question after the one under way, which was named with its
    /// exercise ("5.2" before "5.3"), or its first question when none has been named yet
    /// ("7.1 5,000 / 140" first under "7. Horizontal Capacity Plan").
    fn goes_on_from_dotted(&self, label: &Label) -> bool {
        let Some(section) = &self.section else {
            return false;
        };
        let goes_on = match section.active.as_ref() {
            Some(a) => a.qualified && a.number + 1 == label.number,
            None => label.number == 1 && section.labelled.is_empty(),
        };
        label
            .exercise
            .is_some_and(|e| e as usize == section.exercise + 1)
            && goes_on
            && self.sheet.has_question(section.exercise, label.number)
    }

    /// The exercise a label names ("5.3)" is question 3 of the fifth exercise), if any.
    pub(super) fn target_of(&self, label: &Label) -> Target {
        match label.exercise.map(|e| e as usize) {
            Some(e) if (1..=self.sheet.len()).contains(&e) => Target::Exercise(e - 1),
            _ => Target::Current,
        }
    }
}

/// Whether a restated prompt reads like a label rather than a sentence of an answer: it
/// ends with `?`, `:` or an ellipsis, or is at most 12 words without final punctuation.
/// Whether offset `at` of `text` starts a line (only spaces before it on its line).
fn starts_line(text: &str, at: usize) -> bool {
    text.get(..at).is_some_and(|before| {
        before.trim_end_matches([' ', '\t']).ends_with(['\n', '\r']) || before.trim().is_empty()
    })
}

pub(super) fn names_like_a_label(text: &str) -> bool {
    let text = text.trim();
    if text.ends_with(['?', ':', '…']) || text.ends_with("...") {
        return true;
    }
    !text.ends_with(['.', '!', ';']) && text.split_whitespace().count() <= 12
}

/// Whether `text` is one parenthesised remark, "(app: Netflix)", with at most a colon or
/// dash before it.
fn is_remark(text: &str) -> bool {
    let text = text
        .trim()
        .trim_start_matches([':', '-', '–', '—'])
        .trim_start();
    text.starts_with('(') && text.ends_with(')') && text[1..].find(')') == Some(text.len() - 2)
}

/// A paragraph of one short line without final punctuation, which learners use as a
/// heading: at most 80 characters and 10 words.
pub(in crate::submission::markdown) fn is_plain_line(run: &Run) -> bool {
    run.single_line && is_plain_text(&run.text)
}

impl Placer<'_> {
    /// Whether a titled line ("Audit — app: X.") naming exercise `e` opens it: before any
    /// exercise, or right after the last question of the exercise before it.
    fn titled_may_open(&self, e: usize) -> bool {
        let Some(s) = self.section.as_ref() else {
            return true;
        };
        let last = self.sheet.last_question(s.exercise);
        e == s.exercise + 1 && s.active.as_ref().is_none_or(|a| Some(a.number) == last)
    }
}

/// Words that name the learner's choice in a remark after an exercise's name ("app:").
const CHOICE_KEYS: &[&str] = &[
    "app",
    "application",
    "system",
    "product",
    "company",
    "site",
    "platform",
    "choice",
    "chosen",
    "picked",
    "my",
];

/// The text of a paragraph that may be a heading, and whether it is titled: a plain line
/// (see [`is_plain_line`]), or, titled, one that names the learner's choice after a spaced
/// dash, "Audit — app: a ride-hailing app.", which may end with a full stop (left out of
/// the text given).
fn heading_text(run: &Run) -> Option<(&str, bool)> {
    if is_plain_line(run) {
        return Some((&run.text, false));
    }
    let line = run.text.trim().strip_suffix('.')?;
    let (at, len) = spaced_dash(line)?;
    let remark = &line[at + len..];
    let key = &remark[..remark.find(':')?];
    let words: Vec<String> = key.split_whitespace().map(str::to_lowercase).collect();
    let keyed = (1..=2).contains(&words.len())
        && words.iter().all(|w| CHOICE_KEYS.contains(&w.as_str()))
        && words.iter().any(|w| w != "my");
    (run.single_line && keyed && is_plain_text(line)).then_some((line, true))
}

/// A short line without sentence punctuation at its end: a heading written as plain text.
fn is_plain_text(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty()
        && text.chars().count() <= 80
        && text.split_whitespace().count() <= 10
        && !text.ends_with(['.', '!', '?', ';', ','])
}

/// "scale up vs scale out: …": the text before a colon or a spaced dash on the first line
/// (within 120 bytes), and where the text after the delimiter starts. A delimiter inside
/// parentheses the prefix opened is none: in "The three strategies are sticky sessions
/// (drawback: …), JWTs (…)" the answer does not start after "drawback:".
fn prefix_before_delimiter(text: &str) -> Option<(&str, usize)> {
    let first_line = cut(text, 120);
    let first_line = &first_line[..line_end(first_line).unwrap_or(first_line.len())];
    let colon = first_line.find(':').map(|i| (i, 1));
    let dash = spaced_dash(first_line);
    let (at, len) = match (colon, dash) {
        (Some(c), Some(d)) => c.min(d),
        (c, d) => c.or(d)?,
    };
    let prefix = &text[..at];
    if prefix.trim().is_empty() || prefix.matches('(').count() > prefix.matches(')').count() {
        return None;
    }
    let after = at + len;
    let skip = text[after..].len() - text[after..].trim_start_matches([' ', '\t']).len();
    Some((prefix, after + skip))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_before_delimiters() {
        assert_eq!(
            prefix_before_delimiter("scale up vs scale out: more boxes"),
            Some(("scale up vs scale out", 23))
        );
        assert_eq!(
            prefix_before_delimiter("TTL vs invalidation - one waits"),
            Some(("TTL vs invalidation", 22))
        );
        assert_eq!(prefix_before_delimiter("no delimiter here"), None);
        assert_eq!(prefix_before_delimiter(": leading"), None);
        assert_eq!(prefix_before_delimiter("first line\nsecond: x"), None);
        assert_eq!(
            prefix_before_delimiter("strategies are sticky sessions (drawback: uneven load)"),
            None
        );
        assert_eq!(
            prefix_before_delimiter("sticky sessions (pinning) - uneven"),
            Some(("sticky sessions (pinning)", 28))
        );
    }
}
