//! An exercise answered in one text: under the exercise's heading, paragraphs that name
//! none of its questions, and nothing else ("## Cache Design" then one paragraph that
//! walks through the layers, the update patterns, the invalidation, the herd, the failure
//! and the SLOs in turn). When the section ends with no question of the exercise labelled
//! or answered, and its text set aside shares words with the prompts of at least half of
//! the exercise's questions (two at least), that text answers each question, as a group
//! label's text does (see `groups.rs`): the grader grades it once per question, so it earns
//! at each question what it says about that question. Text that shares words with fewer
//! prompts (a note, "ran out of time here"), or that has fewer than `OWN_WORDS` words of
//! its own (the questions copied out), stays set aside.

use crate::submission::markdown::placer::{Placed, Placer};
use crate::submission::markdown::words::content_words;

/// The least number of distinct words of its own (used by no prompt of the exercise) such
/// a text has: the sheet's questions copied out, with nothing added, answer nothing.
const OWN_WORDS: usize = 5;

impl Placer<'_> {
    /// At the end of an exercise's section: reads its set-aside text as the answer to every
    /// question when the section is such a text (see the module), then its subjects (see
    /// `subjects.rs`).
    pub(super) fn finish_section(&mut self) {
        self.answer_whole();
        self.finish_subjects();
        self.section_unplaced = self.out.unplaced.len();
    }

    fn answer_whole(&mut self) {
        let Some(section) = self.section.as_ref() else {
            return;
        };
        let exercise = section.exercise;
        let from = self.section_unplaced.min(self.out.unplaced.len());
        let answered = (self.out.answers[self.section_answers.min(self.out.answers.len())..])
            .iter()
            .any(|p| p.exercise == exercise);
        let reason = self.unlabelled_reason(exercise);
        let strays = &self.out.unplaced[from..];
        if !section.labelled.is_empty()
            || answered
            || strays.is_empty()
            || strays.iter().any(|s| s.reason != reason)
        {
            return;
        }
        let mut words: Vec<String> = (strays.iter())
            .flat_map(|s| content_words(&self.src[s.range.clone()]))
            .collect();
        words.sort_unstable();
        words.dedup();
        let overlaps = self.sheet.prompt_overlaps(exercise, &words);
        let sharing = overlaps.iter().filter(|(_, k)| *k > 0).count();
        if overlaps.len() < 2
            || sharing < 2
            || 2 * sharing < overlaps.len()
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
}
