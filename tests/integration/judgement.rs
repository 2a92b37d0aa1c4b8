//! Judgement on realistic learner answers, with the workshop rubric: assertion versus
//! negation and quotation, keyword lists, copied prompts, typos and spelling, number formats,
//! unit conversion, and error carried forward. Each test names the behaviour an instructor
//! relies on.

use std::sync::OnceLock;

use assay::grade::number::Learned;
use assay::grade::{AnswerText, Flag, QuestionResult, grade_question};
use assay::rubric::{Rubric, load};

fn rubric() -> &'static Rubric {
    static R: OnceLock<Rubric> = OnceLock::new();
    R.get_or_init(|| {
        load(&super::util::root().join("rubrics/scaling-workshop.yaml"))
            .expect("the workshop rubric loads")
    })
}

/// Grades `text` as the answer to `exercise`/`number`, with the learner's earlier numbers.
fn grade_with(exercise: &str, number: u32, text: &str, learned: &mut Learned) -> QuestionResult {
    let r = rubric();
    let q = r.question(exercise, number).expect("question exists");
    grade_question(
        r,
        exercise,
        q,
        Some(AnswerText {
            text,
            line: 1,
            column: 1,
            parts: &[],
            counted: &[],
        }),
        learned,
    )
}

fn grade(exercise: &str, number: u32, text: &str) -> QuestionResult {
    grade_with(exercise, number, text, &mut Learned::new())
}

fn held(r: &QuestionResult) -> Vec<&str> {
    r.mistakes.iter().map(|m| m.id.as_str()).collect()
}

#[test]
fn agreeing_with_a_wrong_statement_is_holding_the_misconception() {
    let r = grade(
        "mistakes",
        2,
        "Yes, sticky sessions are fine if the load balancer does health checks.",
    );
    assert!(held(&r).contains(&"sticky-is-fine"), "{:?}", held(&r));
    assert_eq!(r.score, 0.0);
}

#[test]
fn negating_a_wrong_statement_is_not_holding_it() {
    let r = grade(
        "mistakes",
        2,
        "Sticky sessions are NOT fine, however smart the LB is: when that instance dies or is redeployed, \
         every user pinned to it loses their session, and load ends up uneven.",
    );
    assert!(held(&r).is_empty(), "{:?}", held(&r));
    assert!(r.score >= 0.75, "{}", r.score);
}

#[test]
fn quoting_a_wrong_statement_to_refute_it_is_not_holding_it() {
    let r = grade(
        "mistakes",
        3,
        "\"Write-behind is safe because we eventually write to the DB\" is wrong: until the flush the only copy \
         of an acknowledged write sits in the cache, so a crash loses it.",
    );
    assert!(held(&r).is_empty(), "{:?}", held(&r));
    assert!(r.score >= 0.75, "{}", r.score);
}

#[test]
fn a_bare_list_of_buzzwords_earns_nothing_and_says_why() {
    let r = grade(
        "compare",
        3,
        "cache-aside, write-through, write-behind, TTL, Redis, consistency",
    );
    assert!(r.flags.contains(&Flag::KeywordList), "{:?}", r.flags);
    assert_eq!(r.score, 0.0);
    assert!(
        r.feedback.iter().any(|f| f.contains("lists terms")),
        "{:?}",
        r.feedback
    );
}

#[test]
fn copying_the_prompt_back_earns_nothing() {
    let r = grade(
        "cache-design",
        2,
        "Which update pattern for each layer, and why? We choose the update pattern for each layer based on the layer.",
    );
    assert!(r.flags.contains(&Flag::CopiedPrompt), "{:?}", r.flags);
    assert_eq!(r.score, 0.0);
}

#[test]
fn typos_and_british_spelling_cost_nothing() {
    let clean = grade(
        "retrieval",
        2,
        "A stateless service keeps no per-user state between requests, so any instance can serve any request. \
         Hidden state: sessions kept in local memory, and a local in-process cache that differs per instance.",
    );
    let typos = grade(
        "retrieval",
        2,
        "A stateles servise keeps no per-user state betwen requests, so any instance can serve any reqest. \
         Hidden state: sesions kept in local memory, and a local in-proces cahce that differs per instance.",
    );
    assert!(clean.score >= 0.75, "{}", clean.score);
    assert_eq!(clean.score, typos.score);
}

#[test]
fn numbers_are_read_as_learners_write_them() {
    for text in [
        "36",
        "thirty-six instances",
        "~36 servers",
        "We need 36 pods at peak.",
        "5000 / 140 = 35.7, so 36 instances",
    ] {
        let r = grade("capacity-plan", 1, text);
        assert_eq!(r.score, 1.0, "{text}: {:?}", r.numbers);
    }
    let r = grade(
        "capacity-plan",
        2,
        "Mean load is ≈ 1,667 req/s (1.67k), so 12 instances.",
    );
    assert_eq!(r.score, 1.0, "{:?}", r.numbers);
}

#[test]
fn rounding_down_or_leaving_a_fraction_loses_a_quarter() {
    for text in ["32.5 instances", "35 instances", "35.7 instances"] {
        let r = grade("capacity-plan", 1, text);
        assert_eq!(r.score, 0.75, "{text}: {:?}", r.numbers);
    }
}

#[test]
fn forgetting_headroom_is_named() {
    let r = grade("capacity-plan", 1, "5000 / 200 = 25 instances.");
    assert_eq!(r.score, 0.5);
    assert!(held(&r).contains(&"no-headroom"), "{:?}", held(&r));
}

#[test]
fn units_are_converted() {
    // Little's law with the latency in milliseconds, converted by the learner correctly.
    let r = grade(
        "capacity-plan",
        4,
        "L = λW = 200 req/s × 50 ms = 200 × 0.05 s = 10 requests in flight per instance; size the thread pool \
         2-4x above that (20-40) so latency spikes don't queue.",
    );
    assert_eq!(r.score, 1.0, "{:?} {:?}", r.numbers, r.level);
    let r = grade(
        "capacity-plan",
        4,
        "200 × 50 = 10,000 concurrent requests, so 10,000 threads.",
    );
    assert!(held(&r).contains(&"littles-law-units"), "{:?}", held(&r));
}

#[test]
fn error_carried_forward_credits_a_consistent_method() {
    let mut learned = Learned::new();
    // An arithmetic slip upstream: 70 % of 200 taken as 160, so 5000 / 160 = 31.25 → 32.
    let peak = grade_with(
        "capacity-plan",
        1,
        "5000 / 160 = 31.25, so 32 instances.",
        &mut learned,
    );
    assert!(peak.score < 1.0);
    // The mean count is the learner's own peak count / 3, rounded up: 32 / 3 → 11.
    let mean = grade_with(
        "capacity-plan",
        2,
        "32 / 3 = 10.7, so 11 instances at the mean.",
        &mut learned,
    );
    assert!(mean.score >= 0.75, "{:?}", mean.numbers);
    let hpa = grade_with(
        "capacity-plan",
        3,
        "HPA min 11, max 40: headroom above my 32 at peak for spikes and AZ loss.",
        &mut learned,
    );
    assert!(hpa.score >= 0.75, "{:?}", hpa.numbers);
}

/// A number closer to another check's cue belongs to that check: "min 11, max 33" does not
/// read 11 as the maximum (it lies within the maximum's window too), so the learner is not
/// told their maximum is below their peak count.
#[test]
fn each_number_goes_to_the_cue_it_stands_next_to() {
    let mut learned = Learned::new();
    grade_with(
        "capacity-plan",
        1,
        "5000 × 1.3 = 6500 req/s; 6500 / 200 = 32.5, so 33 instances.",
        &mut learned,
    );
    let hpa = grade_with(
        "capacity-plan",
        3,
        "HPA min 11 (steady state), max 33 (the peak).",
        &mut learned,
    );
    let given = |id: &str| {
        hpa.numbers
            .iter()
            .find(|n| n.id == id)
            .and_then(|n| n.given)
    };
    assert_eq!(given("hpa-min"), Some(11.0), "{:?}", hpa.numbers);
    assert_eq!(given("hpa-max"), Some(33.0), "{:?}", hpa.numbers);
    assert_eq!(given("hpa-max-ecf"), Some(33.0), "{:?}", hpa.numbers);
    assert!(
        !hpa.feedback
            .iter()
            .any(|f| f.contains("below your own peak")),
        "{:?}",
        hpa.feedback
    );
    // Each number one word from both cues: the cue before it names it.
    let tight = grade_with("capacity-plan", 3, "HPA min 11, max 33.", &mut learned);
    assert_eq!(
        tight
            .numbers
            .iter()
            .find(|n| n.id == "hpa-max-ecf")
            .and_then(|n| n.given),
        Some(33.0),
        "{:?}",
        tight.numbers
    );
    // Written apart from their cues, the numbers still count: "min and max: 11 and 40".
    let apart = grade_with(
        "capacity-plan",
        3,
        "HPA min and max: 11 and 40.",
        &mut learned,
    );
    assert_eq!(
        apart
            .numbers
            .iter()
            .find(|n| n.id == "hpa-min")
            .and_then(|n| n.given),
        Some(11.0),
        "{:?}",
        apart.numbers
    );
}

#[test]
fn a_trivial_earlier_answer_does_not_make_later_parts_free() {
    let mut learned = Learned::new();
    grade_with("capacity-plan", 1, "1 instance.", &mut learned);
    let mean = grade_with(
        "capacity-plan",
        2,
        "1 / 3 → 1 instance at the mean.",
        &mut learned,
    );
    assert_eq!(mean.score, 0.0, "{:?}", mean.numbers);
}

#[test]
fn asserting_and_denying_the_same_point_is_flagged() {
    let r = grade(
        "mistakes",
        2,
        "Sticky sessions are fine with a smart load balancer. Sticky sessions are not fine with a smart load balancer.",
    );
    assert!(
        r.flags
            .iter()
            .any(|f| matches!(f, Flag::Contradiction { .. })),
        "{:?}",
        r.flags
    );
    assert!(
        r.feedback
            .iter()
            .any(|f| f.contains("both asserts and denies")),
        "{:?}",
        r.feedback
    );
}

/// A learner who holds "more memory fixes a slow cache" is not credited with saying that
/// memory is not the fix, by the same words; a restriction or a denial still is.
#[test]
fn memory_is_not_credited_as_not_the_fix_when_the_learner_says_it_fixed_it() {
    let credited = |text: &str| {
        let r = grade("mistakes", 5, text);
        let found = r
            .concepts
            .iter()
            .any(|c| c.found && c.id.starts_with("memory-not-fix"));
        (
            found,
            r.mistakes
                .iter()
                .any(|m| m.id == "more-memory-fixes-slow-cache"),
        )
    };
    assert_eq!(credited("Yes, doubling memory fixed it."), (false, true));
    assert_eq!(
        credited("More memory is the right fix, the cache ran out of space."),
        (false, true)
    );
    assert_eq!(
        credited("More memory only helps if the cache was evicting hot keys."),
        (true, false)
    );
    assert_eq!(
        credited("Memory was not the bottleneck here."),
        (true, false)
    );
}
