//! An exercise answered in one text: under the exercise's heading, paragraphs that name
//! none of its questions, and nothing else ("## Cache Design" then one paragraph that
//! walks through the layers, the update patterns, the invalidation, the herd, the failure
//! and the SLOs in turn). When the section ends with no question of the exercise labelled
//! or answered, and its text set aside shares words with the prompts of at least half of
//! the exercise's questions (two at least), that text answers each question, as a group
//! label's text does (see `groups.rs`): the grader grades it once per question, so it earns
//! at each question what it says about that question. Text that shares words with fewer
//! prompts, that has fewer than `OWN_WORDS` words of its own (the questions copied out),
//! that reads as a note about the work (`NOTE_CUES`: "skipped", "ran out of time", "I'll come
//! back to this") or that mostly asks (a question to the instructor), stays set aside; so
//! does text under an exercise answered elsewhere in the file, or under sub-headings.

use crate::submission::markdown::placer::{Placed, Placer, Why};
use crate::submission::markdown::words::content_words;

/// The least number of distinct words of its own (used by no prompt of the exercise) such
/// a text has: the sheet's questions copied out, with nothing added, answer nothing.
const OWN_WORDS: usize = 5;

impl Placer<'_> {
    /// Whether the answers of the current exercise placed since `from`, from `start` on,
    /// share words with the prompts of at least half of its questions (two at least).
    pub(super) fn answers_about_exercise(&self, from: usize, start: usize) -> bool {
        let Some(exercise) = self.current() else {
            return false;
        };
        let ranges = (self.out.answers[from.min(self.out.answers.len())..].iter())
            .filter(|p| p.exercise == exercise && p.range.start >= start)
            .map(|p| p.range.clone());
        let (_, overlaps) = self.about(exercise, ranges);
        about_half(&overlaps)
    }

    /// The distinct content words of the texts at `ranges`, and how many of them each of
    /// `exercise`'s prompts shares (see `SheetIndex::prompt_overlaps`).
    fn about(
        &self,
        exercise: usize,
        ranges: impl Iterator<Item = std::ops::Range<usize>>,
    ) -> (Vec<String>, Vec<(u32, usize)>) {
        let mut words: Vec<String> = ranges.flat_map(|r| content_words(&self.src[r])).collect();
        words.sort_unstable();
        words.dedup();
        let overlaps = self.sheet.prompt_overlaps(exercise, &words);
        (words, overlaps)
    }

    /// At the end of an exercise's section: its set-aside text as the answer to every
    /// question, when it is one (see the module).
    pub(super) fn answer_whole(&mut self) {
        let Some(section) = self.section.as_ref() else {
            return;
        };
        let exercise = section.exercise;
        let from = self.section_unplaced.min(self.out.unplaced.len());
        // Answered anywhere: a later section of the same exercise ("Audit - afterthought")
        // adds to those answers, it is no answer of its own.
        let answered = self.out.answers.iter().any(|p| p.exercise == exercise);
        let strays = &self.out.unplaced[from..];
        if !section.labelled.is_empty()
            || answered
            || !self.subjects.is_empty()
            || strays.is_empty()
            || strays.iter().any(|s| s.reason != Why::Unlabelled(exercise))
            || strays.iter().any(|s| is_note(&self.src[s.range.clone()]))
        {
            return;
        }
        let (words, overlaps) = self.about(exercise, strays.iter().map(|s| s.range.clone()));
        if overlaps.len() < 2
            || !about_half(&overlaps)
            || self.sheet.words_beyond_prompts(exercise, &words) < OWN_WORDS
        {
            return;
        }
        let strays = self.out.unplaced.split_off(from);
        for stray in strays {
            for &(question, _) in &overlaps {
                self.out.answers.push(Placed {
                    exercise,
                    question,
                    range: stray.range.clone(),
                    lead: None,
                });
            }
        }
        self.out.named_question = true;
    }
}

/// Whether words shared with the prompts (`overlaps`, see `Placer::about`) reach at least
/// half of the questions, two at least (or the only one).
fn about_half(overlaps: &[(u32, usize)]) -> bool {
    let sharing = overlaps.iter().filter(|(_, k)| *k > 0).count();
    sharing >= 2.min(overlaps.len()) && 2 * sharing >= overlaps.len()
}

/// Words that say a text is about the learner's work rather than an answer: it was skipped,
/// is left for later, or is not known.
const NOTE_CUES: &[&str] = &[
    "i skipped",
    "skipped this",
    "skipped it",
    "skip this",
    "skipping this",
    "todo",
    "tbd",
    "idk",
    "ran out of time",
    "run out of time",
    "didn't have time",
    "didnt have time",
    "did not have time",
    "no time for",
    "come back to",
    "get back to",
    "didn't get to",
    "didnt get to",
    "did not get to",
    "couldn't finish",
    "couldnt finish",
    "could not finish",
    "didn't finish",
    "didnt finish",
    "will finish",
    "i have no idea",
    "i don't know",
    "i dont know",
    "i do not know",
    "haven't done",
    "havent done",
    "to be continued",
];

/// Whether `text` is a note about the work ([`NOTE_CUES`], in words a learner uses of their
/// own work, not of a system: "I skipped", not "skip the cache") or asks rather than answers
/// (half of its sentences or more end with "?"): set aside, not graded. When unsure, set
/// aside: the instructor sees set-aside text with its reason, a wrong grade is silent.
fn is_note(text: &str) -> bool {
    let lower = text.to_lowercase().replace('\u{2019}', "'");
    let words = |cue: &str| {
        lower.match_indices(cue).any(|(i, _)| {
            let before = lower[..i].chars().next_back();
            let after = lower[i + cue.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    };
    if NOTE_CUES.iter().any(|cue| words(cue)) {
        return true;
    }
    let sentences: Vec<&str> = (lower.split_inclusive(['.', '?', '!', '\n']))
        .map(str::trim)
        .filter(|s| s.chars().any(char::is_alphanumeric))
        .collect();
    let asks = sentences.iter().filter(|s| s.ends_with('?')).count();
    2 * asks >= sentences.len() && asks > 0
}

#[cfg(test)]
mod tests {
    use crate::submission::markdown::test_sheet::placed;

    #[test]
    fn one_paragraph_under_an_exercise_heading_answers_each_of_its_questions() {
        let src = "## Cache Design Exercise\n\nA CDN in front and Redis behind it, cache-aside \
                   for Redis. On a price change delete the key; a lock stops the thundering herd \
                   when a hot product expires; if the cache server fails we fall back to the DB, \
                   and we track p99 and the hit rate as SLIs.\n\n## Capacity Plan\n\n1. 33\n";
        let (answers, unplaced) = placed(src);
        let cache: Vec<u32> = (answers.iter())
            .filter(|(e, _, _)| e == "cache-design")
            .map(|(_, q, _)| *q)
            .collect();
        assert_eq!(cache, [1, 2, 3, 4, 5, 6]);
        assert!(
            answers
                .iter()
                .all(|(e, _, t)| e != "cache-design" || t.starts_with("A CDN"))
        );
        assert!(unplaced.is_empty(), "{unplaced:?}");
        assert!(answers.contains(&("capacity-plan".into(), 1, "33".into())));
    }

    #[test]
    fn a_note_under_an_exercise_heading_stays_set_aside() {
        let src = "## Cache Design Exercise\n\nI ran out of time for this part, sorry.\n\n\
                   ## Capacity Plan\n\n1. 33\n";
        let (answers, unplaced) = placed(src);
        assert!(
            answers.iter().all(|(e, _, _)| e != "cache-design"),
            "{answers:?}"
        );
        assert_eq!(unplaced, ["I ran out of time for this part, sorry."]);
    }

    #[test]
    fn an_intro_before_labelled_answers_stays_set_aside() {
        let src = "## Cache Design Exercise\n\nMy design uses a CDN and a cache with a price \
                   invalidation and a herd lock.\n\n1. CDN and Redis\n";
        let (answers, unplaced) = placed(src);
        assert_eq!(
            answers,
            [("cache-design".to_string(), 1, "CDN and Redis".to_string())]
        );
        assert_eq!(unplaced.len(), 1);
    }

    #[test]
    fn notes_and_questions_that_name_the_topic_stay_set_aside() {
        // From a cold review's probes: each shares words with the prompts and has words of
        // its own, but skips the exercise or asks the instructor.
        for note in [
            "I skipped this one, sorry - I don't know the JWT, external session store or \
             sticky sessions designs well enough to propose a migration plan.",
            "Quick question before I start: should each hop be a separate service, or can the \
             client count as a hop? Does per-user state in the browser count as state?",
            "Ran out of time. I know the cache layers and the invalidation but not the \
             failure part, will come back to it.",
            "Sorry, couldn't finish this. A CDN and Redis as layers, cache-aside, invalidate on \
             a price change, but I didn't have time for the herd or the SLOs.",
        ] {
            let src =
                format!("## Session-Management Redesign\n\n{note}\n\n## Capacity Plan\n\n1. 36\n");
            let (answers, unplaced) = placed(&src);
            assert_eq!(answers.len(), 1, "{note}: {answers:?}");
            assert_eq!(unplaced.len(), 1, "{note}");
        }
    }

    #[test]
    fn a_later_section_of_an_answered_exercise_is_no_whole_answer() {
        let src = "## Stateful-Component Audit\n\n1. The client keeps the login token.\n\
                   2. The user is logged out.\n3. Move sessions to Redis.\n\n\
                   ## Stateful-Component Audit - afterthought\n\nLooking again at the audit, the \
                   database hop could also be made stateless if we cached every user's state.\n";
        let (answers, _) = placed(src);
        assert_eq!(answers.len(), 3, "{answers:?}");
        assert!(answers.iter().all(|(_, _, t)| !t.contains("afterthought")));
    }
}
