//! Naming a question: which exercise it belongs to (the current one, the one a restated
//! prompt names, the next one when numbering restarts, the first one when numbering starts
//! before any heading), and what is left out of its answer (a copied prompt).

use std::collections::BTreeSet;

use crate::submission::markdown::heading::Target;
use crate::submission::markdown::label::Shape;
use crate::submission::markdown::line_index::line_end;
use crate::submission::markdown::placer::{Active, Ask, Placer, Section, Sink, Source, Why};
use crate::submission::markdown::sheet_index::Strictness;
use crate::submission::markdown::words::{content_words, content_words_within, takes_a_stance};

impl Placer<'_> {
    pub(super) fn open_exercise(&mut self, exercise: usize, level: Option<u8>) {
        self.named = true;
        self.open_implied(exercise, level);
    }

    /// Opens an exercise that numbering implies (no heading names it).
    pub(super) fn open_implied(&mut self, exercise: usize, level: Option<u8>) {
        self.close();
        self.finish_section();
        self.unknown = None;
        self.provisional = None;
        self.section = Some(Section {
            exercise,
            level,
            labelled: BTreeSet::new(),
            active: None,
            inner: None,
        });
    }

    /// Names a question; returns whether an answer was opened for it.
    pub(super) fn question(&mut self, ask: Ask) -> bool {
        let n = ask.number;
        let Some(exercise) = self.exercise_for(&ask) else {
            return false;
        };
        if !self.sheet.has_question(exercise, n) {
            let id = self.sheet.id(exercise);
            let reason = format!(
                "exercise `{id}` has no question {n} (its questions are {})",
                self.sheet.question_numbers(exercise)
            );
            self.open_stray(ask.label_start, Why::Said(reason));
            if let Some(s) = &mut self.section {
                s.active = None;
            }
            return false;
        }
        let same = self.under_way(n, false);
        if ask.restated && same {
            // The question being answered, restated: part of its answer, unless nothing
            // has been written yet (then it is a restated prompt under its label).
            match &mut self.sink {
                Sink::Answer { start, end, .. } if self.src[*start..*end].trim().is_empty() => {
                    *start = ask.answer_start;
                    *end = ask.answer_start;
                }
                _ => self.extend(ask.label_start..ask.answer_start),
            }
            return true;
        }
        if !ask.continued {
            self.drop_provisional(exercise);
        }
        self.close();
        let also: Vec<u32> = ask
            .also
            .iter()
            .copied()
            .filter(|&m| m != n && self.sheet.has_question(exercise, m))
            .collect();
        if let Some(section) = &mut self.section {
            section.labelled.insert(n);
            section.labelled.extend(also.iter().copied());
            section.active = Some(Active {
                number: also.last().copied().unwrap_or(n),
                source: ask.source,
                level: ask.level,
                lone_one: ask.lone_one,
                own_list: None,
                shape: ask.shape,
                qualified: ask.qualified,
            });
        }
        self.sink = Sink::Answer {
            exercise,
            question: n,
            start: ask.answer_start,
            end: ask.answer_start,
            copy_end: None,
            also,
        };
        true
    }

    /// Whether question 1, labelled at `at`, restarts the numbering inside `section`'s
    /// exercise, hop by hop: it stands right under a heading that names nothing ("### Hop 2:
    /// CDN" then "1."), and a heading (or bold line) further down, at the exercise heading's
    /// level or above, names the next exercise (so that the learner does not leave the
    /// numbering to say where that one starts), or the heading is one at the exercise
    /// heading's own level read as its sub-heading (see `Placer::unmatched_heading`).
    fn restarts_under_subject(&self, section: &Section, at: usize) -> bool {
        let Some(subject) = self.subjects.last() else {
            return false;
        };
        // (Right under it: nothing between but a bullet's marker, "- Q1: …".)
        let under = subject.heading.end <= at
            && matches!(
                self.src[subject.heading.end..at].trim(),
                "" | "-" | "*" | "+"
            )
            && (self.outline.then_one)
                .binary_search(&subject.heading.start)
                .is_ok();
        let named_later = (self.outline.named_at.get(section.exercise + 1))
            .and_then(|n| *n)
            .is_some_and(|(start, level)| {
                start > at
                    && match (level, section.level) {
                        (Some(l), Some(own)) => l <= own,
                        _ => true,
                    }
            });
        // Under headings at the exercise heading's own level read as its sub-headings, the
        // numbering restarts inside it too (they are checked at the section's end).
        let inner = section
            .inner
            .as_ref()
            .is_some_and(|i| subject.heading.start >= i.start);
        under && (named_later || inner)
    }

    /// The exercise a question belongs to, opening it when the question implies it: a
    /// restated prompt of another exercise, numbering that restarts at 1 after the last
    /// question (the next exercise, unless it restarts right under a heading that names
    /// nothing, with a heading further down that names the next exercise or at the exercise
    /// heading's own level: see `restarts_under_subject`), or, before any heading, numbering from 1 (the first) or a
    /// label written "Q2:" with a number only one exercise has (that one, also after answers
    /// the numbering placed in an exercise without that question: "Q1:", "Q2:", "Q4:" where
    /// only the second exercise has a question 4, unless the numbering goes on from the
    /// exercise's last question).
    /// None (and the label's text set aside as unplaced) when there is none.
    pub(super) fn exercise_for(&mut self, ask: &Ask) -> Option<usize> {
        let n = ask.number;
        if let Target::Exercise(e) = ask.target {
            if self.current() != Some(e) {
                self.open_exercise(e, None);
            }
            return Some(e);
        }
        let explicit = ask.source == Source::Explicit;
        // (Not numbering that goes on past the exercise's last question, "Q3:" then "Q4:",
        // which may count the sheet's questions straight through.)
        if let Some(s) = &self.section
            && !self.named
            && explicit
            && !self.sheet.has_question(s.exercise, n)
            && !self
                .sheet
                .last_question(s.exercise)
                .is_some_and(|l| n == l + 1 && s.labelled.contains(&l))
            && let Some(only) = self.only_exercise_with(n)
        {
            self.unique_label = true;
            self.open_implied(only, None);
            return Some(only);
        }
        if let Some(s) = &self.section {
            let last = self.sheet.last_question(s.exercise);
            // Answers an unlabelled list gave do not count: see `lists.rs`.
            let restarts = n == 1
                && !ask.restated
                && !ask.continued
                && self.provisional.is_none()
                && s.labelled.contains(&1)
                && last.is_some_and(|l| s.labelled.contains(&l))
                && s.exercise + 1 < self.sheet.len()
                && !self.restarts_under_subject(s, ask.label_start);
            let exercise = s.exercise + usize::from(restarts);
            if restarts {
                self.open_implied(exercise, None);
            }
            return Some(exercise);
        }
        if let Some((heading, _)) = &self.unknown {
            self.open_stray(ask.label_start, super::unknown_heading(heading));
            return None;
        }
        if n == 1 && self.sheet.len() > 0 {
            self.open_implied(0, None);
            return Some(0);
        }
        // An explicit label ("Q2:"; not a bare "2." or a numbered heading, which may be the
        // learner's own list or section) with a number only one exercise has names that
        // exercise.
        let mut with_n = (0..self.sheet.len()).filter(|&e| self.sheet.has_question(e, n));
        let (first, second) = (with_n.next(), with_n.next());
        if let (Some(only), None, true) = (first, second, explicit) {
            self.unique_label = true;
            self.open_implied(only, None);
            return Some(only);
        }
        let reason = match (first, second) {
            (Some(_), Some(_)) => {
                let count = 2 + with_n.count();
                Why::EarlyLabel(format!(
                    "question {n} is labelled before any exercise heading, and {count} \
                     exercises have a question {n}: write the exercise's title above it"
                ))
            }
            (Some(_), None) => Why::EarlyLabel(format!(
                "question {n} is labelled before any exercise heading"
            )),
            (None, _) => Why::Said(format!("no exercise of the sheet has a question {n}")),
        };
        self.open_stray(ask.label_start, reason);
        None
    }

    /// The one exercise that has a question `n`, if only one has.
    fn only_exercise_with(&self, n: u32) -> Option<usize> {
        let mut with_n = (0..self.sheet.len()).filter(|&e| self.sheet.has_question(e, n));
        match (with_n.next(), with_n.next()) {
            (Some(only), None) => Some(only),
            _ => None,
        }
    }

    /// Whether a bare number `n` ("2.", "(2)", "**3.**", of `shape`) at the start of a line
    /// is the learner's own list inside the open answer rather than a question's label.
    ///
    /// - After a heading or an explicit label ("Q1:"), it is the own list, except when it
    ///   names a later question not labelled yet and is not the next item of an own list
    ///   begun in this answer: "Q1: …", then "(2) …", "3. …" answers questions 2 and 3
    ///   (learners mix label styles), while "Q3: three ways:", "1. …", "2. …", "3. …",
    ///   "4. …" stays one answer. The own list is known from the bare numbers refused so
    ///   far, else from the answer's text before `at` (where the label starts): "Q1: 1. …
    ///   2. …" begins it on the label's own line.
    /// - After a bare label, it is a label, except a number of another shape that goes back
    ///   to a question already labelled: "(2) … 1. sessions 2. caches" keeps its "1." and
    ///   "2." (which would otherwise join questions 1 and 2); and so is a list going back to
    ///   1 on the line right after the label ("**3.**", then "1. …", "2. …", "3. …").
    pub(super) fn refuses_bare(&mut self, n: u32, at: usize, shape: Shape) -> bool {
        let answer_start = match &self.sink {
            Sink::Answer { start, .. } => Some(*start),
            _ => None,
        };
        let Some(section) = self.section.as_mut() else {
            return false;
        };
        let Some(active) = section.active.as_mut() else {
            return false;
        };
        if active.source == Source::Bare {
            let back = n <= active.number && section.labelled.contains(&n);
            // "**3.** (how affinity is implemented)" with "1. …", "2. …", "3. …" on the
            // lines right after it: its own list, begun on the line after the label (a new
            // exercise numbered again from 1 follows a blank line).
            let own = back
                && match active.own_list {
                    Some(last) => n == last + 1,
                    // The list's first item is written unlike the label ("**3.**" or "3)"
                    // then "1."): a tight list "4. …", "5. …", "1. …" numbers the next
                    // exercise.
                    None => {
                        let bold_label = (answer_start.and_then(|s| self.src.get(..s)))
                            .is_some_and(|t| t.trim_end().ends_with(['*', '_']));
                        n == 1
                            && (bold_label || active.shape.is_some_and(|s| s != shape))
                            && (answer_start.and_then(|s| self.src.get(s..at)))
                                .is_some_and(|t| t.bytes().filter(|&b| b == b'\n').count() == 1)
                    }
                };
            if own {
                active.own_list = Some(n);
                return true;
            }
            return back && active.shape.is_some_and(|s| s != shape);
        }
        let may_be_next = n > active.number
            && !section.labelled.contains(&n)
            && self.sheet.has_question(section.exercise, n);
        // The own list: from the bare numbers refused in this answer, else (read once, only
        // when it decides) from its text.
        if may_be_next && active.own_list.is_none() {
            active.own_list = answer_start
                .and_then(|s| self.src.get(s..at))
                .and_then(own_list_last);
        }
        let next_question = may_be_next && active.own_list.is_none_or(|own| n != own + 1);
        if !next_question {
            active.own_list = Some(n);
        }
        !next_question
    }

    /// After a heading or an explicit label, bare numbers are the learner's own list.
    pub(super) fn strong_active(&self) -> bool {
        self.section
            .as_ref()
            .and_then(|s| s.active.as_ref())
            .is_some_and(|a| a.source != Source::Bare)
    }

    /// Lists of one item written "1.", separated by paragraphs, count on from the previous
    /// such item: 1, (text), 1, (text) → questions 1, 2.
    pub(super) fn chained_one(&self, lone_one: bool) -> Option<u32> {
        let section = self.section.as_ref()?;
        let active = section.active.as_ref().filter(|a| lone_one && a.lone_one)?;
        let next = active.number + 1;
        self.sheet
            .has_question(section.exercise, next)
            .then_some(next)
    }

    /// Whether `text` (after a label inside emphasis, in a heading, a bold line or a quote)
    /// is the question itself (empty, ending in `?` or `:`, or a copy of the prompt) rather
    /// than part of the answer.
    pub(super) fn restates(&self, text: &str, target: Target, number: u32) -> bool {
        let text = text.trim();
        if text.is_empty() || text.ends_with(['?', ':']) {
            return true;
        }
        let Some(exercise) = self.exercise_of(target) else {
            return false;
        };
        // The cheap overlap test first: few lines copy a prompt.
        self.sheet
            .is_prompt_copy(exercise, number, text, &content_words(text), false)
            && !takes_a_stance(text)
    }

    /// Whether `text`, which restates question `number`'s prompt, also names a number the
    /// prompt does not give ("Instances at peak = 36"): then it is the answer's first line,
    /// not a heading to drop.
    pub(super) fn adds_a_number(&self, text: &str, target: Target, number: u32) -> bool {
        self.exercise_of(target)
            .is_some_and(|e| self.sheet.adds_a_number(e, number, text))
    }

    /// Whether the answer under way is question `number` of `target` and has no text yet
    /// (its label or heading was just read).
    pub(super) fn opened_and_empty(&self, target: Target, number: u32) -> bool {
        let Sink::Answer {
            exercise, question, ..
        } = self.sink
        else {
            return false;
        };
        Some(exercise) == self.exercise_of(target)
            && question == number
            && self.answer_text().trim().is_empty()
    }

    /// The text of the answer under way so far (empty when text is not going to an answer).
    pub(super) fn answer_text(&self) -> &str {
        match self.sink {
            Sink::Answer { start, end, .. } => self.src.get(start..end).unwrap_or(""),
            _ => "",
        }
    }

    /// Whether `text` copies question `number`'s prompt (see `SheetIndex::is_prompt_copy`):
    /// "Sticky sessions are fine as long as the load balancer is smart" before "— no: …".
    pub(super) fn copies_prompt(&self, text: &str, target: Target, number: u32) -> bool {
        let words = content_words(text);
        !words.is_empty()
            && self.exercise_of(target).is_some_and(|e| {
                (self.sheet).is_prompt_copy(e, number, text, &words, text.trim_end().ends_with('?'))
            })
    }

    /// The exercise `target` stands for: its own, or the current one.
    pub(super) fn exercise_of(&self, target: Target) -> Option<usize> {
        match target {
            Target::Exercise(e) => Some(e),
            Target::Current => self.current(),
        }
    }

    /// The question whose prompt `text` restates: in the current exercise, else (for
    /// headings, or when no question is open) in any exercise.
    pub(super) fn restatement(&self, text: &str, strictness: Strictness) -> Option<(Target, u32)> {
        let words = content_words(text);
        let current = self.current();
        let in_current =
            current.and_then(|c| self.sheet.restated_question(Some(c), &words, strictness));
        let open = self.section.as_ref().is_some_and(|s| s.active.is_some());
        // While a question is open, a bold lead names another exercise's question only when
        // it asks it ("**LB makes it scalable?**") or restates most of that prompt: "**Q3.**
        // The three strategies are:" then "- **Sticky sessions** – …" names an option in the
        // answer under way, not Compare 2 ("Stateless vs sticky sessions vs external session
        // store").
        let anywhere = || match strictness {
            Strictness::Prefix if open => None,
            Strictness::Heading if open => (self.sheet)
                .restated_question(None, &words, strictness)
                .filter(|&(e, n)| {
                    Some(e) == current
                        || text.trim_end().ends_with('?')
                        || self.sheet.prompt_coverage(e, n, &words) > 600
                }),
            _ => self.sheet.restated_question(None, &words, strictness),
        };
        in_current
            .or_else(anywhere)
            .map(|(e, n)| (Target::Exercise(e), n))
    }

    /// When the answer's first line is a copy of its prompt ("1. How many instances at
    /// peak?" with the answer below it), the answer starts after that line. With nothing
    /// after it, there is no answer and the copy is reported as unplaced (see `close`).
    pub(super) fn skip_prompt_copy(&mut self, from: usize, limit: usize) {
        let Sink::Answer {
            exercise,
            question,
            ref mut copy_end,
            ..
        } = self.sink
        else {
            return;
        };
        let mut text = &self.src[from..limit.max(from)];
        // "Q1:" alone on its line, or a heading: the copy would be on the next line that is
        // not blank.
        let mut from = from;
        while let Some(k) = line_end(text).filter(|&k| text[..k].trim().is_empty()) {
            let rest = &text[k..];
            let next = rest
                .strip_prefix("\r\n")
                .or_else(|| rest.strip_prefix(['\n', '\r']))
                .unwrap_or(rest);
            from += text.len() - next.len();
            text = next;
        }
        // Bytes, not chars: both line ends are ASCII (and this runs for every answer).
        let line_end = from + line_end(text).unwrap_or(text.len());
        let line = &self.src[from..line_end];
        // A line with more words than a copy of the prompt can have is not read to its end.
        let (most, known) = self.sheet.prompt_copy(exercise, question);
        let Some(words) = content_words_within(line, most, Some(known)) else {
            return;
        };
        let asks = line.trim_end().ends_with('?');
        // The cheap overlap test first: few lines copy a prompt.
        if !words.is_empty()
            && self
                .sheet
                .is_prompt_copy(exercise, question, line, &words, asks)
            && !takes_a_stance(line)
        {
            *copy_end = Some(line_end);
        }
    }

    /// When a prompt copy was found, have the answer start at `to` rather than at its end.
    pub(super) fn move_copy_end(&mut self, to: usize) {
        if let Sink::Answer {
            copy_end: Some(copy_end),
            ..
        } = &mut self.sink
        {
            *copy_end = to;
        }
    }

    pub(super) fn move_answer_start(&mut self, to: usize) {
        if let Sink::Answer { start, end, .. } = &mut self.sink {
            *start = to;
            *end = (*end).max(to);
        }
    }
}

/// The last number of the learner's own list in `text`, numbered from 1 ("1. … 2. …",
/// "(1) … (2) …", "kinds: 1) …,\n2) …"): markers `N.`, `N)` or `(N)` followed by a space,
/// at a line start or after a colon, counting on from 1 (a "1" starts the count again).
/// None when no "1" marker is there: "above 1." ending a sentence is none.
fn own_list_last(text: &str) -> Option<u32> {
    let mut last = 0;
    for line in text.lines() {
        let body = line.trim_start();
        // At the line start, then after each colon.
        let starts = std::iter::once(0).chain(
            body.match_indices(':')
                .map(|(i, _)| i + 1 + body[i + 1..].len() - body[i + 1..].trim_start().len()),
        );
        for at in starts {
            let Some((n, _)) = marker_at(&body.as_bytes()[at.min(body.len())..]) else {
                continue;
            };
            if n == 1 {
                last = 1;
            } else if last > 0 && n == last + 1 {
                last = n;
            }
        }
    }
    (last > 0).then_some(last)
}

/// A list marker `N.`, `N)` or `(N)` followed by a space or tab, at the start of `b`: its
/// number and length.
fn marker_at(b: &[u8]) -> Option<(u32, usize)> {
    let open = usize::from(b.first() == Some(&b'('));
    let digits = b[open..].iter().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let close = b.get(open + digits)?;
    let fits = if open == 1 {
        *close == b')'
    } else {
        matches!(close, b'.' | b')')
    };
    let end = open + digits + 1;
    if !fits || !matches!(b.get(end), Some(b' ' | b'\t')) {
        return None;
    }
    let n = std::str::from_utf8(&b[open..open + digits])
        .ok()?
        .parse()
        .ok()?;
    Some((n, end))
}
