//! Headings that name what the answers under them are about: an audit answered hop by hop,
//! a heading per hop and the exercise's questions answered again under each:
//!
//! ```text
//! #### Hop 1: Client (desktop app)
//! A1: yes — auth token, drafts
//! A2: you lose the draft
//! #### Hop 2: CDN
//! A1: no, only shared images
//! ```
//!
//! Under an exercise, a heading that names no question (see `headings.rs`) is otherwise
//! kept in the answer open above it, as a sub-heading of that answer. When two such headings
//! or more each have answers under them, every answer of the exercise stands under one, each
//! answers a question at most once, and some question is answered under two of them, the
//! headings with answers under them are subjects: each answer under one is written after its
//! text ("Hop 2: CDN: no, only shared images"), as `columns.rs` writes a cell after its row's
//! name, and the answer open above a subject heading ends where the heading starts (what it
//! held after the heading, before the next label, stays with that answer, after the
//! subject).

use std::ops::Range;

use crate::submission::markdown::placer::{Placed, Placer, Stray};

/// A heading under an exercise that named nothing.
#[derive(Debug, Clone)]
pub(super) struct Subject {
    /// The whole heading (its `#` marks and line end included).
    pub heading: Range<usize>,
    /// Its text.
    pub text: Range<usize>,
}

impl Placer<'_> {
    /// Notes a heading under the current exercise that names nothing (see the module).
    pub(super) fn note_subject(&mut self, heading: Range<usize>, text: Range<usize>) {
        if self.section.is_some() && !self.src[text.clone()].trim().is_empty() {
            self.subjects.push(Subject { heading, text });
        }
    }

    /// At the end of an exercise's section: when its noted headings are subjects (see the
    /// module), gives the answers under each its text as their lead, and says so.
    pub(super) fn finish_subjects(&mut self) -> bool {
        let subjects = std::mem::take(&mut self.subjects);
        let from = std::mem::replace(&mut self.section_answers, self.out.answers.len());
        let Some(exercise) = self.section.as_ref().map(|s| s.exercise) else {
            return false;
        };
        if subjects.len() < 2 {
            return false;
        }
        let ours = |p: &&Placed| p.exercise == exercise;
        let group = |at: usize| subjects.iter().rposition(|s| s.heading.start <= at);
        // The questions answered under each heading (an answer before the first is `None`'s).
        let mut answered: Vec<Vec<u32>> = vec![Vec::new(); subjects.len()];
        let mut before = false;
        for p in self.out.answers[from..].iter().filter(ours) {
            match group(p.range.start) {
                Some(g) => answered[g].push(p.question),
                None => before = true,
            }
        }
        // Headings with nothing answered under them stay where they are (inside the answer
        // above, or in text set aside): only the others are subjects.
        let subjects: Vec<Subject> = (subjects.into_iter().zip(&answered))
            .filter(|(_, a)| !a.is_empty())
            .map(|(s, _)| s)
            .collect();
        let answered: Vec<&Vec<u32>> = answered.iter().filter(|a| !a.is_empty()).collect();
        // Each subject answers each question once, some question is answered under two of
        // them, and every answer of the exercise stands under one: sub-headings inside one
        // answer, or a learner's own lists under them read as questions, are no subjects.
        let once = answered.iter().all(|a| {
            let mut seen = a.to_vec();
            seen.sort_unstable();
            seen.dedup();
            seen.len() == a.len()
        });
        let repeated = (0..answered.len()).any(|g| {
            answered[g]
                .iter()
                .any(|q| answered[g + 1..].iter().any(|later| later.contains(q)))
        });
        if answered.len() < 2 || !repeated || !once || before {
            return false;
        }
        let group = |at: usize| subjects.iter().rposition(|s| s.heading.start <= at);
        let mut placed = std::mem::take(&mut self.out.answers);
        let mut out = placed.drain(..from).collect::<Vec<_>>();
        for p in placed {
            if p.exercise != exercise || p.lead.is_some() {
                out.push(p);
                continue;
            }
            // Cut at every subject heading inside the answer's text.
            let mut pieces = vec![(group(p.range.start), p.range.start)];
            for (g, s) in subjects.iter().enumerate() {
                if p.range.start < s.heading.start && s.heading.start < p.range.end {
                    pieces.push((Some(g), s.heading.end.min(p.range.end)));
                }
            }
            for (k, &(g, start)) in pieces.iter().enumerate() {
                let end = match pieces.get(k + 1) {
                    Some(&(Some(next), _)) => subjects[next].heading.start,
                    _ => p.range.end,
                };
                if start >= end || self.src[start..end].trim().is_empty() {
                    continue;
                }
                out.push(Placed {
                    range: start..end,
                    lead: g.map(|g| subjects[g].text.clone()),
                    ..p.clone()
                });
            }
        }
        self.out.answers = out;
        // The next section's answers start after these (cut into more pieces than before).
        self.section_answers = self.out.answers.len();
        // Text set aside before a subject heading does not take the heading with it: the
        // heading is the lead of the answers under it.
        let strays = std::mem::take(&mut self.out.unplaced);
        for stray in strays {
            let mut start = stray.range.start;
            for s in subjects
                .iter()
                .filter(|s| stray.range.contains(&s.heading.start))
            {
                if !self.src[start..s.heading.start.max(start)]
                    .trim()
                    .is_empty()
                {
                    self.out.unplaced.push(Stray {
                        range: start..s.heading.start,
                        reason: stray.reason.clone(),
                    });
                }
                start = s.heading.end.max(start);
            }
            if start < stray.range.end && !self.src[start..stray.range.end].trim().is_empty() {
                self.out.unplaced.push(Stray {
                    range: start..stray.range.end,
                    reason: stray.reason,
                });
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use crate::submission::markdown::test_sheet::placed;

    #[test]
    fn questions_answered_again_under_each_heading_are_about_its_subject() {
        let src = "\
## Stateful-Component Audit

App: Discord

#### Hop 1: Client
A1: yes, the auth token.
A2: you lose the draft.
A3: nothing to do, it owns its state.

#### Hop 2: CDN
A1: no, only shared images.
A2: another edge takes over.
A3: already stateless.
";
        let (answers, _) = placed(src);
        let audit: Vec<(u32, String)> = (answers.into_iter())
            .filter(|(e, _, _)| e == "audit")
            .map(|(_, q, t)| (q, t))
            .collect();
        assert_eq!(
            audit,
            [
                (
                    1,
                    "Hop 1: Client: yes, the auth token.\n\nHop 2: CDN: no, only shared images."
                        .to_string()
                ),
                (
                    2,
                    "Hop 1: Client: you lose the draft.\n\nHop 2: CDN: another edge takes over."
                        .to_string()
                ),
                (
                    3,
                    "Hop 1: Client: nothing to do, it owns its state.\n\nHop 2: CDN: already stateless."
                        .to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_heading_with_nothing_answered_under_it_stays_where_it_was() {
        let src = "\
## Stateful-Component Audit

#### Hop 1: Client
A1: yes, the auth token.
A2: you lose the draft.

#### Hop 2: CDN
A1: no, only shared images.
A2: another edge takes over.

#### Hop 3: API gateway rate limiter

#### Hop 4: DB
A1: the system of record.
A2: writes fail.
";
        let (answers, unplaced) = placed(src);
        let all: String = answers.iter().map(|(_, _, t)| t.as_str()).collect();
        assert!(
            all.contains("Hop 3: API gateway rate limiter"),
            "{answers:?}"
        );
        assert!(all.contains("Hop 4: DB: writes fail."), "{answers:?}");
        assert!(unplaced.is_empty(), "{unplaced:?}");
    }

    /// Hop headings at the exercise heading's own level, each answered with the dotted
    /// labels of the exercise ("4.1"), or with a heading per question ("#### Q1").
    #[test]
    fn hop_headings_answered_with_dotted_labels_or_question_headings() {
        let dotted = "\
## 4. Stateful-Component Audit

## Client
4.1 The auth token and a half-filled form.

4.2 The form is lost.

## CDN
4.1 Nothing per user.

4.2 Another edge takes over.

## Cache Design Exercise

1. A CDN and Redis.
";
        let headed = "\
## 4. Stateful-Component Audit

### Client

#### Q1

The auth token and a half-filled form.

#### Q2

The form is lost.

### CDN

#### Q1

Nothing per user.

#### Q2

Another edge takes over.

## Cache Design Exercise

1. A CDN and Redis.
";
        for src in [dotted, headed] {
            let (_, unplaced) = placed(src);
            assert!(unplaced.is_empty(), "{unplaced:?}\n{src}");
            let got = audit(src);
            assert_eq!(got.len(), 2, "{got:?}\n{src}");
            assert!(
                got[0].1.contains("The auth token") && got[0].1.contains("Nothing per user"),
                "{got:?}"
            );
            assert!(got[1].1.contains("Another edge takes over"), "{got:?}");
        }
        // An emphasised dotted label without a delimiter is not read as a label there: each
        // hop is set aside whole, with its labels (the review: not in broken pieces).
        let bold = dotted
            .replace("4.1 ", "**4.1** ")
            .replace("4.2 ", "**4.2** ");
        let (_, unplaced) = placed(&bold);
        assert_eq!(unplaced.len(), 2, "{unplaced:?}");
        assert!(
            unplaced[1].starts_with("**4.1** Nothing per user."),
            "{unplaced:?}"
        );
    }

    #[test]
    fn lists_under_the_sub_headings_of_one_answer_make_no_subjects() {
        let src = "\
## Stateful-Component Audit

1. Per-user state, hop by hop:

#### Client
1. the auth token
2. unsent drafts

#### Service
1. sessions in memory
2. a local cache of feeds

2. Users are logged out and lose drafts.

3. Move sessions to Redis.
";
        let (answers, _) = placed(src);
        for (_, q, t) in &answers {
            assert!(
                !t.starts_with("Client:") && !t.starts_with("Service:"),
                "{q}: {t:?}"
            );
        }
    }

    #[test]
    fn a_sub_heading_inside_one_answer_stays_in_it() {
        // No question is answered under two headings: they are the answer's own.
        let src = "\
## Stateful-Component Audit

1. Per-user state:

#### Client
The token and the drafts.

#### Service
Sessions in memory.

2. When an instance goes, users are logged out.
";
        let (answers, _) = placed(src);
        let audit: Vec<(u32, String)> = (answers.into_iter())
            .filter(|(e, _, _)| e == "audit")
            .map(|(_, q, t)| (q, t))
            .collect();
        assert_eq!(audit.len(), 2);
        assert!(audit[0].1.contains("#### Client"), "{:?}", audit[0].1);
        assert!(
            audit[0].1.contains("Sessions in memory."),
            "{:?}",
            audit[0].1
        );
    }

    /// (question, text) of each audit answer of `src`.
    fn audit(src: &str) -> Vec<(u32, String)> {
        let (answers, _) = placed(src);
        (answers.into_iter())
            .filter(|(e, _, _)| e == "audit")
            .map(|(_, q, t)| (q, t))
            .collect()
    }

    #[test]
    fn numbered_lists_restarting_under_each_heading_stay_in_the_exercise() {
        // "1." after the exercise's last question would start the next exercise, but the
        // next exercise has a heading further down: the numbering restarts in this one.
        // The same with the hop headings at the exercise heading's own level.
        for (exercise, hop) in [("##", "###"), ("###", "###"), ("##", "##")] {
            let src = format!(
                "{exercise} Stateful-Component Audit\n\n{hop} Hop 1: Client\n1. yes, the token.\n\
                 2. you log in again.\n3. it owns its state.\n\n{hop} Hop 2: CDN\n\
                 1. no, only images.\n2. another edge.\n3. already stateless.\n\n\
                 {exercise} Cache Design Exercise\n\n1. CDN and Redis.\n"
            );
            let (answers, unplaced) = placed(&src);
            assert_eq!(
                audit(&src),
                [
                    (
                        1,
                        "Hop 1: Client: yes, the token.\n\nHop 2: CDN: no, only images."
                    ),
                    (
                        2,
                        "Hop 1: Client: you log in again.\n\nHop 2: CDN: another edge."
                    ),
                    (
                        3,
                        "Hop 1: Client: it owns its state.\n\nHop 2: CDN: already stateless."
                    ),
                ]
                .map(|(q, t)| (q, t.to_string())),
                "{exercise} {hop}"
            );
            let cache: Vec<&(String, u32, String)> =
                answers.iter().filter(|a| a.0 == "cache-design").collect();
            assert_eq!(cache.len(), 1, "{cache:?}");
            assert!(unplaced.is_empty(), "{unplaced:?}");
        }
    }

    #[test]
    fn numbering_restarting_with_no_heading_for_the_next_exercise_starts_it() {
        let src = "## Stateful-Component Audit\n\n1. the token\n2. logged out\n3. Redis\n\n\
                   1. CDN and Redis\n";
        let (answers, _) = placed(src);
        assert!(
            answers.contains(&("cache-design".to_string(), 1, "CDN and Redis".to_string())),
            "{answers:?}"
        );
    }

    #[test]
    fn numbering_restarting_after_the_last_answer_moves_on_when_no_heading_stands_between() {
        // A heading further down mentions the next exercise ("## Reflection on the cache
        // design"), but no heading stands between "3." and "1.": the numbering moves on.
        let src = "## Stateful-Component Audit\n\n1. sessions in memory\n2. logged out\n\
                   3. Redis\n\n1. CDN and Redis\n2. cache-aside\n\n\
                   ## Reflection on the cache design\n\nThe invalidation was hard.\n";
        let (answers, _) = placed(src);
        assert!(
            answers.contains(&("cache-design".to_string(), 2, "cache-aside".to_string())),
            "{answers:?}"
        );
    }

    #[test]
    fn a_same_level_heading_that_is_no_subject_starts_a_section_of_its_own() {
        // Text under the exercise heading first ("Skipped"), or one heading only with the
        // questions under it: the headings are sections not on the sheet, as before.
        for src in [
            "## Cache Design Exercise\n\nSkipped.\n\n## Fixing the logins\n\n1. a crash logs \
             users out\n2. JWT or Redis\n3. dual-write then switch\n",
            "## Stateful-Component Audit\n\n## My app: YouTube\n\n1. the login cookie\n\
             2. nothing\n3. already stateless\n\n## Feedback on the workshop\n\nFun.\n",
            "## Cache Design Exercise\n\n## My approach\n\n1. CDN and Redis\n\n## Reflection\n\n\
             Write-behind is safe because we eventually write to the DB.\n",
        ] {
            let read = crate::submission::markdown::read_markdown(
                src,
                &crate::submission::markdown::test_sheet::workshop(),
            );
            // Nothing could be placed: the file is a failed input that names why.
            assert!(read.is_err(), "{src}: {read:?}");
        }
    }

    #[test]
    fn same_level_hop_headings_keep_their_numbering_with_no_later_exercise_heading() {
        // From a second review: the hop headings at the exercise heading's level, and no
        // heading for the next exercise anywhere; "1." under "## Hop 2" is not cache design.
        let src = "## Stateful-Component Audit\n\n## Hop 1: Client\n\n1. The user's login token \
                   is per-user state held in a cookie.\n2. Nothing happens, the app \
                   reconnects.\n3. Already stateless.\n\n## Hop 2: API\n\n1. Per-user \
                   state: sessions in the instance's memory.\n2. The user is logged out.\n\
                   3. Move sessions to Redis to make the hop stateless.\n";
        let got = audit(src);
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(
            got[1].1.starts_with("Hop 1: Client: Nothing happens"),
            "{got:?}"
        );
        assert!(
            got[1].1.contains("Hop 2: API: The user is logged out."),
            "{got:?}"
        );
        let (answers, _) = placed(src);
        assert!(answers.iter().all(|(e, _, _)| e == "audit"), "{answers:?}");
    }

    #[test]
    fn hop_headings_answered_with_titled_question_headings_or_labelled_bullets() {
        // A question heading with the prompt (or a title) after its label, and bullets
        // that open with a label, restart the questions under each hop as "#### Q1" does
        // (before, the second hop's answers went to the next exercise's questions).
        let titled = "\
## Stateful-Component Audit

### Client

#### Q1: Does it hold per-user state between requests?

Yes: auth cookie and a draft form.

#### Q2: What does the user notice?

The draft is lost.

#### Q3: What would make this hop stateless?

Sync the draft to the server.

### CDN

#### Q1: Does it hold per-user state between requests?

No per-user state, shared photos.

#### Q2: What does the user notice?

Another POP takes over.

#### Q3: What would make this hop stateless?

Already stateless.

## Cache Design Exercise

1. A CDN and Redis.
";
        let bullets = "\
## Stateful-Component Audit

### Client

- Q1: Yes: auth cookie and a draft form.
- Q2: The draft is lost.
- Q3: Sync the draft to the server.

### CDN

- Q1: No per-user state, shared photos.
- Q2: Another POP takes over.
- Q3: Already stateless.

## Cache Design Exercise

1. A CDN and Redis.
";
        for src in [titled, bullets] {
            let (answers, unplaced) = placed(src);
            assert!(unplaced.is_empty(), "{unplaced:?}\n{src}");
            let audit: Vec<(u32, String)> = (answers.iter())
                .filter(|(e, _, _)| e == "audit")
                .map(|(_, q, t)| (*q, t.clone()))
                .collect();
            assert_eq!(audit.len(), 3, "{audit:?}\n{src}");
            assert!(audit[0].1.starts_with("Client: "), "{audit:?}");
            assert!(audit[0].1.contains("CDN: No per-user state"), "{audit:?}");
            assert!(audit[2].1.contains("CDN: Already stateless"), "{audit:?}");
            let cache: Vec<_> = (answers.iter())
                .filter(|(e, _, _)| e == "cache-design")
                .collect();
            assert_eq!(cache.len(), 1, "{cache:?}");
            assert_eq!(cache[0].2, "A CDN and Redis.");
        }
        // A heading that names an exercise still opens it.
        let named = titled.replace(
            "### CDN\n\n#### Q1: Does it hold per-user state between requests?",
            "### CDN\n\n#### 1. Retrieval Prompts",
        );
        let (answers, _) = placed(&named);
        assert!(
            answers.iter().any(|(e, _, _)| e == "retrieval"),
            "{answers:?}"
        );
    }
}
