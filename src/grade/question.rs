//! Grading one answer to one question: a pure function of the rubric's question and the
//! learner's text. Concepts, numbers and mistakes are checked; the score comes from the
//! additive sum or the first level that holds; then penalties and caps; then the scale.

use super::answer::{Prepared, spans_overlap};
use super::attempt::is_attempt;
use super::copy::{gives_a_reason, is_copy};
use super::keyword_list::is_keyword_list;
use super::number::Learned;
use super::result::{Flag, QuestionResult};
use super::{concept, mistake, number};
use crate::rubric::{ConceptKind, MistakeRule, Question, Rubric, Scoring};
use crate::text::{Polarity, Reading};

/// The answer to grade: its text and where it starts in the file.
#[derive(Debug, Clone, Copy)]
pub struct AnswerText<'a> {
    pub text: &'a str,
    pub line: u32,
    pub column: u32,
    /// Where the text continues elsewhere in the file (`submission::Answer::parts`).
    pub parts: &'a [(usize, u32, u32)],
    /// Misconceptions the sheet-wide catalogue rules already found in these same words at an
    /// earlier question (one text answering several questions, "1–3: …", or an answer that
    /// points to another): the same words count once, so they are not found again here.
    pub counted: &'a [String],
}

/// Grades `answer` (or its absence) for question `q` of exercise `exercise`. `learned` holds the
/// learner's earlier numbers and receives this question's.
pub fn grade_question(
    rubric: &Rubric,
    exercise: &str,
    q: &Question,
    answer: Option<AnswerText<'_>>,
    learned: &mut Learned,
) -> QuestionResult {
    grade_question_within(rubric, exercise, q, answer, learned, None)
}

/// The misconception rules in view for a question: its own, then the catalogue's that it
/// does not repeat.
fn rules_in_view<'r>(q: &'r Question, rubric: &'r Rubric) -> impl Iterator<Item = &'r MistakeRule> {
    let catalogue = (rubric.misconceptions.values())
        .filter_map(|e| e.rule.as_deref())
        .filter(|r| !q.mistakes.iter().any(|m| m.id == r.id));
    q.mistakes.iter().chain(catalogue)
}

/// [`grade_question`], giving up matching once `deadline` has passed: the result is then
/// incomplete, and the caller must check the deadline and discard it.
pub fn grade_question_within(
    rubric: &Rubric,
    exercise: &str,
    q: &Question,
    answer: Option<AnswerText<'_>>,
    learned: &mut Learned,
    deadline: Option<std::time::Instant>,
) -> QuestionResult {
    let mut result = QuestionResult {
        exercise: exercise.to_string(),
        question: q.number,
        answered: false,
        score: 0.0,
        max_score: q.points,
        line: answer.map(|a| a.line),
        concepts: Vec::new(),
        numbers: Vec::new(),
        mistakes: Vec::new(),
        flags: Vec::new(),
        level: None,
        feedback: Vec::new(),
    };
    let Some(ans) = answer.filter(|a| is_attempt(a.text)) else {
        result.concepts = q
            .concepts
            .iter()
            .map(|c| crate::grade::result::ConceptResult {
                id: c.id.clone(),
                found: false,
                evidence: None,
                polarity: None,
                rule: None,
            })
            .collect();
        result.feedback.push("Not answered.".to_string());
        return result;
    };
    result.answered = true;
    let mut a = Prepared::new(
        ans.text,
        ans.line,
        ans.column,
        &rubric.lexicon,
        &q.prompt_stems,
        rubric.proximity,
    );
    a.deadline = crate::pattern::Deadline::new(deadline);
    a.decimal_mark = rubric.decimal_mark;
    a.parts = ans.parts;
    // The values the levels read, by slot (see `Question::slot`): concepts, numbers, mistakes.
    let mut values = vec![0.0; q.slots()];
    let (number_slot, mistake_slot) = (q.concepts.len(), q.concepts.len() + q.numbers.len());

    // Found points whose words are negated, or only reported, with their concept's index.
    let mut negated_hits = Vec::new();
    let mut reported_hits = Vec::new();
    // Points asserted and denied, flagged once the mistakes show which denials are theirs.
    let mut contradicted = Vec::new();
    for (i, c) in q.concepts.iter().enumerate() {
        let out = concept::check(c, &a);
        values[i] = if out.result.found { 1.0 } else { 0.0 };
        if let (Some(tokens), ConceptKind::Point) = (out.negated_hit, c.kind) {
            negated_hits.push((i, tokens));
        }
        if let Some(tokens) = out.reported_hit {
            reported_hits.push((i, tokens));
        }
        // A weakness asserted and denied says nothing the learner could act on.
        if out.contradiction && c.kind == ConceptKind::Point {
            contradicted.push(i);
        }
        result.concepts.push(out.result);
    }
    let mut number_feedback = Vec::new();
    let mut number_mistakes = Vec::new();
    // Each check's cue, and the other cues a number may stand closer to (see `number::check`).
    let cues: Vec<Vec<usize>> = q
        .numbers
        .iter()
        .map(|n| number::cue_tokens(n, &a))
        .collect();
    for (i, n) in q.numbers.iter().enumerate() {
        let rivals: Vec<usize> = cues
            .iter()
            .enumerate()
            .filter(|&(j, c)| j != i && *c != cues[i])
            .flat_map(|(_, c)| c.iter().copied())
            .collect();
        let out = number::check(n, &a, learned, &cues[i], &rivals, rubric);
        values[number_slot + i] = out.result.score;
        if let Some(v) = out.value {
            let key = crate::rubric::formula::NumberRef {
                exercise: exercise.to_string(),
                question: q.number,
                id: n.id.clone(),
            };
            learned.insert(
                key,
                (
                    v,
                    out.result.score >= 1.0 - 1e-9 && out.result.carried_forward.is_none(),
                ),
            );
        }
        if let Some(f) = out.feedback {
            number_feedback.push((n.id.as_str(), f, out.general));
        }
        if let Some(m) = out.mistake {
            number_mistakes.push((m, out.result.evidence.clone()));
        }
        result.numbers.push(out.result);
    }
    let mut cap: f64 = 1.0;
    let mut penalty = 0.0;
    let mut held_rules = Vec::new();
    let mut mistake_flags = Vec::new();
    for (i, m) in q.mistakes.iter().enumerate() {
        let out = mistake::check(m, &a);
        if out.contradiction {
            mistake_flags.push(Flag::Contradiction { rule: m.id.clone() });
        }
        if let Some(held) = out.held {
            values[mistake_slot + i] = 1.0;
            if let Some(c) = m.cap {
                cap = cap.min(c);
            }
            penalty += m.penalty;
            result.mistakes.push(held);
            held_rules.push(m);
        }
    }
    // Sheet-wide misconception rules, for labels this question's own rules do not name (no
    // `when` can name them: they have no slot).
    for (label, entry) in &rubric.misconceptions {
        let Some(rule) = &entry.rule else { continue };
        if q.mistakes.iter().any(|m| &m.id == label) || ans.counted.contains(label) {
            continue;
        }
        let out = mistake::check(rule, &a);
        if let Some(held) = out.held {
            if let Some(c) = rule.cap {
                cap = cap.min(c);
            }
            penalty += rule.penalty;
            result.mistakes.push(held);
            held_rules.push(rule);
        }
    }
    // Words that deny a point, where the denial belongs to a misconception the answer holds,
    // do not make it: "writes are never lost" names no loss. The point is graded again
    // without such words (another sentence may make it).
    let taken =
        |tokens: &[usize]| (held_rules.iter()).any(|m| mistake::takes_negation_of(m, &a, tokens));
    // Nor do words that only report a misconception ("my manager says adding an LB makes it
    // scalable" names no error): the reports of the question's rules and the catalogue's
    // (looked for only when a point was found in reported words, which is rare).
    let restatements: Vec<Vec<usize>> = if reported_hits.is_empty() {
        Vec::new()
    } else {
        rules_in_view(q, rubric)
            .flat_map(|m| mistake::reports(m, &a))
            .collect()
    };
    let restated = |tokens: &[usize]| restatements.iter().any(|r| spans_overlap(r, tokens));
    let aside = |r: Reading, tokens: &[usize]| {
        (r.polarity == Polarity::Negated && taken(tokens)) || (r.reported && restated(tokens))
    };
    let recheck: Vec<usize> = (negated_hits.iter())
        .filter(|(_, tokens)| taken(tokens))
        .chain(reported_hits.iter().filter(|(_, tokens)| restated(tokens)))
        .map(|&(i, _)| i)
        .collect();
    for i in recheck {
        let out = concept::check_except(&q.concepts[i], &a, &aside, &taken);
        values[i] = if out.result.found { 1.0 } else { 0.0 };
        result.concepts[i] = out.result;
    }
    // A point is contradicted only by a denial of its own: not by its words in a
    // misconception the learner refutes, nor by a negation that a held misconception takes
    // and that only reaches words apart from its own (see `mistake::takes_negation_beyond`).
    // (The refutations are looked for only here: contradictions are rare.)
    if !contradicted.is_empty() {
        let held = |id: &str| result.mistakes.iter().any(|m| m.id == id);
        let refuted: Vec<Vec<usize>> = rules_in_view(q, rubric)
            .filter(|m| !held(&m.id))
            .flat_map(|m| mistake::refutations(m, &a))
            .collect();
        let aside = |tokens: &[usize]| {
            refuted.iter().any(|r| tokens.iter().all(|t| r.contains(t)))
                || (held_rules.iter()).any(|m| mistake::takes_negation_beyond(m, &a, tokens))
        };
        for i in contradicted {
            if concept::contradicted_apart(&q.concepts[i], &a, &aside) {
                let rule = q.concepts[i].id.clone();
                result.flags.push(Flag::Contradiction { rule });
            }
        }
    }
    result.flags.append(&mut mistake_flags);
    for (id, evidence) in number_mistakes {
        if result.mistakes.iter().any(|m| m.id == id) {
            continue;
        }
        if let Some(entry) = rubric.misconceptions.get(&id) {
            result.mistakes.push(crate::grade::result::MistakeResult {
                id: id.clone(),
                title: entry.title.clone(),
                evidence,
                feedback: entry.feedback.clone(),
                rule: None,
            });
        }
    }

    let mut reached = None;
    let mut frac = match &q.scoring {
        Scoring::Additive => {
            let c: f64 = (q.concepts.iter().zip(&values))
                .filter(|&(_, &v)| v >= 1.0)
                .map(|(c, _)| c.weight)
                .sum();
            let n: f64 = (q.numbers.iter().zip(&values[number_slot..]))
                .map(|(n, v)| n.weight * v)
                .sum();
            (c + n).min(1.0)
        }
        Scoring::Levels(levels) => {
            reached = super::credit::reached(q, &values);
            reached.map_or(0.0, |k| {
                result.level = Some(levels[k].source.clone());
                levels[k].score.of(&values)
            })
        }
    };
    frac = (frac - penalty).min(cap);
    // A question whose list cap is 1 takes a list of terms as an answer: nothing to flag.
    if q.numbers.is_empty() && q.list_cap < 1.0 && is_keyword_list(&a.analysis, ans.text) {
        result.flags.push(Flag::KeywordList);
        frac = frac.min(q.list_cap);
    }
    // Agreeing with the statement it repeats is an answer: "Yes, …", "I agree, …", "…, yes."
    // Where the rubric lets a copy keep its credit (`copy-cap: 1`, item-name prompts such as
    // "thundering herd vs cache stampede"), so is an answer that holds a belief of its own
    // ("TTL expiry = invalidation, same thing") or earned credit ("Stampede is the cache
    // version of a thundering herd"): both reuse the prompt's words to answer it. (Elsewhere
    // the flag and its cap stay: restating a prompt that states a misconception holds it.)
    let own_words = q.copy_cap >= 1.0 && (!result.mistakes.is_empty() || frac > 0.0);
    if !own_words
        && is_copy(
            &a.analysis,
            &q.prompt_stems,
            &q.prompt_sentences,
            !q.numbers.is_empty(),
        )
        && !crate::text::agrees_with_statement(ans.text)
        && !gives_a_reason(&a.analysis, &q.prompt)
    {
        result.flags.push(Flag::CopiedPrompt);
        frac = frac.min(q.copy_cap);
    }
    frac = snap(frac.clamp(0.0, 1.0), &rubric.scale);
    result.score = round6(frac * q.points);

    // Feedback: misconceptions first, then flags, numbers, missing concepts.
    let mut fb: Vec<String> = result.mistakes.iter().map(|m| m.feedback.clone()).collect();
    for f in &result.flags {
        fb.push(match f {
            Flag::KeywordList => {
                "This answer lists terms without saying why or what happens; explain the reasoning behind each."
                    .to_string()
            }
            Flag::CopiedPrompt => "This answer repeats the question; answer it in your own words.".to_string(),
            Flag::Contradiction { rule } => contradiction_feedback(q, rule),
        });
    }
    // A number's feedback: what its matched answer says (why it fell short), and a check's
    // general advice only when the best level still needs that check (not for another way
    // to a level, and never at full credit). At full credit, nothing is said about words
    // that another check accepted in full (a maximum of 40 is right; that it also sits
    // above the learner's own, wrong, peak count is no advice).
    let full = result.score >= q.points - 1e-9;
    let accepted_elsewhere = |id: &str| {
        let read = result.numbers.iter().find(|n| n.id == id);
        read.is_some_and(|n| {
            (result.numbers.iter())
                .any(|m| m.id != id && m.score >= 1.0 - 1e-9 && m.reads_same_words(n))
        })
    };
    fb.extend(
        number_feedback
            .into_iter()
            .filter(|(id, _, general)| {
                (!general || super::credit::number_needed(q, &values, reached, id))
                    && !(full && accepted_elsewhere(id))
            })
            .map(|(_, f, _)| f),
    );
    if result.score < q.points - 1e-9 {
        // What to improve: the weaknesses that decided the level, then the points still
        // needed (see `credit`).
        let weak = super::credit::weaknesses(q, &values, reached);
        fb.extend(weak.iter().map(|c| c.feedback.clone()));
        let missing = super::credit::missing(q, &values, reached, &|_| true);
        fb.extend(missing.iter().map(|m| m.concept.feedback.clone()));
    }
    fb.dedup();
    result.feedback = fb;
    result
}

/// The feedback of a contradiction flag on the concept or mistake rule `rule` of `q`, naming
/// it as learners see it: the concept's label, the misconception's title.
pub fn contradiction_feedback(q: &Question, rule: &str) -> String {
    let name = q
        .concepts
        .iter()
        .find(|c| c.id == rule)
        .map(|c| c.label())
        .or_else(|| {
            q.mistakes
                .iter()
                .find(|m| m.id == rule)
                .map(|m| m.title.clone())
        })
        .unwrap_or_else(|| rule.to_string());
    format!("This answer both asserts and denies the same point ({name}); say which you mean.")
}

/// Rounds to the nearest allowed fraction; halfway rounds down.
pub fn snap(x: f64, scale: &[f64]) -> f64 {
    if scale.is_empty() {
        return x;
    }
    let mut best = scale[0];
    for &s in scale {
        if (s - x).abs() < (best - x).abs() - 1e-12 {
            best = s;
        }
    }
    best
}

/// Rounds to 6 decimals, so that sums print the same everywhere; never `-0` (the sum of no
/// `f64`s is `-0.0`, and a score must not print as `-0`).
pub fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6 + 0.0
}

/// Grades `text` as the answer to the first question of the rubric's first exercise, with
/// no earlier numbers (for tests).
#[cfg(test)]
pub(crate) fn grade_text(rubric: &Rubric, text: &str) -> QuestionResult {
    grade_text_at(rubric, 0, text, &mut Learned::default())
}

/// Grades `text` as the answer to question `k` (counted from 0) of the rubric's first
/// exercise, with the earlier numbers `learned` (for tests).
#[cfg(test)]
pub(crate) fn grade_text_at(
    rubric: &Rubric,
    k: usize,
    text: &str,
    learned: &mut Learned,
) -> QuestionResult {
    let exercise = &rubric.exercises[0];
    let answer = AnswerText {
        text,
        line: 1,
        column: 1,
        parts: &[],
        counted: &[],
    };
    grade_question(
        rubric,
        &exercise.id,
        &exercise.questions[k],
        Some(answer),
        learned,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_never_gives_negative_zero() {
        let nothing: f64 = std::iter::empty::<f64>().sum();
        for x in [nothing, -0.0, -1e-9, 0.0] {
            let r = round6(x);
            assert_eq!(r.to_bits(), 0.0f64.to_bits(), "{x:?} -> {r:?}");
        }
        assert_eq!(round6(-0.25), -0.25);
    }

    #[test]
    fn snapping_rounds_halfway_down() {
        let s = [0.0, 0.25, 0.5, 0.75, 1.0];
        assert_eq!(snap(0.6, &s), 0.5);
        assert_eq!(snap(0.625, &s), 0.5);
        assert_eq!(snap(0.63, &s), 0.75);
        assert_eq!(snap(0.63, &[]), 0.63);
    }

    fn feedback_for(text: &str) -> (f64, Vec<String>) {
        let r = crate::rubric::load_str(
            r#"
id: f
title: F
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: How many instances at peak, and how many requests in flight per instance?
        numbers:
          - id: peak
            answers:
              - { value: 32.5, round: up, score: 1, rounding-score: 0.75, feedback: "Round up: 33." }
            feedback: Work out the peak count.
          - id: fleet
            answers: [{ value: 250, score: 1 }]
            feedback: Give the fleet-wide figure.
        scoring:
          levels:
            - { score: 1, when: "peak" }
            - { score: 0.5, when: "peak >= 0.75 | fleet" }
"#,
            "f.yaml",
        )
        .expect("valid");
        let out = grade_text(&r, text);
        (out.score, out.feedback)
    }

    /// A number's feedback is advice: none at full credit (the rounding advice is for those
    /// who did not round up), and a check's general advice only when the best level still
    /// needs that check, not for another way to a level.
    #[test]
    fn number_feedback_is_advice_the_answer_still_needs() {
        assert_eq!(feedback_for("33 instances at peak."), (1.0, vec![]));
        assert_eq!(
            feedback_for("32 instances at peak."),
            (0.5, vec!["Round up: 33.".to_string()])
        );
        assert_eq!(
            feedback_for("No idea, 7 maybe."),
            (0.0, vec!["Work out the peak count.".to_string()])
        );
    }

    /// A level that gives a number's credit (`score: peak`) needs that number: its advice
    /// reaches a learner whose number fell short.
    #[test]
    fn a_level_scored_by_a_number_keeps_its_advice() {
        let r = crate::rubric::load_str(
            r#"
id: n
title: N
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: How many instances at peak?
        numbers:
          - id: peak
            answers: [{ value: 33, score: 1 }, { value: 25, score: 0.5 }]
            feedback: Work from the peak load.
        scoring:
          levels:
            - { score: peak, when: "peak >= 0.25" }
"#,
            "n.yaml",
        )
        .expect("valid");
        let grade = |text| {
            let out = grade_text(&r, text);
            (out.score, out.feedback)
        };
        let advice = vec!["Work from the peak load.".to_string()];
        assert_eq!(grade("About 7 instances."), (0.0, advice.clone()));
        assert_eq!(grade("25 instances."), (0.5, advice));
        assert_eq!(grade("33 instances."), (1.0, vec![]));
    }

    /// A point that a `polarity: any` rule finds in words denying it is not made when the
    /// denial is a misconception the answer holds: "writes are never lost" holds the belief
    /// and names no loss. Another negation ("unflushed writes are not safe, they can be lost")
    /// still makes the point.
    #[test]
    fn a_point_denied_by_a_held_misconception_is_not_made() {
        let r = crate::rubric::load_str(
            r#"
id: w
title: W
misconceptions:
  safe: { title: Write-behind is safe, feedback: Write-behind can lose acknowledged writes. }
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: Is write-behind safe?
        concepts:
          - { id: loss, polarity: any, match: "writes .. lost", feedback: Name the loss. }
        mistakes:
          - id: safe
            penalty: 0.5
            match: ["writes_(=are)_(=never)_(=lost)"]
"#,
            "w.yaml",
        )
        .expect("valid");
        let out = grade_text(&r, "Acknowledged writes are never lost with write-behind.");
        assert_eq!(out.mistakes.len(), 1);
        assert!(!out.concepts[0].found, "{:?}", out.concepts[0]);
        assert_eq!(out.score, 0.0);
        // The words stay as those that mentioned the point the wrong way.
        assert!(out.concepts[0].evidence.is_some());
        let out = grade_text(&r, "Writes are not safe: unflushed writes can be lost.");
        assert!(out.mistakes.is_empty());
        assert!(out.concepts[0].found);
        assert_eq!(out.score, 1.0);
        // Another sentence that makes the point still does, in either order (penalty 0.5).
        for text in [
            "Acknowledged writes are never lost, the vendor says. In fact unflushed writes get lost in a crash.",
            "Unflushed writes get lost in a crash. Acknowledged writes are never lost, the vendor says.",
        ] {
            let out = grade_text(&r, text);
            assert_eq!(out.mistakes.len(), 1, "{text}");
            assert!(out.concepts[0].found, "{text}: {:?}", out.concepts[0]);
            assert_eq!(out.score, 0.5, "{text}");
            let evidence = out.concepts[0].evidence.as_ref().unwrap();
            assert!(evidence.text.contains("crash"), "{text}: {evidence:?}");
        }
    }

    /// A point is contradicted by a denial of its own, not by its words in a misconception
    /// the learner refutes (however often, whichever way), nor by a negation a held
    /// misconception takes that only reaches words apart from its own; a held misconception
    /// that denies the point in some of its own words still contradicts it, and so does a
    /// denial between a refuted misconception's words.
    #[test]
    fn a_point_is_contradicted_only_by_a_denial_of_its_own() {
        let r = crate::rubric::load_str(
            r#"
id: c
title: C
misconceptions:
  sturdy: { title: One big box is sturdier, feedback: One box is one point of failure. }
  swapped: { title: Swapped, feedback: Scaling up is a bigger machine. }
  enough: { title: One is enough, feedback: One machine is a single point of failure. }
  fresh: { title: Always fresh, feedback: A cache can serve stale data. }
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: What is horizontal scaling?
        concepts:
          - { id: fleet, match: "more machines", feedback: Say what it is. }
          - { id: inval, match: "cache .. invalidat*", feedback: Say what the cache needs. }
        mistakes:
          - { id: sturdy, match: "box (=doesnt) crash" }
          - { id: swapped, match: "scaling_up .. more machines" }
          - { id: enough, match: ["no need for .. more machines", "no need for more"] }
          - { id: fresh, match: "cache .. always fresh" }
"#,
            "c.yaml",
        )
        .expect("valid");
        let flags = |text: &str| {
            let out = grade_text(&r, text);
            let held: Vec<String> = out.mistakes.iter().map(|m| m.id.clone()).collect();
            let flags: Vec<String> = out.flags.iter().map(Flag::to_string).collect();
            (held, flags)
        };
        let none: Vec<String> = Vec::new();
        let fleet = vec!["contradiction of `fleet`".to_string()];
        let cases = [
            // A plain denial of the point.
            (
                "Horizontal means more machines. Horizontal scaling does not mean more machines.",
                none.clone(),
                fleet.clone(),
            ),
            // The words of a refuted misconception, once, twice, after a quotation of it.
            (
                "Horizontal means more machines. A common mix-up is to think that scaling up means more machines.",
                none.clone(),
                none.clone(),
            ),
            (
                "Horizontal means more machines. It is a myth that scaling up means more machines. It is also wrong to say that scaling up means more machines.",
                none.clone(),
                none.clone(),
            ),
            (
                "Horizontal means more machines. Some say \"scaling up means more machines\". It is a myth that scaling up means more machines.",
                none.clone(),
                none.clone(),
            ),
            // A denial between a refuted misconception's words, not among them.
            (
                "The cache needs invalidation. The cache does not need invalidation, and it is not always fresh.",
                none.clone(),
                vec!["contradiction of `inval`".to_string()],
            ),
            // A held misconception's negation, reaching past its words.
            (
                "Horizontal means more machines. A big box doesn't crash as often as more machines.",
                vec!["sturdy".to_string()],
                none.clone(),
            ),
            // A held misconception that denies the point in its own words, all or some.
            (
                "Horizontal means more machines. With a big box there is no need for more machines.",
                vec!["enough".to_string()],
                fleet.clone(),
            ),
            (
                "Horizontal means more machines. With a big box there is no need for more of them, machines or racks.",
                vec!["enough".to_string()],
                fleet.clone(),
            ),
        ];
        for (text, held, flagged) in cases {
            assert_eq!(flags(text), (held, flagged), "{text}");
        }
    }

    /// A copy of the prompt is flagged, but not an answer in the prompt's words that holds a
    /// belief of its own, nor one that earned credit where copies keep theirs (`copy-cap: 1`).
    #[test]
    fn an_answer_in_the_prompts_words_is_no_copy_when_it_says_something() {
        let r = crate::rubric::load_str(
            r#"
id: c
title: C
misconceptions:
  same: { title: Herd and stampede are unrelated, feedback: A stampede is a herd on a cache key. }
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: thundering herd vs cache stampede
        copy-cap: 1
        concepts:
          - { id: subset, match: "stampede .. (version|kind|case) .. herd", feedback: Relate them. }
          - { id: herd, match: "herd .. (clients|waiters)", feedback: Explain the herd. }
        mistakes:
          - { id: same, match: "(unrelated|nothing_in_common)" }
"#,
            "c.yaml",
        )
        .expect("valid");
        let copied = |text| grade_text(&r, text).flags.contains(&Flag::CopiedPrompt);
        assert!(copied("Thundering herd vs cache stampede."));
        assert!(!copied(
            "A stampede is the cache version of a thundering herd."
        ));
        assert!(!copied("Thundering herd, cache stampede: unrelated."));
        // Where copies are capped, restating a prompt that states a misconception is a copy.
        let r = crate::rubric::load_str(
            r#"
id: c
title: C
misconceptions:
  safe: { title: Write-behind is safe, feedback: It can lose writes. }
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: Write-behind is safe because we eventually write to the DB.
        concepts:
          - { id: eventual, weight: 0.5, match: "eventu*", feedback: Say when it is written. }
          - { id: crash, weight: 0.5, match: "crash*", feedback: Name the crash. }
        mistakes:
          - { id: safe, penalty: 0.25, match: "write_behind .. safe" }
"#,
            "c.yaml",
        )
        .expect("valid");
        let out = grade_text(
            &r,
            "Write-behind is safe because we eventually write to the DB.",
        );
        assert!(out.flags.contains(&Flag::CopiedPrompt), "{:?}", out.flags);
        assert_eq!(out.score, 0.0);
    }

    /// A reason given in the prompt's words answers a "why" question; restating a prompt
    /// that gives its own reason is still a copy (see the test above).
    #[test]
    fn a_reason_in_the_prompts_words_is_no_copy() {
        let r = crate::rubric::load_str(
            r#"
id: c
title: C
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: Why can adding an index slow down INSERT and UPDATE statements?
        concepts:
          - { id: maintain, match: "index .. updat*", feedback: Say what is updated. }
"#,
            "c.yaml",
        )
        .expect("valid");
        for text in [
            "Because the index has to be updated on every insert.",
            "An index slows down INSERT and UPDATE statements because the index must be updated.",
            "Since the index is updated on each insert and update.",
        ] {
            let out = grade_text(&r, text);
            assert!(!out.flags.contains(&Flag::CopiedPrompt), "{text}");
            assert_eq!(out.score, 1.0, "{text}");
        }
        for copy in [
            "Adding an index can slow down INSERT and UPDATE statements.",
            "Thus adding an index can slow down INSERT and UPDATE statements.",
            "Adding an index can slow down INSERT and UPDATE statements, because it can.",
            "Adding an index can slow down INSERT and UPDATE statements due to the index.",
        ] {
            let out = grade_text(&r, copy);
            assert!(out.flags.contains(&Flag::CopiedPrompt), "{copy}");
        }
    }

    /// A list of terms is flagged and capped, except where the question's list cap is 1.
    #[test]
    fn a_list_of_terms_is_flagged_only_where_lists_are_capped() {
        for (cap, flagged) in [(0.0, true), (1.0, false)] {
            let src = format!(
                r#"
id: l
title: L
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: Name three caching layers.
        list-cap: {cap}
        concepts:
          - {{ id: layers, match: "(cdn|proxy|redis)", feedback: Name the layers. }}
"#
            );
            let r = crate::rubric::load_str(&src, "l.yaml").expect("valid");
            let out = grade_text(&r, "CDN, reverse proxy, Redis.");
            assert_eq!(
                out.flags.contains(&Flag::KeywordList),
                flagged,
                "list-cap {cap}"
            );
            assert_eq!(out.score, if flagged { 0.0 } else { 1.0 }, "list-cap {cap}");
        }
    }
}
