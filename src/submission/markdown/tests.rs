//! Scenario tests for `read_markdown`: realistic learner Markdown against the workshop
//! sheet, one behaviour per test, table-driven where the inputs vary in one way.

use crate::submission::markdown::test_sheet::workshop;
use crate::submission::markdown::{MarkdownError, MarkdownRead, read_markdown};

fn read(src: &str) -> MarkdownRead {
    read_markdown(src, &workshop()).unwrap_or_else(|e| panic!("{e}\n---\n{src}"))
}

/// (exercise, question, text) of every answer, in the order returned.
fn answers(src: &str) -> Vec<(String, u32, String)> {
    read(src)
        .answers
        .into_iter()
        .map(|a| (a.exercise, a.question, a.text))
        .collect()
}

#[track_caller]
fn case(src: &str, want: &[(&str, u32, &str)]) {
    let got = answers(src);
    let want: Vec<(String, u32, String)> = want
        .iter()
        .map(|(e, q, t)| (e.to_string(), *q, t.to_string()))
        .collect();
    assert_eq!(got, want, "\n---\n{src}");
}

/// Reasons of the unplaced content, with its text.
fn unplaced(src: &str) -> Vec<(String, String)> {
    read(src)
        .unplaced
        .into_iter()
        .map(|u| (u.text, u.reason))
        .collect()
}

const FULL: &str = "---
learner: ana-01
course: scaling
---
# Scaling Design Workshop — answers

## 1. Retrieval prompts

1. Vertical scaling adds CPU/RAM to one box; horizontal adds boxes.
   Vertical: single point of failure. Horizontal: partial failures.
2. Stateless = no per-user state between requests. Hidden state: local sessions, local caches.
3. Cookie affinity (uneven load), IP hash (NAT skew), consistent hashing (rebalancing).
4. Cache-aside, write-through, write-behind, refresh-ahead.
5. Browser cache, CDN, app cache.

## Compare and Distinguish

- **scale up vs scale out:** bigger machine vs more machines.
- stateless vs sticky vs external session store: where the session lives.
- Cache-aside vs write-through vs write-behind - who writes the cache.

## Section 3: common mistakes

Q1: A load balancer alone does not make a service stateless.

Q2: Smart or not, a sticky node that dies loses its sessions.

## Horizontal capacity plan

### Q1

Peak needs 5000 / 200 = 25 instances, plus 30% headroom:

```
25 / 0.7 = 35.7 -> 36
```

### Q2

Mean is 5000 / 3 = 1667 req/s, so 9 instances.

### Q4

| Quantity | Value |
|----------|-------|
| L = λW   | 10    |

## Evidence Check

- Justify stateless-with-external-store: any instance can serve any user.
";

#[test]
fn a_full_submission_is_split_into_placed_answers() {
    let read = read(FULL);
    assert_eq!(read.learner.as_deref(), Some("ana-01"));
    assert_eq!(read.unplaced, []);
    let got: Vec<(&str, u32)> = read
        .answers
        .iter()
        .map(|a| (a.exercise.as_str(), a.question))
        .collect();
    assert_eq!(
        got,
        [
            ("retrieval", 1),
            ("retrieval", 2),
            ("retrieval", 3),
            ("retrieval", 4),
            ("retrieval", 5),
            ("compare", 1),
            ("compare", 2),
            ("compare", 3),
            ("mistakes", 1),
            ("mistakes", 2),
            ("capacity-plan", 1),
            ("capacity-plan", 2),
            ("capacity-plan", 4),
            ("evidence", 1),
        ]
    );
    let text = |e: &str, q: u32| {
        read.answers
            .iter()
            .find(|a| a.exercise == e && a.question == q)
            .unwrap()
            .text
            .clone()
    };
    assert_eq!(
        text("retrieval", 1),
        "Vertical scaling adds CPU/RAM to one box; horizontal adds boxes.\n   Vertical: single point of failure. Horizontal: partial failures."
    );
    assert_eq!(text("compare", 1), "bigger machine vs more machines.");
    assert_eq!(text("compare", 2), "where the session lives.");
    assert_eq!(text("compare", 3), "who writes the cache.");
    assert_eq!(
        text("capacity-plan", 1),
        "Peak needs 5000 / 200 = 25 instances, plus 30% headroom:\n\n```\n25 / 0.7 = 35.7 -> 36\n```"
    );
    assert!(text("capacity-plan", 4).starts_with("| Quantity | Value |"));
    assert_eq!(text("evidence", 1), "any instance can serve any user.");
}

#[test]
fn positions_are_of_the_first_character_of_the_text() {
    let read = read(FULL);
    let first = &read.answers[0];
    assert_eq!((first.line, first.column), (9, 4));
    let compare = read
        .answers
        .iter()
        .find(|a| a.exercise == "compare" && a.question == 1)
        .unwrap();
    assert_eq!((compare.line, compare.column), (18, 30));
    // Columns count characters, not bytes; CRLF and lone CR end lines.
    for src in [
        "## Capacity plan\n\nQ1: «é» 34\n",
        "## Capacity plan\r\n\r\nQ1: «é» 34\r\n",
        "## Capacity plan\r\rQ1: «é» 34\r",
    ] {
        let a = &read_markdown(src, &workshop()).unwrap().answers[0];
        assert_eq!(
            (a.line, a.column, a.text.as_str()),
            (3, 5, "«é» 34"),
            "{src:?}"
        );
    }
    let src = "## Capacity plan\n\nQ1: «é» 1\n\nQ2: ünïcödé 2\n";
    let a = &read_markdown(src, &workshop()).unwrap().answers[1];
    assert_eq!((a.line, a.column), (5, 5));
}

#[test]
fn front_matter_errors_point_into_the_file() {
    let src = "---\nlearner: ana\nscores: [1, 2\n---\n## Capacity plan\n1. 36\n";
    match read_markdown(src, &workshop()) {
        Err(MarkdownError::FrontMatter {
            line,
            column,
            message,
        }) => {
            assert!((3..=4).contains(&line), "line {line}");
            assert!(column >= 1);
            assert!(!message.is_empty());
        }
        other => panic!("{other:?}"),
    }
    let err = read_markdown("---\nlearner: [a, b]\n---\n", &workshop()).unwrap_err();
    assert!(
        matches!(err, MarkdownError::FrontMatter { line: 2, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().starts_with("invalid front matter at 2:"),
        "{err}"
    );
}

#[test]
fn exercise_headings_in_many_styles() {
    let cases = [
        "## Horizontal capacity plan\n\n1. 36 instances\n",
        "# Capacity Plan\n\n1. 36 instances\n",
        "###### capacity planning\n\n1. 36 instances\n",
        "Capacity plan\n=============\n\n1. 36 instances\n",
        "Capacity planning\n---\n\n1. 36 instances\n",
        "**Capacity Plan**\n\n1. 36 instances\n",
        "__Horizontal Capacity Plan:__\n\n1. 36 instances\n",
        "Horizontal capacity plan\n\n1. 36 instances\n",
        "## 7. Capacity planning\n\n1. 36 instances\n",
        "## Part 7 - capacity\n\n1. 36 instances\n",
        "## Exercise seven\n\n1. 36 instances\n",
        "## capacity-plan\n\n1. 36 instances\n",
        "# Scaling Design Workshop — answers\n\n## Capacity plan\n\n1. 36 instances\n",
        "My submission\n\n## Capacity plan\n\n1. 36 instances\n",
        "**7. Horizontal Capacity Plan**\n\n1. 36 instances\n",
        "- **Capacity plan**\n\n1. 36 instances\n",
        "# Capacity plan\n\n## Answers\n\n1. 36 instances\n",
    ];
    for src in cases {
        case(src, &[("capacity-plan", 1, "36 instances")]);
    }
    case(
        "## Part 5 - caching\n\nQ4: request coalescing\n",
        &[("cache-design", 4, "request coalescing")],
    );
    case(
        "## Section 3: common mistakes\n\nQ5: memory was not the bottleneck\n",
        &[("mistakes", 5, "memory was not the bottleneck")],
    );
    case(
        "Cache design exercise\n\nQ1: CDN and app cache\n",
        &[("cache-design", 1, "CDN and app cache")],
    );
}

#[test]
fn exercise_headings_with_a_remark_or_extra_words() {
    // The exercise before ends on its last question, so without the heading the labels
    // would go on in `mistakes`.
    let headings = [
        "## Stateful-Component Audit (our team's food-ordering app)",
        "## Audit (app: Netflix)",
        "## Stateful-Component Audit of the checkout service",
        "Stateful-Component Audit - GitHub",
        "**Stateful-Component Audit** (app: the online banking portal I worked on last summer)",
        "**Audit (Strava)**",
    ];
    for heading in headings {
        case(
            &format!(
                "## Common mistakes\n\nQ5: measure first\n\n{heading}\n\nQ1: session in memory\n\nQ2: logged out\n"
            ),
            &[
                ("mistakes", 5, "measure first"),
                ("audit", 1, "session in memory"),
                ("audit", 2, "logged out"),
            ],
        );
    }
    // A plain line that starts with a one-word name but goes on as a sentence is text.
    case(
        "## Cache design\n\nQ5: fail open\n\nAudit trail stays in Redis\n",
        &[("cache-design", 5, "fail open\n\nAudit trail stays in Redis")],
    );
}

#[test]
fn a_lead_in_sentence_names_the_next_exercise() {
    let src = "## Compare and distinguish\n\n| # | items | difference |\n|---|---|---|\n| 1 | scale up / scale out | bigger box vs more boxes |\n| 6 | herd / stampede | a stampede is a herd on one key |\n\nThe five statements from the common mistake check, what's wrong with each:\n\n1 - An LB just spreads requests.\n\n5 - Diagnose first.\n";
    let got = answers(src);
    assert_eq!(got.len(), 4, "{got:?}");
    assert_eq!((got[1].0.as_str(), got[1].1), ("compare", 6), "{got:?}");
    assert!(!got[1].2.contains("mistake"), "{got:?}");
    assert_eq!(
        got[2..],
        [
            (
                "mistakes".to_string(),
                1,
                "An LB just spreads requests.".to_string()
            ),
            ("mistakes".to_string(), 5, "Diagnose first.".to_string()),
        ]
    );
    // While the exercise is not done, such a sentence is part of the answer.
    case(
        "## Compare\n\n1. bigger vs more\n\nThis is one of the common mistake check items too:\n\n- a load balancer is not enough\n",
        &[(
            "compare",
            1,
            "bigger vs more\n\nThis is one of the common mistake check items too:\n\n- a load balancer is not enough",
        )],
    );
}

#[test]
fn question_headings_set_the_question() {
    let cases = [
        "## Capacity plan\n### Q3\nmin 12, max 40\n",
        "## Capacity plan\n### Question 3\nmin 12, max 40\n",
        "## Capacity plan\n### 3.\nmin 12, max 40\n",
        "## Capacity plan\n### 3. HPA min/max\nmin 12, max 40\n",
        "## Capacity plan\n### What do you set the HPA min/max to?\nmin 12, max 40\n",
        "## Capacity plan\n\n**What do you set the HPA min/max to?**\n\nmin 12, max 40\n",
        "## Capacity plan\n\n**What do you set the HPA min/max to?** min 12, max 40\n",
        "## Capacity plan\n\n> What do you set the HPA min/max to?\n\nmin 12, max 40\n",
        "## Capacity plan\n\n#### 7.3\nmin 12, max 40\n",
        "## Capacity plan\n\n**Q3**\n\nmin 12, max 40\n",
        "# Answers\n\n## Capacity plan — Q3\n\nmin 12, max 40\n",
        "## Horizontal Capacity Plan, question 3\n\nmin 12, max 40\n",
    ];
    for src in cases {
        case(src, &[("capacity-plan", 3, "min 12, max 40")]);
    }
    // A restated prompt of another exercise moves there.
    case(
        "## Capacity plan\n\n### How do you avoid a thundering herd when a hot product expires?\n\nSingle-flight.\n",
        &[("cache-design", 4, "Single-flight.")],
    );
}

#[test]
fn every_label_form() {
    let labels = [
        "1.",
        "1)",
        "Q1:",
        "Q1.",
        "Q1 -",
        "(1)",
        "1 -",
        "1:",
        "Question 1:",
        "**1.**",
        "**Q1**",
        "**Q1:**",
        "Q1",
        "q1 –",
        "Answer 1:",
    ];
    for label in labels {
        case(
            &format!("## Capacity plan\n\n{label} 36 instances at peak\n"),
            &[("capacity-plan", 1, "36 instances at peak")],
        );
    }
}

#[test]
fn dotted_labels_name_exercise_and_question() {
    case(
        "## Cache design\n\n5.3) purge on price events\n\nQ7.1: 36\n\n2.5 instances would not be enough.\n",
        &[
            ("cache-design", 3, "purge on price events"),
            (
                "capacity-plan",
                1,
                "36\n\n2.5 instances would not be enough.",
            ),
        ],
    );
}

/// Dotted labels in a run ("7.1", "7.2", … at line starts under "7. Horizontal Capacity
/// Plan") are labels whatever the answer starts with: a number ("7.1 5,000 / 140"), a unit
/// word ("7.3 min 12"). In bold they are labels too ("**1.1** Vertical …"), and "4.2"
/// alone on the line after "4.1"'s list (Markdown's lazy continuation of its last item)
/// starts question 2. Outside such a run they stay numbers.
#[test]
fn dotted_labels_in_a_run_whatever_follows_them() {
    case(
        "7. Horizontal Capacity Plan\n\n7.1 5,000 / 140 ≈ 35.7 → 36 pods\n7.2 mean 1,667 rps → 12 pods\n7.3 min 12, max 36\n7.4 × 2 threads\n",
        &[
            ("capacity-plan", 1, "5,000 / 140 ≈ 35.7 → 36 pods"),
            ("capacity-plan", 2, "mean 1,667 rps → 12 pods"),
            ("capacity-plan", 3, "min 12, max 36\n7.4 × 2 threads"),
        ],
    );
    case(
        "## 1. Retrieval Prompts\n\n**1.1** Vertical: one bigger node.\n\n**1.2** Stateless: no per-client state.\n",
        &[
            ("retrieval", 1, "Vertical: one bigger node."),
            ("retrieval", 2, "Stateless: no per-client state."),
        ],
    );
    case(
        "4. Stateful-Component Audit\n\n4.1\n- client: token\n- DB: listings\n4.2\n- client: lose filters\n4.3\n- DB: replicas\n",
        &[
            ("audit", 1, "- client: token\n- DB: listings"),
            ("audit", 2, "- client: lose filters"),
            ("audit", 3, "- DB: replicas"),
        ],
    );
    // Not in a run: a number of the answer.
    case(
        "## Horizontal Capacity Plan\n\nQ2: 12 instances.\n\n7.1 5,000 / 140 is the peak count.\n",
        &[(
            "capacity-plan",
            2,
            "12 instances.\n\n7.1 5,000 / 140 is the peak count.",
        )],
    );
}

/// "2)" alone, the prompt's options "a) …", "b) …", "c) …" on the lines after it, then
/// "3) pick b": Markdown reads the options and "3)" as one paragraph ("3)" cannot interrupt
/// it), and "3)" goes on with the numbering, so it names question 3 ("3." too). A number
/// that is not the next one stays in the answer.
#[test]
fn the_next_number_on_a_line_after_lettered_options() {
    case(
        "SESSION REDESIGN\n\n1) deploys log everyone out\n2)\na) jwt - pro: no storage\nb) redis - pro: any server\nc) sticky - pro: easy\n3) pick b\n- setup redis\n- switch reads\n",
        &[
            ("session-redesign", 1, "deploys log everyone out"),
            (
                "session-redesign",
                2,
                "a) jwt - pro: no storage\nb) redis - pro: any server\nc) sticky - pro: easy",
            ),
            (
                "session-redesign",
                3,
                "pick b\n- setup redis\n- switch reads",
            ),
        ],
    );
    case(
        "SESSION REDESIGN\n\n1) deploys log everyone out\n2)\na) jwt - pro: no storage\n4. pick b\n",
        &[
            ("session-redesign", 1, "deploys log everyone out"),
            ("session-redesign", 2, "a) jwt - pro: no storage\n4. pick b"),
        ],
    );
}

/// What a cold review of the dotted-run, bold-dotted and copied-item rules found: a bold
/// value ("**8.3** instances") after working that ends in "=" switched to the eighth
/// exercise; a value equal to the next label ("150 × 0.05 =" then "7.5 (in flight …)")
/// opened question 5; a short line of an answer that repeats a later prompt's words
/// ("Sticky sessions" then "would be needed …") opened that question.
#[test]
fn what_the_review_of_the_dotted_and_copied_item_rules_found() {
    let questions = |src: &str| -> Vec<(String, u32)> {
        answers(src).into_iter().map(|(e, q, _)| (e, q)).collect()
    };
    let cap = |q| ("capacity-plan".to_string(), q);
    assert_eq!(
        questions(
            "## Horizontal Capacity Plan\n\n1. Peak: 36 instances.\n\n2. Mean is 1,667 / 200 =\n\n**8.3** instances before headroom, 12 with it.\n\n3. HPA min 12, max 36.\n"
        ),
        [cap(1), cap(2), cap(3)]
    );
    assert_eq!(
        questions(
            "## 7. Horizontal Capacity Plan\n\n7.1 Peak: 36 instances.\n7.2 Mean: 12 instances.\n7.3 HPA min 12, max 36.\n7.4 Little's law: 150 × 0.05 =\n7.5 (in flight on average); a pool of 16.\n\n7.5 p99 climbs while CPU stays low.\n"
        ),
        [cap(1), cap(2), cap(3), cap(4), cap(5)]
    );
    let answered = answers(
        "## Session-Management Redesign\n\n1. What breaks:\nevery deploy logs users out.\n\nSticky sessions\nwould be needed behind a load balancer.\n\n2. (a) JWT: hard to revoke.\n",
    );
    assert_eq!(answered.len(), 2, "{answered:?}");
    assert!(answered[0].2.contains("would be needed"), "{answered:?}");
}

#[test]
fn ordered_lists_use_the_written_numbers() {
    // Out of order: each item's own marker.
    case(
        "## Capacity plan\n\n3. min 12 max 40\n1. 36\n2. 12\n",
        &[
            ("capacity-plan", 1, "36"),
            ("capacity-plan", 2, "12"),
            ("capacity-plan", 3, "min 12 max 40"),
        ],
    );
    // All "1.": Markdown renumbers them, and so do we.
    case(
        "## Capacity plan\n\n1. 36\n1. 12\n1. 12/40\n",
        &[
            ("capacity-plan", 1, "36"),
            ("capacity-plan", 2, "12"),
            ("capacity-plan", 3, "12/40"),
        ],
    );
    // A list starting at 4, with ")" markers.
    case(
        "## Capacity plan\n\n4) about 10\n5) p99 creeping up\n",
        &[
            ("capacity-plan", 4, "about 10"),
            ("capacity-plan", 5, "p99 creeping up"),
        ],
    );
    // Lists of one "1." item split by unindented paragraphs count on.
    case(
        "## Capacity plan\n\n1. How many?\n\n36 instances.\n\n1. Mean?\n\n12 instances.\n",
        &[
            ("capacity-plan", 1, "How many?\n\n36 instances."),
            ("capacity-plan", 2, "Mean?\n\n12 instances."),
        ],
    );
}

#[test]
fn answers_keep_paragraphs_lists_tables_and_code() {
    let src = "## Cache design\n\nQ1: Three layers:\n\n- CDN for images\n- Redis for products\n\n| Layer | TTL |\n|---|---|\n| CDN | 60s |\n\n```text\nhit ratio = 0.99\n```\n\nThat is all.\n\nQ2: cache-aside\n";
    let got = answers(src);
    assert_eq!(
        got[0].2,
        "Three layers:\n\n- CDN for images\n- Redis for products\n\n| Layer | TTL |\n|---|---|\n| CDN | 60s |\n\n```text\nhit ratio = 0.99\n```\n\nThat is all."
    );
    assert_eq!((got[1].1, got[1].2.as_str()), (2, "cache-aside"));
}

#[test]
fn numbered_steps_under_a_labelled_question_stay_in_its_answer() {
    let cases = [
        "## Retrieval\n\n### Q3\n\n1. Cookie affinity: uneven load\n2. IP hash: NAT skew\n3. Consistent hashing: rebalancing\n",
        "## Retrieval\n\nQ3: three strategies\n\n1. Cookie affinity: uneven load\n2. IP hash: NAT skew\n3. Consistent hashing: rebalancing\n",
        "## Retrieval\n\n**Q3**\n\n| # | Strategy |\n|---|---|\n| 1 | Cookie affinity: uneven load |\n| 2 | IP hash |\n",
    ];
    for src in cases {
        let got = answers(src);
        assert_eq!(got.len(), 1, "{got:?}\n{src}");
        assert_eq!(got[0].1, 3);
    }
    // A nested list under a numbered answer is part of it.
    case(
        "## Retrieval\n\n1. Vertical vs horizontal\n   1. vertical: one box\n   2. horizontal: many\n2. Stateless\n",
        &[
            (
                "retrieval",
                1,
                "Vertical vs horizontal\n   1. vertical: one box\n   2. horizontal: many",
            ),
            ("retrieval", 2, "Stateless"),
        ],
    );
}

/// Learners mix label styles: after "Q1:" a bare number that names a later question, at a
/// line start, is that question's label unless it goes on with the learner's own list.
#[test]
fn bare_labels_after_an_explicit_label_name_later_questions() {
    let r = |q, t| ("retrieval", q, t);
    case(
        "## Retrieval\n\nQ1: bigger box or more boxes\n\n(2) no state between requests\n\n3. cookie affinity\n\n**4.** cache-aside\n\n5) browser, CDN\n",
        &[
            r(1, "bigger box or more boxes"),
            r(2, "no state between requests"),
            r(3, "cookie affinity"),
            r(4, "cache-aside"),
            r(5, "browser, CDN"),
        ],
    );
    // On the next line of the same paragraph.
    case(
        "## Retrieval\n\nQ1: bigger box or more boxes\n2) no state between requests\n",
        &[
            r(1, "bigger box or more boxes"),
            r(2, "no state between requests"),
        ],
    );
    // The learner's own list, then the next question in another style.
    case(
        "## Retrieval\n\nQ1: two ways:\n\n1. bigger box\n2. more boxes\n\n(2) no state between requests\n",
        &[
            r(1, "two ways:\n\n1. bigger box\n2. more boxes"),
            r(2, "no state between requests"),
        ],
    );
    // An own list begun on the label's line, in a paragraph, or inside a line stays one
    // answer (its "2" is not question 2).
    for own in [
        "1. one box\n2. many boxes\n3. both",
        "the kinds:\n(1) one box\n(2) many boxes",
        "two kinds: 1) one box,\n2) many boxes",
    ] {
        case(
            &format!("## Retrieval\n\nQ1: {own}\n\nQ2: no state\n"),
            &[r(1, own), r(2, "no state")],
        );
    }
    // Two own lists in one answer: the second "2." continues the second list.
    let two = "vertical:\n\n1. one box\n2. a ceiling\n\nhorizontal:\n\n1. many boxes\n2. partial failures";
    case(
        &format!("## Retrieval\n\nQ1: {two}\n\nQ2: no state\n"),
        &[r(1, two), r(2, "no state")],
    );
    // "above 1." ending a sentence begins no list: the next labels still open questions.
    case(
        "## Retrieval\n\nQ1: keep the replica count above 1.\n2. no state\n3. cookies\n",
        &[
            r(1, "keep the replica count above 1."),
            r(2, "no state"),
            r(3, "cookies"),
        ],
    );
    // After a bare label, the own list in another shape stays in its answer.
    case(
        "## Retrieval\n\nQ1: bigger box\n\n(2) hidden state:\n1. sessions\n2. caches\n\n3) strategies:\n1. cookie\n2. IP hash\n3. ring\n",
        &[
            r(1, "bigger box"),
            r(2, "hidden state:\n1. sessions\n2. caches"),
            r(3, "strategies:\n1. cookie\n2. IP hash\n3. ring"),
        ],
    );
    // An own list that runs past the open question's number stays one answer.
    case(
        "## Retrieval\n\nQ3: four ways:\n\n1. cookie\n2. IP hash\n3. consistent hashing\n4. a session store\n",
        &[r(
            3,
            "four ways:\n\n1. cookie\n2. IP hash\n3. consistent hashing\n4. a session store",
        )],
    );
    // A number naming a question already answered, or none on the sheet, is text.
    case(
        "## Retrieval\n\nQ2: stateless\n\nQ3: cookies\n\n2. and IP hash\n\n9. and more\n",
        &[
            r(2, "stateless"),
            r(3, "cookies\n\n2. and IP hash\n\n9. and more"),
        ],
    );
}

/// Agreeing with a quoted statement repeats its words: that is an answer (which the rubric
/// marks as the misconception), not a copy of the prompt to set aside.
#[test]
fn a_verdict_on_the_statement_is_an_answer_not_a_prompt_copy() {
    let m = |q, t| ("mistakes", q, t);
    case(
        "## Common mistake check\n\n1. Yes, we made the service horizontally scalable by adding a load balancer.\n2. Sticky sessions are fine as long as the load balancer is smart, I agree.\n",
        &[
            m(
                1,
                "Yes, we made the service horizontally scalable by adding a load balancer.",
            ),
            m(
                2,
                "Sticky sessions are fine as long as the load balancer is smart, I agree.",
            ),
        ],
    );
    // A statement rejected without a reason is set aside as that, not as a plain copy.
    assert_eq!(
        unplaced(
            "## Common mistake check\n\n1. The app must be stateless too.\n2. No, sticky sessions are fine as long as the load balancer is smart.\n"
        ),
        [(
            "No, sticky sessions are fine as long as the load balancer is smart.".to_string(),
            "the statement of question 2 of `mistakes`, rejected without a reason: say why"
                .to_string()
        )]
    );
    // The statement copied on its own line is still a copy: the answer follows it.
    case(
        "## Common mistake check\n\n1. We made the service horizontally scalable by adding a load balancer.\n   The app must be stateless too.\n",
        &[m(1, "The app must be stateless too.")],
    );
}

#[test]
fn compare_and_evidence_items_by_number_or_restatement() {
    case(
        "## Compare and distinguish\n\n- Scale up vs. scale out: bigger box or more boxes\n- **CDN vs reverse proxy vs app cache** — where the cache sits\n- TTL expiry vs invalidation - time vs event\n- 6. herd is many clients, stampede is the same\n",
        &[
            ("compare", 1, "bigger box or more boxes"),
            ("compare", 4, "where the cache sits"),
            ("compare", 5, "time vs event"),
            ("compare", 6, "herd is many clients, stampede is the same"),
        ],
    );
    case(
        "## Evidence check\n\n**Justify stateless...**\n\nAny node serves any user.\n\n**Translate a request rate into instances**\n\nrate x latency / target.\n",
        &[
            ("evidence", 1, "Any node serves any user."),
            ("evidence", 3, "rate x latency / target."),
        ],
    );
    // Items that restate no prompt are content of the answer before them.
    case(
        "## Compare\n\n1. bigger vs more\n\n- note: cost differs\n",
        &[("compare", 1, "bigger vs more\n\n- note: cost differs")],
    );
}

/// The Compare items copied as plain lines, each over its answer ("Answer: …" on the next
/// line, or the next paragraph), name their questions; a plain line that restates a
/// question already answered, or one before the open one, stays in the answer.
#[test]
fn compare_items_copied_as_plain_lines() {
    case(
        "--- Compare and Distinguish ---\n\nscale up vs scale out\nAnswer: Up = bigger box.\n\nstateless vs sticky vs external session store\nAnswer: Stateless keeps nothing.\n\ncache invalidation vs TTL expiry\n\nInvalidation on change; TTL after N s.\n",
        &[
            ("compare", 1, "Answer: Up = bigger box."),
            ("compare", 2, "Answer: Stateless keeps nothing."),
            ("compare", 5, "Invalidation on change; TTL after N s."),
        ],
    );
    case(
        "## Compare and Distinguish\n\n2. Sticky pins a user to one node.\n\nscale up vs scale out\n\n3. Cache-aside loads on a miss.\n",
        &[
            (
                "compare",
                2,
                "Sticky pins a user to one node.\n\nscale up vs scale out",
            ),
            ("compare", 3, "Cache-aside loads on a miss."),
        ],
    );
}

/// Unlabelled paragraphs right under an exercise line, one per question, each about its own
/// question, answer the questions in order; too few or too many, or one about another
/// question, and they are not given one by one: together they answer each question of the
/// exercise (see `placer/whole.rs`).
#[test]
fn unlabelled_paragraphs_answer_the_questions_in_order() {
    let audit = "Exercise 4: Audit\n\nThe client keeps a token and drafts; the CDN holds nothing per user.\n\nIf the instance disappears the user is logged out.\n\nMove the sessions to Redis to make the hop stateless.\n";
    case(
        audit,
        &[
            (
                "audit",
                1,
                "The client keeps a token and drafts; the CDN holds nothing per user.",
            ),
            (
                "audit",
                2,
                "If the instance disappears the user is logged out.",
            ),
            (
                "audit",
                3,
                "Move the sessions to Redis to make the hop stateless.",
            ),
        ],
    );
    // The next exercise line ends the run; a heading does too.
    let answered = answers(&format!(
        "{audit}\nExercise 5: Cache design\n\n1. CDN and Redis.\n"
    ));
    assert_eq!(answered.len(), 4, "{answered:?}");
    // Two paragraphs for three questions, or paragraphs out of order (the first is about
    // making the hop stateless): not one per question, but the exercise's answer as a whole,
    // each paragraph given to every question.
    let placed = |src: &str| {
        let read = read_markdown(src, &workshop()).expect("placed");
        let mut got: Vec<(u32, String)> = (read.answers.into_iter())
            .map(|a| (a.question, a.text))
            .collect();
        got.sort();
        got
    };
    let both = "The client keeps a token.\n\nIf the instance disappears the user is logged out.";
    assert_eq!(
        placed(&format!("Exercise 4: Audit\n\n{both}\n")),
        [1, 2, 3].map(|q| (q, both.to_string()))
    );
    let three = "To make this hop truly stateless, move sessions out.\n\nThe client keeps a token.\n\nThe user is logged out.";
    assert_eq!(
        placed(&format!("Exercise 4: Audit\n\n{three}\n")),
        [1, 2, 3].map(|q| (q, three.to_string()))
    );
}

#[test]
fn an_unlabelled_list_answers_the_questions_in_order() {
    // One bullet per question, as the sheet lists them.
    case(
        "## Evidence check\n\n- Stateless with an external store, so no session is lost when a server dies.\n- CDN -> Redis -> DB, with TTLs\n- instances = requests / capacity per instance * 1.3\n- An app that stores uploaded files on local disk.\n",
        &[
            (
                "evidence",
                1,
                "Stateless with an external store, so no session is lost when a server dies.",
            ),
            ("evidence", 2, "CDN -> Redis -> DB, with TTLs"),
            (
                "evidence",
                3,
                "instances = requests / capacity per instance * 1.3",
            ),
            (
                "evidence",
                4,
                "An app that stores uploaded files on local disk.",
            ),
        ],
    );
    // After an intro line, with a bullet that restates its own prompt.
    case(
        "## Compare and Distinguish\n\nMy comparisons:\n\n- bigger box vs more boxes\n- where the session lives\n- who writes the cache, and when\n- edge vs in front of the app vs in the app\n- cache invalidation vs TTL expiry: event vs time\n- the same thing, really\n",
        &[
            ("compare", 1, "bigger box vs more boxes"),
            ("compare", 2, "where the session lives"),
            ("compare", 3, "who writes the cache, and when"),
            ("compare", 4, "edge vs in front of the app vs in the app"),
            ("compare", 5, "event vs time"),
            ("compare", 6, "the same thing, really"),
        ],
    );
    // Fewer bullets than questions, right under the heading: the first questions.
    case(
        "## Evidence Check\n\n- Any node can serve any user.\n- CDN, Redis, DB\n",
        &[
            ("evidence", 1, "Any node can serve any user."),
            ("evidence", 2, "CDN, Redis, DB"),
        ],
    );
    // A bullet copied from the sheet is no answer.
    let got = unplaced(
        "## Evidence Check\n\n- Justify, in 60 seconds, why a team should pick stateless-with-external-store over sticky sessions for a new service.\n- CDN, Redis, DB\n",
    );
    let reason = "a copy of the prompt of question 1 of `evidence`, with no answer after it";
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].1, reason);
}

#[test]
fn lists_that_do_not_answer_the_questions_in_order() {
    // Fewer bullets than questions after other text: notes, not answers.
    let src = "## Evidence Check\n\nWhat I still need to practise:\n\n- sketching caches\n- capacity maths\n\n## Capacity plan\n\nQ1: 36\n";
    case(src, &[("capacity-plan", 1, "36")]);
    assert_eq!(unplaced(src).len(), 1, "{:?}", unplaced(src));
    // One bullet per question, but the questions are labelled after it: the bullets were
    // the learner's assumptions, and are set aside.
    let src = "## Capacity plan\n\n- 5000 req/s at peak\n- 200 req/s per instance\n- 30% headroom\n- peak is 3x the mean\n- 50 ms per request\n\nQ1: 36\n\nQ2: 12\n";
    case(
        src,
        &[("capacity-plan", 1, "36"), ("capacity-plan", 2, "12")],
    );
    let got = unplaced(src);
    assert_eq!(got.len(), 5, "{got:?}");
    assert_eq!(
        got[0],
        (
            "5000 req/s at peak".to_string(),
            "under exercise `capacity-plan` but not under any of its questions".to_string()
        )
    );
    // Bullets copied from the sheet out of order are not answers in order.
    assert!(matches!(
        read_markdown(
            "## Evidence Check\n\n- Translate a request rate and latency into an instance count with headroom.\n- Spot a hidden stateful dependency in what looks like a stateless tier.\n",
            &workshop()
        ),
        Err(MarkdownError::NoAnswers { .. })
    ));
    // A bullet that restates another question: each bullet is read on its own.
    case(
        "## Compare\n\n- scale up vs scale out: more boxes\n- cache invalidation vs TTL expiry: event vs time\n",
        &[
            ("compare", 1, "more boxes"),
            ("compare", 5, "event vs time"),
        ],
    );
}

#[test]
fn bold_leads_run_into_their_answer() {
    case(
        "## Compare and distinguish\n\n**scale up vs scale out** Up is easier but has a ceiling and is a SPOF, out needs a stateless app.\n\n**stateless / sticky / external store** Stateless: server holds nothing. Sticky: LB pins you to one server.\n\n**invalidation / TTL** Invalidation is triggered by a change while TTL is time-based.\n",
        &[
            (
                "compare",
                1,
                "Up is easier but has a ceiling and is a SPOF, out needs a stateless app.",
            ),
            (
                "compare",
                2,
                "Stateless: server holds nothing. Sticky: LB pins you to one server.",
            ),
            (
                "compare",
                5,
                "Invalidation is triggered by a change while TTL is time-based.",
            ),
        ],
    );
    // A bold term that restates an answered or earlier question is part of the answer.
    let src = "## Cache design\n\nQ2: cache-aside for Redis.\n\nQ3: delete the key on a price change.\n\n**Cache-aside** keeps this simple, since the app refills on the next miss.\n";
    case(
        src,
        &[
            ("cache-design", 2, "cache-aside for Redis."),
            (
                "cache-design",
                3,
                "delete the key on a price change.\n\n**Cache-aside** keeps this simple, since the app refills on the next miss.",
            ),
        ],
    );
    case(
        &src.replace("Q2: cache-aside for Redis.\n\n", ""),
        &[(
            "cache-design",
            3,
            "delete the key on a price change.\n\n**Cache-aside** keeps this simple, since the app refills on the next miss.",
        )],
    );
}

#[test]
fn code_blocks_split_at_labels_and_named_quantities() {
    // A whole exercise in one code block.
    case(
        "Capacity plan\n\n```\nQ1: per instance at 70% = 140 rps\n    5000 / 140 = 35.7 -> 36 instances\nQ2: 36 / 3 -> 12 instances\nQ3: HPA min 12, max 45\n```\n\nEvidence check\n\nQ3: 5000 / 140 -> 36\n",
        &[
            (
                "capacity-plan",
                1,
                "per instance at 70% = 140 rps\n    5000 / 140 = 35.7 -> 36 instances",
            ),
            ("capacity-plan", 2, "36 / 3 -> 12 instances"),
            ("capacity-plan", 3, "HPA min 12, max 45"),
            ("evidence", 3, "5000 / 140 -> 36"),
        ],
    );
    // Working before the answers, one line per quantity: it joins their answers.
    case(
        "## Capacity plan\n\n```\npeak:  5000 / (200 * 0.7) = 35.7  -> 36\nmean:  5000 / 3 = 1667 ; 1667 / 140 = 11.9 -> 12\n```\n\n1. 36\n2. 12\n3. min 3, max 45\n",
        &[
            (
                "capacity-plan",
                1,
                "peak:  5000 / (200 * 0.7) = 35.7  -> 36\n\n36",
            ),
            (
                "capacity-plan",
                2,
                "mean:  5000 / 3 = 1667 ; 1667 / 140 = 11.9 -> 12\n\n12",
            ),
            ("capacity-plan", 3, "min 3, max 45"),
        ],
    );
    case(
        "**Capacity plan**\n\n```\npeak with headroom = 5000 × 1.3 = 6500 req/s\n6500 / 200 = 32.5  -> 33 instances\nmean = 5000 / 3 = 1667 req/s\n```\n\nQ1: 33\nQ2: 11\n",
        &[
            (
                "capacity-plan",
                1,
                "peak with headroom = 5000 × 1.3 = 6500 req/s\n6500 / 200 = 32.5  -> 33 instances\n\n33",
            ),
            ("capacity-plan", 2, "mean = 5000 / 3 = 1667 req/s\n\n11"),
        ],
    );
    // Under an open question a code block is its answer, whatever its lines say.
    case(
        "## Capacity plan\n\n### Q1\n\n```\npeak = 5000\nmean = 1667\n```\n",
        &[("capacity-plan", 1, "```\npeak = 5000\nmean = 1667\n```")],
    );
    // A name in several prompts names no question: the block stays unplaced.
    let got = unplaced("## Capacity plan\n\n```\ninstances = 5000 / 140\n```\n\nQ1: 36\n");
    assert_eq!(
        got,
        [(
            "```\ninstances = 5000 / 140\n```".to_string(),
            "under exercise `capacity-plan` but not under any of its questions".to_string()
        )]
    );
}

#[test]
fn inline_labels_that_name_the_exercise_and_the_question() {
    // No headings: each answer opens with the exercise's name (its title, slug or a clear
    // part of it), the question number and a separator.
    let src = "Workshop answers - Marta (evening cohort)\n\nRetrieval 1 - Vertical is a bigger box, horizontal is more boxes.\n\nRetrieval 2 - no per-user state in the instance.\n\nCompare 1: more CPU vs more machines.\n\nMistake check 3) acked writes can be lost.\n\n**Stateful audit 2:** the user is logged out.\n\nSession 3 - I'd pick Redis.\n- stand up Redis with a replica\n- dual-write for a day\n\nCapacity plan 4 - L = 200 x 0.05 = 10 per instance.\nCapacity plan 5 - p99 climbing before the planned load.\n\n- Evidence 1: any box can serve anyone.\n- Evidence 3: peak / (200 x 0.7) = 36.\n";
    case(
        src,
        &[
            (
                "retrieval",
                1,
                "Vertical is a bigger box, horizontal is more boxes.",
            ),
            ("retrieval", 2, "no per-user state in the instance."),
            ("compare", 1, "more CPU vs more machines."),
            ("mistakes", 3, "acked writes can be lost."),
            ("audit", 2, "the user is logged out."),
            (
                "session-redesign",
                3,
                "I'd pick Redis.\n- stand up Redis with a replica\n- dual-write for a day",
            ),
            ("capacity-plan", 4, "L = 200 x 0.05 = 10 per instance."),
            ("capacity-plan", 5, "p99 climbing before the planned load."),
            ("evidence", 1, "any box can serve anyone."),
            ("evidence", 3, "peak / (200 x 0.7) = 36."),
        ],
    );
    assert_eq!(
        unplaced(src),
        [(
            "Workshop answers - Marta (evening cohort)".to_string(),
            "before any exercise heading".to_string()
        )]
    );
    // A bold or heading label alone on its line, with the answer below it.
    case(
        "**Capacity plan 1**\n\n36 instances.\n\n### Cache design 4\n\nSingle-flight.\n",
        &[
            ("cache-design", 4, "Single-flight."),
            ("capacity-plan", 1, "36 instances."),
        ],
    );
    // A part of a name inside an answer its exercise's own label opened is text, and so
    // is a name with a number that is no question of it, or with no separator.
    case(
        "## Stateful-Component Audit\n\nQ1: per hop:\n\nComponent 1: the browser holds a cookie.\n\nComponent 2: the CDN holds nothing.\n\nCapacity 36 instances is what I got later.\n",
        &[(
            "audit",
            1,
            "per hop:\n\nComponent 1: the browser holds a cookie.\n\nComponent 2: the CDN holds nothing.\n\nCapacity 36 instances is what I got later.",
        )],
    );
    case(
        "Audit 1: per hop:\n\nComponent 1: the browser holds a cookie.\n\nComponent 2: the CDN holds nothing.\n\nAudit 2: logged out.\n",
        &[
            (
                "audit",
                1,
                "per hop:\n\nComponent 1: the browser holds a cookie.\n\nComponent 2: the CDN holds nothing.",
            ),
            ("audit", 2, "logged out."),
        ],
    );
    // One word from inside a name is too vague to name an exercise.
    case(
        "## Session management\n\nQ2:\n\nDesign 1: JWT.\n\nDesign 2: Redis.\n",
        &[("session-redesign", 2, "Design 1: JWT.\n\nDesign 2: Redis.")],
    );
}

#[test]
fn one_table_of_answers_for_the_whole_sheet() {
    // Columns for the exercise and the question, one answer per row; "skip" is the
    // learner's answer (the grader decides what it is worth).
    let src = "Workshop sheet – Dev (week 6)\n\n| Section | Q | My answer |\n|---|---|---|\n| Retrieval | 1 | bigger box vs more boxes |\n| Retrieval | 2 | no state |\n| Compare | 6 | idk |\n| Mistake check | 5 | maybe it was not memory |\n| | | (I mean the network) |\n| Session | 1 | restarts log users out |\n| Capacity | 1 | 5000 / 200 = 25 instances |\n| | 2 | 25 / 3 = 8.3 |\n| Reflection | | fun |\n";
    case(
        src,
        &[
            ("retrieval", 1, "bigger box vs more boxes"),
            ("retrieval", 2, "no state"),
            ("compare", 6, "idk"),
            (
                "mistakes",
                5,
                "maybe it was not memory |\n| | | (I mean the network)",
            ),
            ("session-redesign", 1, "restarts log users out"),
            ("capacity-plan", 1, "5000 / 200 = 25 instances"),
            ("capacity-plan", 2, "25 / 3 = 8.3"),
        ],
    );
    let reason = "a row of a table of answers that names no exercise and question of the sheet";
    assert_eq!(
        unplaced(src)[1],
        ("| Reflection | | fun |".to_string(), reason.to_string())
    );
    // The exercise and the question in one cell, with a copied prompt cell left out.
    case(
        "| Question | Prompt | Answer |\n|---|---|---|\n| Capacity plan Q1 | How many instances at peak? | 36 |\n| Retrieval 5 | State at least three caching layers between the keystroke and the DB row | browser, CDN, Redis |\n",
        &[
            ("retrieval", 5, "browser, CDN, Redis"),
            ("capacity-plan", 1, "36"),
        ],
    );
    // A table of one exercise named only by a part of its name is not enough on its
    // own: it is part of the answer it sits in.
    case(
        "## Cache design\n\nQ1: two layers:\n\n| Cache | 1 | CDN |\n|---|---|---|\n| Cache | 2 | Redis |\n",
        &[(
            "cache-design",
            1,
            "two layers:\n\n| Cache | 1 | CDN |\n|---|---|---|\n| Cache | 2 | Redis |",
        )],
    );
}

#[test]
fn tables_with_labels_in_the_first_column_give_one_answer_per_row() {
    case(
        "## Capacity plan\n\n| Q | Answer | Working |\n|---|---|---|\n| 1 | 36 | 25/0.7 |\n| Q2 | 12 | |\n| 3. | 12/40 | |\n",
        &[
            ("capacity-plan", 1, "36 | 25/0.7"),
            ("capacity-plan", 2, "12"),
            ("capacity-plan", 3, "12/40"),
        ],
    );
    case(
        "## Compare\n\n| Pair | Difference |\n|---|---|\n| scale up vs scale out | bigger vs more |\n| cache invalidation vs TTL expiry | event vs time |\n",
        &[
            ("compare", 1, "bigger vs more"),
            ("compare", 5, "event vs time"),
        ],
    );
}

#[test]
fn tables_with_a_row_per_question_numbered_then_worded() {
    // "1 peak", "2 mean": a number then words naming that question's prompt.
    let src = "### Horizontal Capacity Plan\n| | calc | result |\n|---|---|---|\n| 1 peak | 5000 / (200 × 0.7) | 35.7 → 36 |\n| 2 mean | 1667 / 140 | 11.9 → 12 |\n| 3 HPA | | min 12, max 40 (buffer over 36) |\n| 4 Little | 200 × 0.05 | 10 in flight |\n\n5) p99 rises before the planned load.\n";
    case(
        src,
        &[
            ("capacity-plan", 1, "5000 / (200 × 0.7) | 35.7 → 36"),
            ("capacity-plan", 2, "1667 / 140 | 11.9 → 12"),
            ("capacity-plan", 3, "min 12, max 40 (buffer over 36)"),
            ("capacity-plan", 4, "200 × 0.05 | 10 in flight"),
            ("capacity-plan", 5, "p99 rises before the planned load."),
        ],
    );
    // Labels of every kind in the first column, words after them too.
    case(
        "## Compare and Distinguish\n\n| Q | Answer |\n|---|---|\n| Q1 up/out | bigger box vs more boxes |\n| 2. | token vs pinned vs Redis |\n| (3) | who writes the cache |\n",
        &[
            ("compare", 1, "bigger box vs more boxes"),
            ("compare", 2, "token vs pinned vs Redis"),
            ("compare", 3, "who writes the cache"),
        ],
    );
    // An exercise column under the exercise's own heading, with or without a header
    // that names the columns.
    case(
        "## Cache design\n\n| Exercise | Q | Answer |\n|---|---|---|\n| Cache | 1 | CDN + Redis |\n| Cache | 2 | cache-aside |\n",
        &[
            ("cache-design", 1, "CDN + Redis"),
            ("cache-design", 2, "cache-aside"),
        ],
    );
    case(
        "## Cache design\n\n| Cache | 1 | CDN |\n|---|---|---|\n| Cache | 2 | Redis |\n",
        &[("cache-design", 1, "CDN"), ("cache-design", 2, "Redis")],
    );
    // A table that counts on from the bare-numbered answer above it.
    case(
        "## Capacity plan\n\n1. 36 instances\n\n| Q | Answer |\n|---|---|\n| 2 | 12 |\n| 3 | min 12, max 45 |\n",
        &[
            ("capacity-plan", 1, "36 instances"),
            ("capacity-plan", 2, "12"),
            ("capacity-plan", 3, "min 12, max 45"),
        ],
    );
}

#[test]
fn tables_of_numbers_inside_an_answer_are_not_question_rows() {
    // Under an answer opened by "1.", a table starting at 1 is its data.
    let table = "| hour | rps |\n|---|---|\n| 1 | 1,667 rps |\n| 2 | 5,000 rps |";
    case(
        &format!(
            "## Capacity plan\n\n1. Peak is 36 instances; the load by hour:\n\n{table}\n\n2. 12 instances\n"
        ),
        &[
            (
                "capacity-plan",
                1,
                &format!("Peak is 36 instances; the load by hour:\n\n{table}"),
            ),
            ("capacity-plan", 2, "12 instances"),
        ],
    );
    // Even with a header that could name questions.
    let table = "| | rps |\n|---|---|\n| 1 | 1,667 rps |\n| 2 | 5,000 rps |";
    case(
        &format!("## Capacity plan\n\n1. Peak is 36:\n\n{table}\n"),
        &[("capacity-plan", 1, &format!("Peak is 36:\n\n{table}"))],
    );
    // Under a heading or a "Q" label, as before.
    case(
        "## Capacity plan\n\nQ2: mean\n\n| | rps |\n|---|---|\n| 3 | 1,667 |\n",
        &[(
            "capacity-plan",
            2,
            "mean\n\n| | rps |\n|---|---|\n| 3 | 1,667 |",
        )],
    );
    // With no question open, a header that names data and numbers that are data, or
    // words after the numbers that name no one question: not questions.
    for table in [
        "| servers | rps |\n|---|---|\n| 1 | 200 |\n| 2 | 400 |",
        "| | rps |\n|---|---|\n| 1 instance | 200 rps |\n| 2 instances | 400 rps |",
        "| | rps |\n|---|---|\n| 1 peak | 5000 |",
    ] {
        let src = format!("## Capacity plan\n\n{table}\n\nQ1: 36\n");
        case(&src, &[("capacity-plan", 1, "36")]);
        let got = unplaced(&src);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, table);
    }
}

#[test]
fn continuation_labels_go_on_with_an_answer() {
    // After a table of rows, "4 cont.)" and "5)" in one paragraph.
    case(
        "## Horizontal Capacity Plan\n\n| | calc | result |\n|---|---|---|\n| 1 peak | 5000 / (200 × 0.7) | 35.7 → 36 |\n| 4 Little | 200 × 0.05 | 10 in flight |\n\n4 cont.) I'd set the thread pool to 30.\n5) p99 rises before the planned load.\n",
        &[
            ("capacity-plan", 1, "5000 / (200 × 0.7) | 35.7 → 36"),
            (
                "capacity-plan",
                4,
                "200 × 0.05 | 10 in flight\n\nI'd set the thread pool to 30.",
            ),
            ("capacity-plan", 5, "p99 rises before the planned load."),
        ],
    );
    // Later in the document, as a bold line or a heading; "1 (continued)" after the last
    // question is still question 1, not the next exercise.
    case(
        "## Capacity plan\n\nQ1: 36\n\nQ4: L = 10 in flight.\n\nQ5: p99 rises.\n\n**Q4 (cont.)** The pool should be about 30 threads.\n\n### 1 (continued)\n\nPlus one spare per AZ: 37.\n",
        &[
            ("capacity-plan", 1, "36\n\nPlus one spare per AZ: 37."),
            (
                "capacity-plan",
                4,
                "L = 10 in flight.\n\nThe pool should be about 30 threads.",
            ),
            ("capacity-plan", 5, "p99 rises."),
        ],
    );
    // "(cont'd) 2:" and an item "4. (cont.)".
    case(
        "## Capacity plan\n\n1. 36\n2. 12\n4. L = 10\n\nSome notes.\n\n(cont'd) 2: the mean has no headroom.\n\n4. (cont.) pool of 30.\n",
        &[
            ("capacity-plan", 1, "36"),
            ("capacity-plan", 2, "12\n\nthe mean has no headroom."),
            ("capacity-plan", 4, "L = 10\n\nSome notes.\n\npool of 30."),
        ],
    );
    // An unlabelled list answered the questions: a continuation keeps it.
    case(
        "## Evidence Check\n\n- any instance serves anyone\n- CDN, Redis, in-process\n\nQ1 continued: and deploys log nobody out.\n",
        &[
            (
                "evidence",
                1,
                "any instance serves anyone\n\nand deploys log nobody out.",
            ),
            ("evidence", 2, "CDN, Redis, in-process"),
        ],
    );
}

#[test]
fn words_like_continued_inside_answers_are_text() {
    // "4 containers", "3 continued to…", a number that is no question of the exercise.
    case(
        "## Capacity plan\n\nQ1: 36 instances\n\n4 containers per node would also do.\n\n3 continued to be the minimum in our tests.\n",
        &[(
            "capacity-plan",
            1,
            "36 instances\n\n4 containers per node would also do.\n\n3 continued to be the minimum in our tests.",
        )],
    );
    case(
        "## Evidence Check\n\nQ1: any instance.\n\n7 (cont.) and more.\n",
        &[("evidence", 1, "any instance.\n\n7 (cont.) and more.")],
    );
}

#[test]
fn one_answer_to_several_questions_goes_to_each() {
    // A bold line naming three questions, the answer below it, then numbering goes on.
    let text = "Vertical is a bigger box. Stateless means no memory. Sticky cookies, IP hash.";
    case(
        &format!(
            "## Retrieval Prompts\n\n**1–3 (answering these together because they run into each other)**\n\n{text}\n\n**4.** Cache-aside, write-through.\n\n**5.** Browser, CDN.\n"
        ),
        &[
            ("retrieval", 1, text),
            ("retrieval", 2, text),
            ("retrieval", 3, text),
            ("retrieval", 4, "Cache-aside, write-through."),
            ("retrieval", 5, "Browser, CDN."),
        ],
    );
    // Inline labels of every form.
    case(
        "## Compare\n\n1 & 2: more boxes; where the session lives.\n\nQ3-4. who writes; where it sits.\n\n- 5, 6 together: expiry vs event; herd is the general case.\n",
        &[
            ("compare", 1, "more boxes; where the session lives."),
            ("compare", 2, "more boxes; where the session lives."),
            ("compare", 3, "who writes; where it sits."),
            ("compare", 4, "who writes; where it sits."),
            ("compare", 5, "expiry vs event; herd is the general case."),
            ("compare", 6, "expiry vs event; herd is the general case."),
        ],
    );
    // A heading naming two questions; one of them answered again later is joined.
    case(
        "## Capacity plan\n\n### Q1–2\n\n36 at peak, 12 at the mean.\n\n### Q3\n\nmin 12, max 45\n\n### Q2\n\nno headroom at the mean\n",
        &[
            ("capacity-plan", 1, "36 at peak, 12 at the mean."),
            (
                "capacity-plan",
                2,
                "36 at peak, 12 at the mean.\n\nno headroom at the mean",
            ),
            ("capacity-plan", 3, "min 12, max 45"),
        ],
    );
}

#[test]
fn groups_in_prose_named_and_coded_labels() {
    // "For 2 and 3:" after a numbered list: the paragraph answers both.
    case(
        "## Cache Design\n\n1. A CDN, then Redis.\n\nFor 2 and 3: TTL at the CDN, cache-aside in Redis; delete the key on a price change.\n\n4. a lock\n",
        &[
            ("cache-design", 1, "A CDN, then Redis."),
            (
                "cache-design",
                2,
                "TTL at the CDN, cache-aside in Redis; delete the key on a price change.",
            ),
            (
                "cache-design",
                3,
                "TTL at the CDN, cache-aside in Redis; delete the key on a price change.",
            ),
            ("cache-design", 4, "a lock"),
        ],
    );
    // A label that names the exercise and two of its questions.
    case(
        "Session redesign 3: Redis.\n\nCapacity Q1 & Q2: 36 at peak, 12 at the mean.\n\nCapacity 3: min 12\n",
        &[
            ("session-redesign", 3, "Redis."),
            ("capacity-plan", 1, "36 at peak, 12 at the mean."),
            ("capacity-plan", 2, "36 at peak, 12 at the mean."),
            ("capacity-plan", 3, "min 12"),
        ],
    );
    // The learner's own exercise codes (set by single labels), one naming two questions.
    case(
        "R1: up\n\nR2: no state\n\nC1: bigger box\n\nC2: JWT\n\nH1: 36\n\nH2: 12\n\nH3 & H4: min 12, max 45; a pool of 20.\n",
        &[
            ("retrieval", 1, "up"),
            ("retrieval", 2, "no state"),
            ("compare", 1, "bigger box"),
            ("compare", 2, "JWT"),
            ("capacity-plan", 1, "36"),
            ("capacity-plan", 2, "12"),
            ("capacity-plan", 3, "min 12, max 45; a pool of 20."),
            ("capacity-plan", 4, "min 12, max 45; a pool of 20."),
        ],
    );
    // A group never sets a code: hop labels "H1 & H2:" inside an audit answer stay text.
    case(
        "R1: up\n\nR2: no state\n\nC1: bigger\n\nC2: JWT\n\nA1: token\n\nA2: lost\n\nA3: per hop:\nH1 & H2: nothing to do.\nH5: replicate.\n",
        &[
            ("retrieval", 1, "up"),
            ("retrieval", 2, "no state"),
            ("compare", 1, "bigger"),
            ("compare", 2, "JWT"),
            ("audit", 1, "token"),
            ("audit", 2, "lost"),
            (
                "audit",
                3,
                "per hop:\nH1 & H2: nothing to do.\nH5: replicate.",
            ),
        ],
    );
    // A group naming an earlier exercise is a note pointing back, inside the answer.
    case(
        "## Compare\n\n2. JWT vs sticky.\n\nRetrieval 1 and 2: answered above.\n\n3. cache-aside\n",
        &[
            (
                "compare",
                2,
                "JWT vs sticky.\n\nRetrieval 1 and 2: answered above.",
            ),
            ("compare", 3, "cache-aside"),
        ],
    );
}

#[test]
fn a_for_cue_inside_an_answer_about_the_learners_own_items_stays_text() {
    // In audit 3, "For 1 and 2 (client, CDN):" is about hops (already answered numbers,
    // and a remark), "For 3 and 4:" names a question the audit lacks: both stay in the
    // answer, nothing goes to the next exercise.
    let src = "## Stateful-Component Audit\n\n1. Client: token.\n\n2. Client: nothing lost.\n\n3. Per hop:\n\nFor 1 and 2 (client, CDN): nothing to do.\n\nFor 3 and 4: counters to Redis.\n";
    case(
        src,
        &[
            ("audit", 1, "Client: token."),
            ("audit", 2, "Client: nothing lost."),
            (
                "audit",
                3,
                "Per hop:\n\nFor 1 and 2 (client, CDN): nothing to do.\n\nFor 3 and 4: counters to Redis.",
            ),
        ],
    );
    // "For 2 and 3 (Redis, in-process):" keeps its remark as content, in the answer it
    // stands in.
    case(
        "## Cache Design\n\n2. Layer 1: pull-through.\n\nFor 2 and 3 (Redis, in-process): cache-aside.\n",
        &[(
            "cache-design",
            2,
            "Layer 1: pull-through.\n\nFor 2 and 3 (Redis, in-process): cache-aside.",
        )],
    );
}

#[test]
fn a_for_cue_after_an_answer_with_its_own_numbered_items_stays_text() {
    case(
        "## Cache Design\n\n1. Layers: 1 the CDN, 2 Redis, 3 in-process.\n\nFor 2 and 3: sized for the 50k hot products.\n\n2. TTL at the CDN.\n",
        &[
            (
                "cache-design",
                1,
                "Layers: 1 the CDN, 2 Redis, 3 in-process.\n\nFor 2 and 3: sized for the 50k hot products.",
            ),
            ("cache-design", 2, "TTL at the CDN."),
        ],
    );
    case(
        "## Stateful-Component Audit\n\n1. Per hop:\n\nFor 1: a token.\n\nFor 2 and 3: no per-user state.\n\n2. Client: logged out.\n",
        &[
            (
                "audit",
                1,
                "Per hop:\n\nFor 1: a token.\n\nFor 2 and 3: no per-user state.",
            ),
            ("audit", 2, "Client: logged out."),
        ],
    );
}

#[test]
fn percentile_groups_are_no_exercise_code() {
    // "P50 & P99:" under the learner's cache-design answer is no code for the capacity
    // plan: the session redesign's S1/S2 and the plan's K1/K2 keep their exercises.
    let src = "R1: up\n\nR2: no state\n\nC1: bigger\n\nC2: JWT\n\nD1: CDN\n\nD6: SLIs:\nP50 & P99: latency at the edge.\nP99: also per endpoint.\n\nS1: deploys log everyone out\n\nS2: JWT revocation\n\nK1: 36\n\nK2: 12\n";
    let got: Vec<(String, u32)> = answers(src).into_iter().map(|(e, q, _)| (e, q)).collect();
    let want: Vec<(String, u32)> = [
        ("retrieval", 1),
        ("retrieval", 2),
        ("compare", 1),
        ("compare", 2),
        ("cache-design", 1),
        ("cache-design", 6),
        ("session-redesign", 1),
        ("session-redesign", 2),
        ("capacity-plan", 1),
        ("capacity-plan", 2),
    ]
    .iter()
    .map(|(e, q)| (e.to_string(), *q))
    .collect();
    assert_eq!(got, want, "{src}");
}

#[test]
fn a_line_naming_the_exercise_and_the_learners_choice_opens_it() {
    // "Audit — app: …." ends with a full stop and still opens the exercise, here with a
    // table whose rows are the questions and whose columns are the hops.
    let src = "## Mistakes\n\n5. Measure first.\n\nAudit — app: a ride-hailing app (rider side).\n\n| Q | Client | DB |\n|---|---|---|\n| 1 | token | trips |\n| 2 | re-fetch | failover |\n";
    let got: Vec<(String, u32)> = answers(src).into_iter().map(|(e, q, _)| (e, q)).collect();
    assert_eq!(
        got,
        [
            ("mistakes".to_string(), 5),
            ("audit".to_string(), 1),
            ("audit".to_string(), 2)
        ],
        "{src}"
    );
    // Inside an exercise the form with a full stop opens only a later one: in the evidence,
    // "Cache design — system: …." is a line of the answer.
    case(
        "## Evidence Check\n\n2. A sketch for a real system:\n\nCache design — system: our shop's catalogue.\n\nCDN: purge on change.\n\n3. 36 instances.\n",
        &[
            (
                "evidence",
                2,
                "A sketch for a real system:\n\nCache design — system: our shop's catalogue.\n\nCDN: purge on change.",
            ),
            ("evidence", 3, "36 instances."),
        ],
    );
    // Inside an answer that is not its exercise's last, it opens nothing.
    case(
        "## Stateful-Component Audit\n\n1. Client: a cookie.\n\nSession management — my app: a signed cookie.\n\n2. Client: logged out.\n",
        &[
            (
                "audit",
                1,
                "Client: a cookie.\n\nSession management — my app: a signed cookie.",
            ),
            ("audit", 2, "Client: logged out."),
        ],
    );
    // A sentence with a dash and a colon is still a sentence of the answer.
    case(
        "## Mistakes\n\n5. Measure first — note: hit ratio.\n\nCompare — tip: measure twice.\n",
        &[(
            "mistakes",
            5,
            "Measure first — note: hit ratio.\n\nCompare — tip: measure twice.",
        )],
    );
}

#[test]
fn ranges_that_are_not_questions_stay_text() {
    case(
        "## Capacity plan\n\nQ1: 36\n\n1-3 seconds is a normal p99 here.\n\n1 & 2 are both too low.\n\n3-4 instances: not enough.\n",
        &[(
            "capacity-plan",
            1,
            "36\n\n1-3 seconds is a normal p99 here.\n\n1 & 2 are both too low.\n\n3-4 instances: not enough.",
        )],
    );
    // Numbers beyond the exercise's questions name no group.
    let got = unplaced("## Evidence Check\n\n1-5: all of it\n\nQ1: any instance.\n");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "1-5: all of it");
}

#[test]
fn markers_point_at_the_question_a_text_answers() {
    // Working in a code block, each stretch closed by a marker on its last line.
    case(
        "## Exercise 7 — Capacity plan\n\n```\nraw peak            5000 / 200                 = 25\nwith headroom       5000 / (200 × 0.7) = 35.7  → 36\n+1 spare (AZ loss)                             → 37   ← answer Q1\nmean load           5000 / 3                   ≈ 1,667 rps\nmean instances      1667 / 140 = 11.9          → 12, +1 spare → 13   ← answer Q2\n```\n3. HPA min 13, max 48.\n",
        &[
            (
                "capacity-plan",
                1,
                "raw peak            5000 / 200                 = 25\nwith headroom       5000 / (200 × 0.7) = 35.7  → 36\n+1 spare (AZ loss)                             → 37",
            ),
            (
                "capacity-plan",
                2,
                "mean load           5000 / 3                   ≈ 1,667 rps\nmean instances      1667 / 140 = 11.9          → 12, +1 spare → 13",
            ),
            ("capacity-plan", 3, "HPA min 13, max 48."),
        ],
    );
    // In paragraphs and list items, at the end of a line.
    case(
        "## Capacity plan\n\nPeak: 5000 / 140 = 35.7, so 36 ← Q1\nMean: 1667 / 140 → 12 ← answer Q2\n\nThe pool is 30 threads (answer to 4)\n\n- min 12, max 45 <- Q3\n",
        &[
            ("capacity-plan", 1, "Peak: 5000 / 140 = 35.7, so 36"),
            ("capacity-plan", 2, "Mean: 1667 / 140 → 12"),
            ("capacity-plan", 3, "min 12, max 45"),
            ("capacity-plan", 4, "The pool is 30 threads"),
        ],
    );
    // At the start of a paragraph, like a label.
    case(
        "## Capacity plan\n\nQ1: 36\n\n→ Q4: the pool is 30 threads.\n\n(answer to 5) p99 rising at 150 rps.\n",
        &[
            ("capacity-plan", 1, "36"),
            ("capacity-plan", 4, "the pool is 30 threads."),
            ("capacity-plan", 5, "p99 rising at 150 rps."),
        ],
    );
}

#[test]
fn arrows_and_references_that_are_no_markers_stay_text() {
    case(
        "## Capacity plan\n\nQ1: 5000 / 140 = 35.7 → 36\n\n→ 37 with a spare\n\nsame as before (see Q2)\n\nrounded ← 3\n\n12 ← Q9\n",
        &[(
            "capacity-plan",
            1,
            "5000 / 140 = 35.7 → 36\n\n→ 37 with a spare\n\nsame as before (see Q2)\n\nrounded ← 3\n\n12 ← Q9",
        )],
    );
}

/// After an explicit label, a table whose header names its column as questions and whose
/// numbers count on from the open question answers those questions; a table of the
/// answer's own numbered rows, or one under an empty header, stays in the answer.
#[test]
fn a_question_table_after_an_explicit_label_answers_the_next_questions() {
    let table = "| Q | Answer |\n|---|---|\n| 2 | 11 instances |\n| 3 | min 11, max 45 |";
    case(
        &format!("## Capacity plan\n\nQ1: 33 instances.\n\n{table}\n"),
        &[
            ("capacity-plan", 1, "33 instances."),
            ("capacity-plan", 2, "11 instances"),
            ("capacity-plan", 3, "min 11, max 45"),
        ],
    );
    // Its own numbered steps, starting at 1, stay in the answer.
    let steps = "| # | Step |\n|---|---|\n| 1 | drain the node |\n| 2 | restart it |";
    case(
        &format!("## Capacity plan\n\nQ3: Scale in two steps:\n\n{steps}\n"),
        &[(
            "capacity-plan",
            3,
            &format!("Scale in two steps:\n\n{steps}"),
        )],
    );
    // Numbers that skip back to a labelled question, or do not go up, stay too.
    for rows in ["| 1 | 33 |\n| 2 | 11 |", "| 2 | 11 |\n| 2 | 12 |"] {
        let table = format!("| Q | Answer |\n|---|---|\n{rows}");
        case(
            &format!("## Capacity plan\n\nQ1: 33 instances.\n\n{table}\n"),
            &[("capacity-plan", 1, &format!("33 instances.\n\n{table}"))],
        );
    }
}

#[test]
fn tables_drawn_in_code_blocks_split_at_labelled_rows() {
    // An audit drawn as text: one row per question, the header and rule set aside.
    let src = "## Stateful-Component Audit\n\n```\n| # | per-user state?     | fix              |\n|---|---------------------|------------------|\n| 1 | yes: session cookie | stateless token  |\n| 2 | logged out          |                  |\n|   | (cart lost too)     |                  |\n| 3 | move to Redis       | dual-write first |\n```\n";
    case(
        src,
        &[
            ("audit", 1, "yes: session cookie | stateless token  |"),
            (
                "audit",
                2,
                "logged out          |                  |\n|   | (cart lost too)     |                  |",
            ),
            ("audit", 3, "move to Redis       | dual-write first |"),
        ],
    );
    assert_eq!(unplaced(src).len(), 1, "{:?}", unplaced(src));
    // Box-drawing bars and "Q" labels, without bars at the ends.
    case(
        "## Capacity plan\n\n```\n│ Q1 │ 36 │\n│ Q2 │ 12 │\nQ3 | min 12, max 45\n```\n",
        &[
            ("capacity-plan", 1, "36 │"),
            ("capacity-plan", 2, "12 │"),
            ("capacity-plan", 3, "min 12, max 45"),
        ],
    );
}

#[test]
fn tables_of_numbers_drawn_in_code_blocks_are_not_question_rows() {
    // A header that names data: the block stays unplaced.
    let table =
        "```\n| servers | rps |\n|---------|-----|\n| 1       | 200 |\n| 2       | 400 |\n```";
    let src = format!("## Capacity plan\n\n{table}\n\nQ1: 36\n");
    case(&src, &[("capacity-plan", 1, "36")]);
    assert_eq!(unplaced(&src)[0].0, table);
    // Under an open question the drawn table is its answer.
    let table = "```\n| # | rps |\n| 1 | 200 |\n| 2 | 400 |\n```";
    case(
        &format!("## Capacity plan\n\nQ1: by hour\n\n{table}\n"),
        &[("capacity-plan", 1, &format!("by hour\n\n{table}"))],
    );
}

#[test]
fn labels_inside_one_paragraph_split_in_sequence() {
    let want = [
        ("capacity-plan", 1, "36"),
        ("capacity-plan", 2, "12"),
        ("capacity-plan", 3, "12 to 40"),
    ];
    case("## Capacity plan\n\n(1) 36 (2) 12 (3) 12 to 40\n", &want);
    case("## Capacity plan\n\n1) 36 2) 12 3) 12 to 40\n", &want);
    case("## Capacity plan\n\nQ1: 36\nQ2: 12\nQ3: 12 to 40\n", &want);
    case(
        "## Capacity plan\n\n**Q1:** 36\n**Q2:** 12\n**Q3:** 12 to 40\n",
        &want,
    );
    // Numbers out of sequence are text.
    case(
        "## Capacity plan\n\n(1) 36, not (3) as I first thought\n",
        &[("capacity-plan", 1, "36, not (3) as I first thought")],
    );
    // A bracket left open does not hide the labels after it ("(rounded up from 35.7 2)").
    case(
        "## Capacity plan\n\n1) 36 (rounded up from 35.7 2) 12 3) 12 to 40\n",
        &[
            ("capacity-plan", 1, "36 (rounded up from 35.7"),
            ("capacity-plan", 2, "12"),
            ("capacity-plan", 3, "12 to 40"),
        ],
    );
    // A number closing a bracket after an operator is text: "(… × 2)" does not label
    // question 2.
    case(
        "## Capacity plan\n\n1) 36 (mean is peak ÷ 3, not × 2) so 12\n",
        &[("capacity-plan", 1, "36 (mean is peak ÷ 3, not × 2) so 12")],
    );
}

#[test]
fn labels_inside_a_paragraph_after_an_intro_sentence() {
    // The audit in one paragraph: the app first, then "(1) … (2) … (3) …".
    let src = "## Common mistakes\n\n5. Measure before adding memory.\n\n## Stateful-Component Audit\n\nI'll use the ticket booking app from my last job. (1) The booking service keeps a websocket per user. (2) Its users reconnect and miss seat updates. (3) Keep the websocket registry in Redis pub/sub.\n";
    case(
        src,
        &[
            ("mistakes", 5, "Measure before adding memory."),
            (
                "audit",
                1,
                "The booking service keeps a websocket per user.",
            ),
            ("audit", 2, "Its users reconnect and miss seat updates."),
            ("audit", 3, "Keep the websocket registry in Redis pub/sub."),
        ],
    );
    assert_eq!(
        unplaced(src),
        [(
            "I'll use the ticket booking app from my last job.".to_string(),
            "under exercise `audit` but not under any of its questions".to_string()
        )]
    );
    // Under an open question the same text is its answer, listing things.
    case(
        "## Retrieval\n\n### Q3\n\nThree of them: (1) cookies, (2) IP hash, (3) a shared store.\n",
        &[(
            "retrieval",
            3,
            "Three of them: (1) cookies, (2) IP hash, (3) a shared store.",
        )],
    );
}

#[test]
fn exercises_without_headings_follow_the_numbering() {
    let src = "My answers\n\n1. vertical: one box\n2. stateless: no session\n3. cookies\n4. cache-aside\n5. CDN\n\n1. bigger box vs more boxes\n2. sticky\n";
    case(
        src,
        &[
            ("retrieval", 1, "vertical: one box"),
            ("retrieval", 2, "stateless: no session"),
            ("retrieval", 3, "cookies"),
            ("retrieval", 4, "cache-aside"),
            ("retrieval", 5, "CDN"),
            ("compare", 1, "bigger box vs more boxes"),
            ("compare", 2, "sticky"),
        ],
    );
    // After a heading too, and with Q labels.
    let src = "## Stateful-Component Audit\n\nQ1: session in memory\nQ2: logged out\nQ3: move to Redis\n\nQ1: cache stampede\n";
    case(
        src,
        &[
            ("audit", 1, "session in memory"),
            ("audit", 2, "logged out"),
            ("audit", 3, "move to Redis"),
            ("cache-design", 1, "cache stampede"),
        ],
    );
    // Without the last question, a second "1" is the same question again.
    case(
        "## Audit\n\n1. a\n2. b\n\n1. more on a\n",
        &[("audit", 1, "a\n\nmore on a"), ("audit", 2, "b")],
    );
}

#[test]
fn answers_and_exercises_out_of_order_are_placed_in_sheet_order() {
    let src = "## Capacity plan\n\nQ3: 12/40\n\nQ1: 36\n\n## Retrieval\n\nQ2: no state\n";
    case(
        src,
        &[
            ("retrieval", 2, "no state"),
            ("capacity-plan", 1, "36"),
            ("capacity-plan", 3, "12/40"),
        ],
    );
}

#[test]
fn the_same_question_twice_is_joined_at_the_first_position() {
    let src = "## Capacity plan\n\nQ1: 36\n\nQ2: 12\n\nQ1: (revised) 37\n";
    let read = read(src);
    let q1 = &read.answers[0];
    assert_eq!(
        (q1.question, q1.text.as_str(), q1.line, q1.column),
        (1, "36\n\n(revised) 37", 3, 5)
    );
}

#[test]
fn content_that_cannot_be_placed_is_reported_with_a_reason() {
    let src = "Some intro about my app.\n\n## Capacity plan\n\nI assumed 3x peak.\n\nQ1: 36\n\nQ9: extra thoughts\n\n## Reflection\n\nI liked it.\n\n1. more\n";
    let read = read(src);
    assert_eq!(read.answers.len(), 1);
    let got: Vec<(&str, &str, u32)> = read
        .unplaced
        .iter()
        .map(|u| (u.text.as_str(), u.reason.as_str(), u.line))
        .collect();
    assert_eq!(
        got,
        [
            ("Some intro about my app.", "before any exercise heading", 1),
            (
                "I assumed 3x peak.",
                "under exercise `capacity-plan` but not under any of its questions",
                5
            ),
            (
                "Q9: extra thoughts",
                "exercise `capacity-plan` has no question 9 (its questions are 1–5)",
                9
            ),
            (
                "I liked it.",
                "under the heading `Reflection`, which names no exercise on the sheet",
                13
            ),
            (
                "1. more",
                "under the heading `Reflection`, which names no exercise on the sheet",
                15
            ),
        ]
    );
    let got = unplaced("Intro\n\nQ3: before any heading\n\n## Audit\n\n1. x\n");
    assert_eq!(
        got[1],
        (
            "Q3: before any heading".to_string(),
            "question 3 is labelled before any exercise heading, and 8 exercises have a \
             question 3: write the exercise's title above it"
                .to_string()
        )
    );
}

#[test]
fn headings_inside_answers() {
    // A deeper heading that names nothing stays in the answer; a sibling ends it.
    let src = "## Capacity plan\n\n### Q1\n\n#### Working\n\n25 / 0.7\n\n### Notes\n\nrounded up\n\n### Q2\n\n12\n";
    let read = read(src);
    assert_eq!(read.answers[0].text, "#### Working\n\n25 / 0.7");
    assert_eq!(read.answers[1].text, "12");
    assert_eq!(read.unplaced[0].text, "### Notes\n\nrounded up");
    // A question heading with nothing after it is no answer.
    case(
        "## Capacity plan\n\n### Q1\n\n### Q2\n\n12\n",
        &[("capacity-plan", 2, "12")],
    );
}

#[test]
fn headings_that_hold_the_answer() {
    // A label line directly above `---` is a setext heading: its text is the answer.
    case(
        "## Capacity plan\n\nQ1: 36 instances\n---\n\nQ2: 12\n",
        &[
            ("capacity-plan", 1, "36 instances"),
            ("capacity-plan", 2, "12"),
        ],
    );
    case(
        "## Capacity plan\n\n### Q1: 36 instances\n\nbecause 25/0.7\n",
        &[("capacity-plan", 1, "36 instances\n\nbecause 25/0.7")],
    );
    // Any other text above `---` stays text of the answer, and does not end the exercise.
    case(
        "## Capacity plan\n\nQ1: 36\n\nI assumed 3x peak\n---\n\nQ2: 12\n",
        &[
            ("capacity-plan", 1, "36\n\nI assumed 3x peak\n---"),
            ("capacity-plan", 2, "12"),
        ],
    );
}

#[test]
fn a_bold_sentence_that_restates_a_prompt_keeps_its_words() {
    // A bold label-like line is dropped like a heading; a bold sentence starts the answer.
    case(
        "## Capacity plan\n\nQ1: 36\n\n**A wrong capacity model shows as rising p99.**\n\nWatch it.\n",
        &[
            ("capacity-plan", 1, "36"),
            (
                "capacity-plan",
                5,
                "**A wrong capacity model shows as rising p99.**\n\nWatch it.",
            ),
        ],
    );
}

#[test]
fn copied_prompts_are_not_part_of_the_answer() {
    case(
        "## Capacity plan\n\n1. How many instances at peak?\n\n   36 instances\n",
        &[("capacity-plan", 1, "36 instances")],
    );
    case(
        "## Capacity plan\n\nQ1: How many instances at peak?\n36 instances\n",
        &[("capacity-plan", 1, "36 instances")],
    );
    case(
        "## Capacity plan\n\n**Q1. How many instances at peak?** 36 instances\n",
        &[("capacity-plan", 1, "36 instances")],
    );
    // An answer in bold after its label is kept.
    case(
        "## Retrieval\n\n**1. Vertical scaling adds CPU to one box.**\n",
        &[("retrieval", 1, "Vertical scaling adds CPU to one box.**")],
    );
    // A copy with nothing after it is no answer, and is reported.
    let got = unplaced("## Compare\n\n1. scale up vs scale out\n\n2. sticky: breaks on failover\n");
    let reason = "a copy of the prompt of question 1 of `compare`, with no answer after it";
    assert_eq!(
        got,
        [("scale up vs scale out".to_string(), reason.to_string())]
    );
    // An answer that merely uses prompt words is kept whole.
    case(
        "## Capacity plan\n\n1. At peak, 36 instances\n",
        &[("capacity-plan", 1, "At peak, 36 instances")],
    );
}

/// A heading or bold line that restates the prompt with a number the prompt does not give
/// holds the answer: it was dropped as the question's heading, a silent zero.
#[test]
fn a_restated_prompt_with_a_number_is_the_answer() {
    case(
        "## Capacity plan\n\n### Instances at peak = 36\n\n### Steady-state mean: 12 instances\n",
        &[
            ("capacity-plan", 1, "Instances at peak = 36"),
            ("capacity-plan", 2, "Steady-state mean: 12 instances"),
        ],
    );
    case(
        "## Capacity plan\n\n**Instances at peak = 36**\n\nRounded up from 35.7.\n",
        &[(
            "capacity-plan",
            1,
            "**Instances at peak = 36**\n\nRounded up from 35.7.",
        )],
    );
    // Without a number of its own it names the question, and the answer is below it.
    case(
        "## Capacity plan\n\n### Instances at peak\n\n36, from 12 × 3.\n",
        &[("capacity-plan", 1, "36, from 12 × 3.")],
    );
}

#[test]
fn an_answer_that_names_the_options_a_prompt_offers_is_no_copy() {
    // The prompt lists its options in parentheses; picking them all is an answer.
    case(
        "Cache Design Exercise\n\n1 - we use all of them: CDN, reverse proxy, app-level and DB-level cache\n2 - write-through for everything\n",
        &[
            (
                "cache-design",
                1,
                "we use all of them: CDN, reverse proxy, app-level and DB-level cache",
            ),
            ("cache-design", 2, "write-through for everything"),
        ],
    );
    // Restating the question itself as well is still a copy, with no answer.
    let got = unplaced(
        "Cache Design Exercise\n\n1 - We use the layers of cache that we need: CDN, reverse proxy, app-level or DB-level.\n2 - write-through for everything\n",
    );
    let reason = "a copy of the prompt of question 1 of `cache-design`, with no answer after it";
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].1, reason);
}

#[test]
fn an_outline_with_exercises_as_list_items() {
    let src = "1. Retrieval Prompts\n   1. vertical vs horizontal\n   2. no per-user state\n2. Compare and Distinguish\n   - scale up vs scale out: bigger vs more\n";
    case(
        src,
        &[
            ("retrieval", 1, "vertical vs horizontal"),
            ("retrieval", 2, "no per-user state"),
            ("compare", 1, "bigger vs more"),
        ],
    );
}

#[test]
fn files_with_nothing_to_place_have_no_answers() {
    let cases = [
        "",
        "   \n\n\t\n",
        "# Banana bread\n\n## Ingredients\n\n- 3 bananas\n- 2 cups flour\n\n## Method\n\n1. Mash the bananas.\n2. Bake for 60 minutes.\n",
        "---\nlearner: ana\n---\n",
        "Q9: nothing here\n",
        // Exercises named, but none of their questions.
        "## Retrieval Prompts\n\n## Horizontal Capacity Plan\n",
    ];
    for src in cases {
        assert!(
            matches!(
                read_markdown(src, &workshop()),
                Err(MarkdownError::NoAnswers { .. })
            ),
            "{src:?}"
        );
    }
    // Why, where a text was set aside: a label says most.
    let why = |src: &str| match read_markdown(src, &workshop()) {
        Err(MarkdownError::NoAnswers { why }) => why,
        other => panic!("{other:?}"),
    };
    assert_eq!(why(""), None);
    assert_eq!(
        why("Q9: nothing here\n"),
        Some((
            1,
            "no exercise of the sheet has a question 9".to_string(),
            0
        ))
    );
    assert_eq!(
        why("My notes\n\nQ2: sticky sessions lose state\n"),
        Some((
            3,
            "question 2 is labelled before any exercise heading, and 8 exercises have a \
             question 2: write the exercise's title above it"
                .to_string(),
            1
        ))
    );
}

/// Before any heading, a label whose number only one exercise of the sheet has is that
/// exercise's question (as "Q1:" is the first exercise's); a bare "2." is not (it may be a list
/// of the learner's own).
/// An exercise of a test sheet: its id, title and prompts, numbered from 1.
fn exercise_of(
    id: &str,
    title: &str,
    prompts: &[&str],
) -> crate::submission::layout::ExerciseLayout {
    use crate::submission::layout::{ExerciseLayout, QuestionLayout};
    ExerciseLayout {
        id: id.to_string(),
        title: title.to_string(),
        aliases: Vec::new(),
        questions: (1..)
            .zip(prompts)
            .map(|(number, prompt)| QuestionLayout {
                number,
                prompt: prompt.to_string(),
            })
            .collect(),
    }
}

#[test]
fn a_label_only_one_exercise_can_answer_needs_no_heading() {
    use crate::submission::layout::SheetLayout;
    let exercise = exercise_of;
    let layout = SheetLayout {
        exercises: vec![
            exercise(
                "basics",
                "Basics",
                &[
                    "Can any server serve a request?",
                    "Are sticky sessions fine?",
                ],
            ),
            exercise("capacity", "Capacity", &["How many servers at peak?"]),
        ],
    };
    let placed = |src: &str| -> Vec<(String, u32, String)> {
        read_markdown(src, &layout)
            .unwrap()
            .answers
            .into_iter()
            .map(|a| (a.exercise, a.question, a.text))
            .collect()
    };
    assert_eq!(
        placed(
            "Q2: sticky sessions are not fine: sessions die with the server\n\nQ1: yes, as no instance keeps state\n"
        ),
        [
            (
                "basics".to_string(),
                1,
                "yes, as no instance keeps state".to_string()
            ),
            (
                "basics".to_string(),
                2,
                "sticky sessions are not fine: sessions die with the server".to_string()
            ),
        ]
    );
    let bare = "Intro\n\n2. sticky sessions are not fine: sessions die with the server\n";
    assert!(matches!(
        read_markdown(bare, &layout),
        Err(MarkdownError::NoAnswers { .. })
    ));
}

/// Without headings, a "Q4:" label whose number only one exercise has answers that exercise,
/// also alone in a file of few words, and after "Q1:" and "Q2:" placed in the first exercise.
#[test]
fn a_label_only_one_exercise_can_answer_leaves_the_numbering_exercise() {
    use crate::submission::layout::SheetLayout;
    let exercise = |id: &str, prompts: &[&str]| exercise_of(id, id, prompts);
    let layout = SheetLayout {
        exercises: vec![
            exercise(
                "basics",
                &["What does an index store?", "Which queries seek?"],
            ),
            exercise(
                "plans",
                &[
                    "How many rows?",
                    "How long?",
                    "Which plan?",
                    "Why a sequential scan over 40 % of the rows?",
                ],
            ),
        ],
    };
    let placed = |src: &str| -> Vec<(String, u32)> {
        read_markdown(src, &layout)
            .expect(src)
            .answers
            .into_iter()
            .map(|a| (a.exercise, a.question))
            .collect()
    };
    let q4 = "Q4: too many rows match, and the statistics might be stale.\n";
    assert_eq!(placed(q4), [("plans".to_string(), 4)]);
    let after = format!("Q1: keys in order.\nQ2: a and c.\n{q4}");
    assert_eq!(
        placed(&after),
        [
            ("basics".to_string(), 1),
            ("basics".to_string(), 2),
            ("plans".to_string(), 4)
        ]
    );
    // Named by a heading, the exercise keeps its label: no question 4 there.
    let headed = format!("## basics\n\nQ1: keys in order.\n{q4}");
    assert_eq!(placed(&headed), [("basics".to_string(), 1)]);
    // Numbering that goes on past the exercise's last question does not jump to the one
    // exercise with that number.
    // (`basics` has two questions: "Q3:" goes on from its last.)
    let straight =
        "Q1: a sequential scan reads every row.\nQ2: queries seek rows.\nQ3: 12,000 rows match.\n";
    assert_eq!(
        placed(straight),
        [("basics".to_string(), 1), ("basics".to_string(), 2)]
    );
    // A recipe's "Q1:" names every exercise's first question: off topic, not an answer.
    assert!(matches!(
        read_markdown("Q1: mix the flour and the water.\nQ2: bake it.\n", &layout),
        Err(MarkdownError::NoAnswers { .. })
    ));
}

/// The blank practice sheet handed in as it is (prompts copied or as headings, nothing
/// answered) names the sheet's questions: a submission with every answer empty, each copied
/// prompt reported as unplaced, not a file that is no submission.
#[test]
fn the_blank_sheet_is_read_with_no_answers() {
    for src in [
        "Retrieval Prompts\n\n1. State the defining difference between vertical and horizontal scaling and give one failure-mode implication of each.\n2. Define stateless service and name the two most common ways a service that looks stateless is actually stateful.\n\nHorizontal Capacity Plan\n\n1. How many instances at peak?\n2. How many instances at steady-state mean?\n",
        "---\nlearner: your-id\n---\n\n# Scaling Design Workshop\n\n## Horizontal Capacity Plan\n\n### 1. How many instances at peak?\n\n### 2. How many instances at steady-state mean?\n",
    ] {
        let got = read_markdown(src, &workshop()).expect(src);
        assert!(got.answers.is_empty(), "{got:?}");
    }
    // One answer filled in: read, and the others stay empty.
    case(
        "## Horizontal Capacity Plan\n\n### 1. How many instances at peak?\n\n36\n\n### 2. How many instances at steady-state mean?\n",
        &[("capacity-plan", 1, "36")],
    );
}

#[test]
fn hostile_inputs_do_not_panic() {
    let layout = workshop();
    let mut inputs: Vec<String> = vec![
        "\0".to_string(),
        "## Capacity plan\n\nQ1: 3\0 6\n".to_string(),
        "\u{200B}## Capacity\u{200B} plan\n\n\u{200B}Q1:\u{200B} 36\n".to_string(),
        "\r\r\r## Capacity plan\r\rQ1: 36\r".to_string(),
        "## Capacity plan\r\n\r\nQ1: 36\r\n".to_string(),
        "**".to_string(),
        "**Q1".to_string(),
        "- **".to_string(),
        "| a |\n|---|\n|".to_string(),
        "---".to_string(),
        "---\n".to_string(),
        "\u{FEFF}".to_string(),
        "1.".to_string(),
        "(".to_string(),
        "Q".to_string(),
    ];
    inputs.push("# Capacity plan\n".repeat(100_000));
    inputs.push(format!("## Capacity plan\n\n1. {}x\n", "- ".repeat(10_000)));
    inputs.push(format!("## Capacity plan\n\n1. {}x\n", "> ".repeat(10_000)));
    inputs.push(format!(
        "## Capacity plan\n\nQ1: {}\n",
        "(1) x 2) ".repeat(500_000)
    ));
    inputs.push(format!("## Capacity plan\n\n{}", "Q1: a\n".repeat(50_000)));
    inputs.push("x".repeat(5_000_000));
    inputs.push(format!("**{}**", "capacity ".repeat(500_000)));
    for src in &inputs {
        let _ = read_markdown(src, &layout);
    }
    // Zero-width characters and NUL bytes do not hide labels or headings.
    let got = read_markdown(&inputs[2], &layout).unwrap();
    assert_eq!(
        (
            got.answers[0].exercise.as_str(),
            got.answers[0].text.as_str()
        ),
        ("capacity-plan", "36")
    );
    let got = read_markdown(&inputs[3], &layout).unwrap();
    assert_eq!((got.answers[0].line, got.answers[0].column), (6, 5));
}

#[test]
fn cost_grows_linearly() {
    let layout = workshop();
    let time = |n: usize| {
        let src =
            "## Capacity plan\n\nQ1: 36 (2) x\n\n- scale up: y\n\n| 1 | a |\n|---|---|\n".repeat(n);
        let start = std::time::Instant::now();
        let _ = read_markdown(&src, &layout);
        start.elapsed()
    };
    time(1_000);
    let small = time(5_000);
    let large = time(20_000);
    // Four times the input: allow up to 12x the time (noise, allocation), far from 16x.
    assert!(
        large < small * 12 + std::time::Duration::from_millis(50),
        "{small:?} vs {large:?}"
    );
}

#[test]
fn random_markdown_never_panics() {
    const TOKENS: &[&str] = &[
        "#",
        "## ",
        "Q1",
        "Q",
        "1.",
        "1)",
        "(2)",
        "**",
        "*",
        "_",
        "__",
        "|",
        "---",
        "===",
        "> ",
        "- ",
        "  ",
        "\n",
        "\r\n",
        "\r",
        "\t",
        "\0",
        "\u{200B}",
        "\u{FEFF}",
        "é",
        "—",
        "🚀",
        ":",
        "?",
        "`",
        "```",
        "capacity plan",
        "How many instances at peak?",
        "scale up vs scale out",
        "5.3)",
        "Part 5",
        "[x](y)",
        "<!--",
        "-->",
        "<div>",
        "learner: a",
        "[",
        "]",
        "\\",
        "7.",
        "99.",
        "100.",
        "Question 3 -",
    ];
    let layout = workshop();
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..1_500 {
        let len = next() % 60;
        let src: String = (0..len)
            .map(|_| TOKENS[(next() % TOKENS.len() as u64) as usize])
            .collect();
        if let Ok(read) = read_markdown(&src, &layout) {
            for a in &read.answers {
                assert!(
                    !a.text.is_empty() && a.line >= 1 && a.column >= 1,
                    "{src:?}"
                );
                assert!(
                    src.contains(a.text.split("\n\n").next().unwrap()),
                    "{src:?}"
                );
            }
        }
    }
}

#[test]
fn exercise_and_item_labels_name_both() {
    // "Exercise 6, item 3:" names question 3 of the sixth exercise, with no headings; the
    // numbered steps after it are its answer, not questions 1–5.
    case(
        "Exercise 1, item 1: vertical is a bigger box\n\nExercise 1, item 2: no state between requests\n\nExercise 6, item 3:\n1) Install Redis.\n2) Dual-write sessions.\n4) Drop memory sessions.\n5) Remove sticky.\n\nExercise 7, item 1: 5000 / 200 = 25\n",
        &[
            ("retrieval", 1, "vertical is a bigger box"),
            ("retrieval", 2, "no state between requests"),
            (
                "session-redesign",
                3,
                "1) Install Redis.\n2) Dual-write sessions.\n4) Drop memory sessions.\n5) Remove sticky.",
            ),
            ("capacity-plan", 1, "5000 / 200 = 25"),
        ],
    );
}

#[test]
fn code_blocks_split_at_bare_labels_counting_from_one() {
    // A whole exercise in a code block, numbered "1)" "2)"…; an indented line and a "4."
    // out of sequence stay in the answer above them.
    case(
        "## Capacity plan\n\n```\n1) 5000 / (200*0.7) = 35.7 -> 36\n2) 5000/3 = 1667 -> 12\n3) min 12, max 45\n   4. steps of the HPA\n4) L = 200 * 0.05 = 10\n```\n",
        &[
            ("capacity-plan", 1, "5000 / (200*0.7) = 35.7 -> 36"),
            ("capacity-plan", 2, "5000/3 = 1667 -> 12"),
            ("capacity-plan", 3, "min 12, max 45\n   4. steps of the HPA"),
            ("capacity-plan", 4, "L = 200 * 0.05 = 10"),
        ],
    );
    // Under an open question the numbered block is its working.
    case(
        "## Capacity plan\n\nQ1:\n\n```\n1) 5000 / 140 = 35.7\n2) round up: 36\n```\n",
        &[(
            "capacity-plan",
            1,
            "```\n1) 5000 / 140 = 35.7\n2) round up: 36\n```",
        )],
    );
    // An indented code block (its first line's indentation is not its text's): the labels
    // line up all the same, with spaces or a tab.
    for indent in ["    ", "\t"] {
        case(
            &format!("## Capacity plan\n\n{indent}1. 36 instances\n{indent}2. 12 instances\n"),
            &[
                ("capacity-plan", 1, "36 instances"),
                ("capacity-plan", 2, "12 instances"),
            ],
        );
    }
    // One numbered line is not a sequence: the block stays unplaced.
    let got = unplaced("## Capacity plan\n\n```\n1) 5000 / 140 = 35.7\n```\n\nQ2: 12\n");
    assert_eq!(got.len(), 1, "{got:?}");
}

#[test]
fn letters_name_the_questions_of_an_exercise_in_sequence() {
    case(
        "# Retrieval\n\na) bigger box vs more boxes\n\nb) no state between requests\n\n# Mistakes\n\na) LB only spreads load\nb) state is the problem, not the LB\n\n# Session redesign\n\na) deploys log everyone out\nb) (a) JWT: no store (b) Redis: extra hop (c) sticky: uneven\nc)\n1. Redis HA.\n2. Dual-write.\n4. Remove sticky.\n",
        &[
            ("retrieval", 1, "bigger box vs more boxes"),
            ("retrieval", 2, "no state between requests"),
            ("mistakes", 1, "LB only spreads load"),
            ("mistakes", 2, "state is the problem, not the LB"),
            ("session-redesign", 1, "deploys log everyone out"),
            (
                "session-redesign",
                2,
                "(a) JWT: no store (b) Redis: extra hop (c) sticky: uneven",
            ),
            (
                "session-redesign",
                3,
                "1. Redis HA.\n2. Dual-write.\n4. Remove sticky.",
            ),
        ],
    );
    // Options lettered inside a numbered answer stay in it.
    case(
        "## Session-Management Redesign\n\n1. Deploys log everyone out.\n2. Three designs:\n\na) JWT: no store\n\nb) Redis: extra hop\n\n3. Pick Redis.\n",
        &[
            ("session-redesign", 1, "Deploys log everyone out."),
            (
                "session-redesign",
                2,
                "Three designs:\n\na) JWT: no store\n\nb) Redis: extra hop",
            ),
            ("session-redesign", 3, "Pick Redis."),
        ],
    );
}

#[test]
fn letter_codes_name_exercise_and_question() {
    // No headings: "R1:" is Retrieval 1, "C1:" Compare 1, "M2:" Mistake check 2, one
    // per line of a paragraph.
    case(
        "R1: bigger box vs more boxes\nR2: no state between requests\n\nC1: one box grows, or many boxes share\nC2: token, pinned, Redis\n\nM1: LB alone is not enough\nM2: state is local\n",
        &[
            ("retrieval", 1, "bigger box vs more boxes"),
            ("retrieval", 2, "no state between requests"),
            ("compare", 1, "one box grows, or many boxes share"),
            ("compare", 2, "token, pinned, Redis"),
            ("mistakes", 1, "LB alone is not enough"),
            ("mistakes", 2, "state is local"),
        ],
    );
    // Bold codes under headings, with a letter no name starts with ("K" for the capacity
    // plan after the session redesign); "P99:" inside an answer is no label.
    case(
        "### Cache design\n\n**D6.** SLOs:\nP99: 50 ms\n\n**D5.** fail open\n\n### Session redesign\n\n**S1.** deploys log out\n\n**S2.** JWT, store, sticky\n\n### Capacity\n\n**K1.** 36\n\n**K2.** 12\n",
        &[
            ("cache-design", 5, "fail open"),
            ("cache-design", 6, "SLOs:\nP99: 50 ms"),
            ("session-redesign", 1, "deploys log out"),
            ("session-redesign", 2, "JWT, store, sticky"),
            ("capacity-plan", 1, "36"),
            ("capacity-plan", 2, "12"),
        ],
    );
    // The initials of a name of several words ("CD" for Cache Design), under its heading
    // and beside one-letter codes: "CD1." once stayed outside every question.
    case(
        "## 2. Compare\n\n**C1.** bigger box or more boxes\n\n**C2.** token, pinned\n\n## 5. Cache Design Exercise: Product Catalog\n\n**CD1.** CDN + Redis\n\n**CD4.** request coalescing\n\n## 6. Session redesign\n\n**S1.** restarts log out\n\n**S2.** JWT, store\n",
        &[
            ("compare", 1, "bigger box or more boxes"),
            ("compare", 2, "token, pinned"),
            ("cache-design", 1, "CDN + Redis"),
            ("cache-design", 4, "request coalescing"),
            ("session-redesign", 1, "restarts log out"),
            ("session-redesign", 2, "JWT, store"),
        ],
    );
}

#[test]
fn tables_whose_columns_are_the_questions() {
    // One row per hop, one column per question: each cell after its row's name.
    case(
        "## Stateful-Component Audit\n\nI'll use Netflix.\n\n| hop | 1. per-user state? | 2. instance disappears | 3. make stateless |\n|---|---|---|---|\n| client | auth token | re-login | owns it |\n| CDN | none | other POP | |\n",
        &[
            ("audit", 1, "client: auth token\n\nCDN: none"),
            ("audit", 2, "client: re-login\n\nCDN: other POP"),
            ("audit", 3, "client: owns it"),
        ],
    );
    // Letters in the header work too; under an open question the table is its answer.
    case(
        "# Audit\n\n| hop | a) state | b) loss |\n|---|---|---|\n| DB | orders | failover |\n",
        &[("audit", 1, "DB: orders"), ("audit", 2, "DB: failover")],
    );
    case(
        "# Audit\n\nQ1:\n\n| hop | 1. state | 2. loss |\n|---|---|---|\n| DB | orders | failover |\n",
        &[(
            "audit",
            1,
            "| hop | 1. state | 2. loss |\n|---|---|---|\n| DB | orders | failover |",
        )],
    );
}

#[test]
fn an_exercise_name_line_directly_above_its_labelled_answers() {
    // No blank line between the plain name line and the labels: one paragraph.
    let src = "Name: Dani\n\nRetrieval Prompts\n(1) Vertical adds RAM; horizontal adds boxes.\n(2) No per-user state between requests.\n\nCache Design\n(1) CDN and Redis\n(2) Cache aside:\n- read the cache\n- on a miss read the DB\n";
    case(
        src,
        &[
            ("retrieval", 1, "Vertical adds RAM; horizontal adds boxes."),
            ("retrieval", 2, "No per-user state between requests."),
            ("cache-design", 1, "CDN and Redis"),
            (
                "cache-design",
                2,
                "Cache aside:\n- read the cache\n- on a miss read the DB",
            ),
        ],
    );
    // A sentence of the answer above its own numbered steps is not a name line.
    let src = "## Cache Design Exercise: Product Catalog\n\n1. CDN and Redis\n2. Cache aside, because\n(1) it loads only what is read\n(2) it is simple\n";
    case(
        src,
        &[
            ("cache-design", 1, "CDN and Redis"),
            (
                "cache-design",
                2,
                "Cache aside, because\n(1) it loads only what is read\n(2) it is simple",
            ),
        ],
    );
}

#[test]
fn exercise_headings_numbered_without_a_delimiter() {
    let src = "## 1 Retrieval\n\n1. Vertical adds RAM.\n\n## 2 Compare\n\n1. Bigger box vs more boxes.\n\n## 7 Capacity\n\n1. 36 instances\n\n### 3 instances at peak\n\nthree\n";
    case(
        src,
        &[
            ("retrieval", 1, "Vertical adds RAM."),
            ("compare", 1, "Bigger box vs more boxes."),
            (
                "capacity-plan",
                1,
                "36 instances\n\n### 3 instances at peak\n\nthree",
            ),
        ],
    );
}

#[test]
fn a_misspelt_first_name_line_above_labels_lets_numbering_imply_the_exercise() {
    let src =
        "Name: Dani\n\nRetrival Prompts\n(1) Vertical adds RAM.\n(2) No state between requests.\n";
    case(
        src,
        &[
            ("retrieval", 1, "Vertical adds RAM."),
            ("retrieval", 2, "No state between requests."),
        ],
    );
}

#[test]
fn one_exercise_coded_under_its_own_heading() {
    let src = "## 1. Retrieval Prompts\n\n**R1.** Vertical adds RAM.\n\n**R2.** No state between requests.\n\n**R4.**\n\n| pattern | failure |\n|---|---|\n| write-through | slow writes |\n\n## 2. Compare and Distinguish\n\n1. bigger vs more\n";
    case(
        src,
        &[
            ("retrieval", 1, "Vertical adds RAM."),
            ("retrieval", 2, "No state between requests."),
            (
                "retrieval",
                4,
                "| pattern | failure |\n|---|---|\n| write-through | slow writes |",
            ),
            ("compare", 1, "bigger vs more"),
        ],
    );
}

/// Exercise names as plain numbered lines, answers labelled "1.1", "4.1" (alone above a
/// list), without any delimiter after the dotted number; a number after a dotted number
/// that is a quantity stays in its answer. (Not yet: a "4.2" written right under a list's
/// last item, with no blank line, is that item's lazy continuation and stays in it.)
#[test]
fn bare_dotted_labels_place_answers() {
    let src = "My answers\n\n1. Retrieval Prompts\n\n1.1 Vertical = bigger box. Horizontal = more boxes.\n1.2 Stateless = nothing kept between requests.\n\n4. Stateful-Component Audit\n\n4.1\n- client: token\n- DB: bookings\n\n4.2\n- CDN: photos slower\n\n7. Horizontal Capacity Plan\n\n7.2 mean is 1.67k rps\n2.5 instances is too few\n";
    case(
        src,
        &[
            (
                "retrieval",
                1,
                "Vertical = bigger box. Horizontal = more boxes.",
            ),
            ("retrieval", 2, "Stateless = nothing kept between requests."),
            ("audit", 1, "- client: token\n- DB: bookings"),
            ("audit", 2, "- CDN: photos slower"),
            (
                "capacity-plan",
                2,
                "mean is 1.67k rps\n2.5 instances is too few",
            ),
        ],
    );
}

/// While a question is open, a bold lead that asks another exercise's question names it,
/// however short ("**Sticky fine with smart LB?**" after compare 6); one that only names an
/// option of the answer under way does not (see `Placer::restatement`).
#[test]
fn a_bold_lead_asking_another_question_names_it() {
    let got = answers(
        "# Compare\n\n6. A stampede is the cache-specific case of a thundering herd.\n\n**Sticky fine with smart LB?**\nNo: the state is pinned to one node; a crash loses it.\n",
    );
    assert!(
        got.contains(&(
            "mistakes".to_string(),
            2,
            "No: the state is pinned to one node; a crash loses it.".to_string()
        )),
        "{got:?}"
    );
}

/// Underlined (setext) exercise headings, then bold dotted labels: the underline is no
/// unfinished working ("5000 / 200 =") that would make "1.1" a number of an answer.
#[test]
fn dotted_labels_under_underlined_headings() {
    let src = "Retrieval Prompts\n=================\n\n**1.1** Up = one node gets more RAM.\n\n**1.2** No state kept between requests.\n\nCompare and Distinguish\n-----------------------\n\n2.1 Up is bigger, out is more.\n";
    case(
        src,
        &[
            ("retrieval", 1, "Up = one node gets more RAM."),
            ("retrieval", 2, "No state kept between requests."),
            ("compare", 1, "Up is bigger, out is more."),
        ],
    );
}

/// An unlabelled list answering an exercise's questions in order, with an empty item for a
/// question the learner skipped.
#[test]
fn an_empty_item_in_an_answer_list_is_a_skipped_question() {
    case(
        "## 8. Evidence Check\n\n- any server can serve any user, sessions live in Redis\n-\n- divide the peak by per-server capacity, times 1.3\n- a local cache\n",
        &[
            (
                "evidence",
                1,
                "any server can serve any user, sessions live in Redis",
            ),
            (
                "evidence",
                3,
                "divide the peak by per-server capacity, times 1.3",
            ),
            ("evidence", 4, "a local cache"),
        ],
    );
}

/// Wiki-style plain lines as exercise headings ("== Session-Management Redesign ==") settle
/// the learner's own code letters ("E1." under the session redesign, "V1." under evidence).
#[test]
fn plain_line_headings_settle_code_letters() {
    let src = "== Retrieval Prompts ==\n\nR1. Answer: vertical is a bigger box\n\nR2. Answer: no state kept\n\n== Compare and Distinguish ==\n\nC1. Answer: up is bigger, out is more\n\nC2. Answer: sessions live elsewhere\n\n== Session-Management Redesign ==\n\nE1. Answer: sessions in memory are lost on restart\n\nE2. Answer: JWT, store, sticky\n\n== Evidence Check ==\n\nV1. Answer: any server can serve any user\n\nV2. Answer: CDN and Redis\n";
    case(
        src,
        &[
            ("retrieval", 1, "Answer: vertical is a bigger box"),
            ("retrieval", 2, "Answer: no state kept"),
            ("compare", 1, "Answer: up is bigger, out is more"),
            ("compare", 2, "Answer: sessions live elsewhere"),
            (
                "session-redesign",
                1,
                "Answer: sessions in memory are lost on restart",
            ),
            ("session-redesign", 2, "Answer: JWT, store, sticky"),
            ("evidence", 1, "Answer: any server can serve any user"),
            ("evidence", 2, "Answer: CDN and Redis"),
        ],
    );
}

/// An exercise name line with a remark after a spaced dash opens the exercise; "1." alone
/// on its line numbers the lines below it.
#[test]
fn an_exercise_line_with_a_remark_after_a_dash_opens_it() {
    case(
        "Mistakes\n1. wrong, you can lose data\n\nAudit – app: YouTube\n1.\nclient: yes, logged in\nCDN: no\n2.\nclient: logged out\n",
        &[
            ("mistakes", 1, "wrong, you can lose data"),
            ("audit", 1, "client: yes, logged in\nCDN: no"),
            ("audit", 2, "client: logged out"),
        ],
    );
}

/// A decimal alone or before a word is a number of the answer, not a dotted label, unless it
/// names the exercise under way (or the next one), or continues a dotted sequence.
#[test]
fn decimals_in_answers_are_not_dotted_labels() {
    case(
        "## 7. Horizontal Capacity Plan\n\nQ4:\n\n2.5\n\nQ5: latency\n",
        &[("capacity-plan", 4, "2.5"), ("capacity-plan", 5, "latency")],
    );
    case(
        "## 7. Horizontal Capacity Plan\n\nQ4: L = 200 x 0.05\n2.5 concurrent on average\n\nQ5: latency\n",
        &[
            (
                "capacity-plan",
                4,
                "L = 200 x 0.05\n2.5 concurrent on average",
            ),
            ("capacity-plan", 5, "latency"),
        ],
    );
    case(
        "## 1. Retrieval Prompts\n\n1.1 Vertical is a bigger box\n1.2 Stateless keeps nothing\n",
        &[
            ("retrieval", 1, "Vertical is a bigger box"),
            ("retrieval", 2, "Stateless keeps nothing"),
        ],
    );
}

/// An answer given in two places is one text; each part keeps its own place in the file, so
/// evidence from the second part is reported at its own line.
#[test]
fn an_answer_in_two_places_keeps_each_part_s_place() {
    let src = "# Retrieval Prompts\n\n4. The four patterns are these.\n\n5. Browser, CDN, Redis.\n\nSome filler.\n\n4 cont.) refresh-ahead: wasted refreshes.\n";
    let read = read(src);
    let a = read
        .answers
        .iter()
        .find(|a| a.exercise == "retrieval" && a.question == 4)
        .unwrap();
    assert_eq!(
        a.text,
        "The four patterns are these.\n\nrefresh-ahead: wasted refreshes."
    );
    assert_eq!((a.line, a.column), (3, 4));
    let second = a.text.find("refresh").unwrap();
    assert_eq!(a.parts, vec![(0, 3, 4), (second, 9, 10)]);
    // One stretch: no parts.
    let b = read.answers.iter().find(|a| a.question == 5).unwrap();
    assert!(b.parts.is_empty());
}

/// Answers written inside a block quote are placed as they would be without the `>` (a quote
/// of several blocks is read like top-level blocks), and its markers are not part of the
/// answer: the grader would read those lines as quoted. Same length, same places. A quote
/// inside the answer stays one, and so does a quote after it.
#[test]
fn answers_written_in_a_block_quote_are_placed_and_not_quoted() {
    let src = "# Retrieval Prompts\n\n> 1. Vertical adds CPU;\n>    horizontal adds boxes.\n> 2. Stateless keeps nothing:\n>    > as the notes say\n>    - no sessions\n";
    case(
        src,
        &[
            (
                "retrieval",
                1,
                "Vertical adds CPU;\n     horizontal adds boxes.",
            ),
            (
                "retrieval",
                2,
                "Stateless keeps nothing:\n     > as the notes say\n     - no sessions",
            ),
        ],
    );
    let second = read(src).answers.remove(1);
    assert_eq!((second.line, second.column), (5, 6));
    // One paragraph that starts with a label.
    case(
        "# Retrieval Prompts\n\n> 3. Sticky sessions,\n> tokens.\n",
        &[("retrieval", 3, "Sticky sessions,\n  tokens.")],
    );
    // Not after the quote.
    case(
        "# Retrieval Prompts\n\n> 3. Sticky sessions,\n> tokens.\n\nAnd\n> a quote.\n",
        &[(
            "retrieval",
            3,
            "Sticky sessions,\n  tokens.\n\nAnd\n> a quote.",
        )],
    );
}

/// What a block quote does not do: a heading in it that names nothing changes no section (the
/// answer after the quote is still placed); a quote under a question's heading is a quotation
/// (the learner quoting someone, however many paragraphs it has), not their own words; an
/// answer in a quote goes on in the next quote; and an answer after a quoted prompt and a
/// bare `>` line starts at its own line.
#[test]
fn a_block_quote_changes_no_section_and_quotes_what_it_quotes() {
    case(
        "# Retrieval Prompts\n\n1. Vertical adds CPU.\n\n> ## Note to the marker\n>\n> Out of time.\n\n2. Stateless keeps nothing.\n",
        &[
            (
                "retrieval",
                1,
                "Vertical adds CPU.\n\n> ## Note to the marker\n>\n> Out of time.",
            ),
            ("retrieval", 2, "Stateless keeps nothing."),
        ],
    );
    case(
        "# Compare and Distinguish\n\n### 1. scale up vs scale out\n\n> My teammate: scaling up is more fault tolerant.\n>\n> He also wrote this.\n\nHe is wrong.\n",
        &[(
            "compare",
            1,
            "> My teammate: scaling up is more fault tolerant.\n>\n> He also wrote this.\n\nHe is wrong.",
        )],
    );
    case(
        "# Retrieval Prompts\n\n> 1. Vertical adds CPU.\n\n> Horizontal adds boxes.\n\n> It costs more.\n\n> 2. Stateless.\n",
        &[
            (
                "retrieval",
                1,
                "Vertical adds CPU.\n\n  Horizontal adds boxes.\n\n  It costs more.",
            ),
            ("retrieval", 2, "Stateless."),
        ],
    );
    let read = read(
        "# Retrieval Prompts\n\n> **State the defining difference between vertical and horizontal scaling and give one failure-mode implication of each.**\n>\n> Vertical adds CPU.\n",
    );
    assert_eq!(read.answers[0].text, "Vertical adds CPU.");
    assert_eq!((read.answers[0].line, read.answers[0].column), (5, 3));
}

/// "Q1a:", "2.ii", "3(c)": the exercise's number with the question's place as a letter or a
/// roman numeral, under the exercise's heading or with none.
#[test]
fn exercise_numbers_with_a_letter_or_roman_place_label_questions() {
    case(
        "## Retrieval\n\nQ1a: bigger box vs more boxes\n\nQ1b: keeps nothing\n\nQ1c: sticky\n",
        &[
            ("retrieval", 1, "bigger box vs more boxes"),
            ("retrieval", 2, "keeps nothing"),
            ("retrieval", 3, "sticky"),
        ],
    );
    case(
        "Part 2 – Compare\n\n2.i scale up vs scale out — bigger vs more\n\n2.ii stateless vs sticky — where it lives\n\n2.iii who writes\n\n2.v CDN is the edge\n",
        &[
            ("compare", 1, "scale up vs scale out — bigger vs more"),
            ("compare", 2, "stateless vs sticky — where it lives"),
            ("compare", 3, "who writes"),
            ("compare", 5, "CDN is the edge"),
        ],
    );
    case(
        "## Retrieval\n\n**Q1a:** bigger box\n\n**Q1b**: keeps nothing\n\n**Q1c:** sticky\n",
        &[
            ("retrieval", 1, "bigger box"),
            ("retrieval", 2, "keeps nothing"),
            ("retrieval", 3, "sticky"),
        ],
    );
    case(
        "Q1a: bigger box\n\nQ1b: keeps nothing\n\nQ1c: sticky\n\nQ2a: up is bigger\n\nQ2b: sticky pins\n\nQ2c: aside\n",
        &[
            ("retrieval", 1, "bigger box"),
            ("retrieval", 2, "keeps nothing"),
            ("retrieval", 3, "sticky"),
            ("compare", 1, "up is bigger"),
            ("compare", 2, "sticky pins"),
            ("compare", 3, "aside"),
        ],
    );
}

/// Inside another exercise, "Q2a" is a part of the answer under way ("Q2a" JWT, "Q2b"
/// Redis), not the second exercise's first question.
#[test]
fn a_lettered_label_of_another_exercise_is_part_of_the_answer() {
    case(
        "## Session-Management Redesign\n\nQ2:\n\nQ2a: JWT, no server state\n\nQ2b: Redis, one more hop\n",
        &[(
            "session-redesign",
            2,
            "Q2a: JWT, no server state\n\nQ2b: Redis, one more hop",
        )],
    );
}

/// "5.3 On a price change …" goes on from "5.2" in exercise 5; the same line elsewhere is
/// the answer's text ("2.5 instances").
#[test]
fn a_dotted_label_before_a_word_goes_on_from_the_one_before() {
    case(
        "## 5 Cache Design\n\n5.2 TTL at the edge\n\n5.3 On a price change we purge\n\n5.4 jitter\n",
        &[
            ("cache-design", 2, "TTL at the edge"),
            ("cache-design", 3, "On a price change we purge"),
            ("cache-design", 4, "jitter"),
        ],
    );
    case(
        "## 7. Horizontal Capacity Plan\n\n7.1 peak is 36\n\n7.4 instances is not it\n",
        &[("capacity-plan", 1, "peak is 36\n\n7.4 instances is not it")],
    );
}

/// A lettered label after the plain label of the question it numbers is a part of that
/// answer ("Q2:" then "Q2a:", "Q2b:", or "2)" then "2b."), as is one naming an exercise the
/// sheet does not have ("Q9c" under the last exercise).
#[test]
fn lettered_parts_of_the_question_under_way_stay_in_its_answer() {
    case(
        "## 1. Retrieval\n\nQ2: Two ways:\n\nQ2a: sessions in memory\n\nQ2b: local cache\n\n3) Sticky sessions lose them\n",
        &[
            (
                "retrieval",
                2,
                "Two ways:\n\nQ2a: sessions in memory\n\nQ2b: local cache",
            ),
            ("retrieval", 3, "Sticky sessions lose them"),
        ],
    );
    case(
        "## 1. Retrieval\n\n2) stateless keeps nothing\n\n2b. users can log in from anywhere\n",
        &[(
            "retrieval",
            2,
            "stateless keeps nothing\n\n2b. users can log in from anywhere",
        )],
    );
    case(
        "## 8. Evidence Check\n\nQ3: formula\n\nQ9c: a note on the 9c runbook step\n",
        &[(
            "evidence",
            3,
            "formula\n\nQ9c: a note on the 9c runbook step",
        )],
    );
}

/// Letters on fewer than three places ("1a)", "1b)") split one question into parts, and
/// so do letters after a restated prompt ("**cache-aside vs …**" then "3a)" … "3c)"); the
/// plain labels after them keep their questions. A first part with no label of its
/// question before it names the question ("1a)", "- 2a.", "**Q3a:**"), also on a later line
/// of one paragraph ("2a)" after "1b)").
#[test]
fn letters_on_one_question_are_parts_of_its_answer() {
    case(
        "## Retrieval\n\n1a) one big box\n\n1b) one box dies\n\n2) keeps nothing\n\n3) sticky\n",
        &[
            ("retrieval", 1, "one big box\n\n1b) one box dies"),
            ("retrieval", 2, "keeps nothing"),
            ("retrieval", 3, "sticky"),
        ],
    );
    case(
        "## Retrieval\n\n1a) one big box\n1b) one box dies\n2a) keeps nothing\n2b) files\n3) sticky\n\n\
         ## Compare\n\n- 1a. one bigger box\n- 1b. more boxes\n- 2a. keeps nothing\n\n**Q3a:** loads on a miss\n**Q3b:** writes both\n",
        &[
            ("retrieval", 1, "one big box\n1b) one box dies"),
            ("retrieval", 2, "keeps nothing\n2b) files"),
            ("retrieval", 3, "sticky"),
            ("compare", 1, "one bigger box\n- 1b. more boxes"),
            ("compare", 2, "keeps nothing"),
            ("compare", 3, "loads on a miss\n**Q3b:** writes both"),
        ],
    );
    case(
        "## Retrieval\n\n### 1a\none big box\n\n### 1b\none box dies\n\n### 2\nkeeps nothing\n",
        &[
            ("retrieval", 1, "one big box\n\n### 1b\none box dies"),
            ("retrieval", 2, "keeps nothing"),
        ],
    );
    // A file that letters its questions ("1a)" … "1c)" are the first exercise's three) is
    // read so still, and "2a)" inside an answer is no label.
    case(
        "## Retrieval\n\n1a) one big box\n\n1b) stateless\n\n1c) sticky\n\n## Compare\n\n1) bigger box; see 2a) below\n",
        &[
            ("retrieval", 1, "one big box"),
            ("retrieval", 2, "stateless"),
            ("retrieval", 3, "sticky"),
            ("compare", 1, "bigger box; see 2a) below"),
        ],
    );
    case(
        "## Compare\n\n**cache-aside vs write-through vs write-behind**\n\n3a) aside loads on a miss\n\n3b) through writes both\n\n3c) behind writes later\n",
        &[(
            "compare",
            3,
            "3a) aside loads on a miss\n\n3b) through writes both\n\n3c) behind writes later",
        )],
    );
}

/// A dotted number before a word after a label that did not name its exercise is the
/// answer's number ("1.2 million requests", "5.3 ms").
#[test]
fn a_dotted_number_after_a_plain_label_stays_a_number() {
    case(
        "## 1. Retrieval\n\n1) vertical is one box\n\n1.2 million requests per second will not fit\n",
        &[(
            "retrieval",
            1,
            "vertical is one box\n\n1.2 million requests per second will not fit",
        )],
    );
    case(
        "## 5 Cache Design\n\n2) TTL at the edge\n\n5.3 ms is the p99 of Redis\n",
        &[(
            "cache-design",
            2,
            "TTL at the edge\n\n5.3 ms is the p99 of Redis",
        )],
    );
}

/// "Q1a: …", "Q1b: …" on consecutive lines of one paragraph are two answers.
#[test]
fn lettered_labels_on_consecutive_lines_split_the_paragraph() {
    case(
        "## Retrieval\n\nQ1a: bigger box\nQ1b: keeps nothing\nQ1c: sticky\n",
        &[
            ("retrieval", 1, "bigger box"),
            ("retrieval", 2, "keeps nothing"),
            ("retrieval", 3, "sticky"),
        ],
    );
}

/// "### Q1a" headings: a heading's lettered label, alone, before the answer or before the
/// prompt restated, names its question as at a paragraph's start (a whole exercise written
/// so was once unplaced); under a plain "Q2:" such headings are parts of its answer.
#[test]
fn lettered_headings_label_questions() {
    case(
        "## Retrieval\n\n### Q1a\n\nbigger box\n\n### Q1b\n\nkeeps nothing\n\n### Q1c: Sticky sessions?\n\nsticky\n",
        &[
            ("retrieval", 1, "bigger box"),
            ("retrieval", 2, "keeps nothing"),
            ("retrieval", 3, "sticky"),
        ],
    );
    case(
        "# My answers\n\n### 1a) bigger box\n\n### 1b) keeps nothing\n\n## 1.c\n\nsticky\n",
        &[
            ("retrieval", 1, "bigger box"),
            ("retrieval", 2, "keeps nothing"),
            ("retrieval", 3, "sticky"),
        ],
    );
    case(
        "## Session-Management Redesign\n\nQ2:\n\n### Q2a\n\nJWT\n\n### Q2b\n\nRedis\n",
        &[("session-redesign", 2, "### Q2a\n\nJWT\n\n### Q2b\n\nRedis")],
    );
}

/// One heading level for exercises and questions alike: "## 1. Layers" after "## Cache
/// Design Exercise" is its first question (it was the retrieval prompts, which mention
/// layers), and "## 6. SLIs/SLOs" after its "## 5." its sixth (it was exercise 6), as with
/// "###" for the questions.
#[test]
fn one_heading_level_for_exercises_and_questions() {
    let want = [
        ("cache-design", 1, "Layers\n\nCDN, then Redis."),
        ("cache-design", 2, "Cache-aside for Redis."),
        (
            "cache-design",
            5,
            "Cache-server failure\n\nFail open to the DB.",
        ),
        ("cache-design", 6, "SLIs/SLOs\n\nHit ratio above 90 %."),
        (
            "session-redesign",
            1,
            "What breaks\n\nLogins are lost on deploy.",
        ),
    ];
    for q in ["##", "###"] {
        let src = format!(
            "## Cache Design Exercise\n\n{q} 1. Layers\n\nCDN, then Redis.\n\n{q} 2. Update patterns\n\nCache-aside for Redis.\n\n{q} 5. Cache-server failure\n\nFail open to the DB.\n\n{q} 6. SLIs/SLOs\n\nHit ratio above 90 %.\n\n## Session-Management Redesign\n\n{q} 1. What breaks\n\nLogins are lost on deploy.\n"
        );
        case(&src, &want);
    }
}

/// "Q3: JWT:" on the line right after a bullet list is, to Markdown, more of the last
/// bullet (a lazy continuation line); the learner wrote it outside the list, and its label
/// names question 3 (its answer was question 2's).
#[test]
fn a_label_right_after_a_bullet_list_starts_the_next_answer() {
    case(
        "## Session-Management Redesign\n\nQ2:\n- JWT: pro no store\n- Sticky: pro easy\nQ3: JWT:\n1. add a signing key\n2. accept both\n",
        &[
            (
                "session-redesign",
                2,
                "- JWT: pro no store\n- Sticky: pro easy",
            ),
            (
                "session-redesign",
                3,
                "JWT:\n1. add a signing key\n2. accept both",
            ),
        ],
    );
    // Indented, the line is the item's own.
    case(
        "## Session-Management Redesign\n\nQ2:\n- Sticky: pro easy\n  Q3: is the next one\n",
        &[(
            "session-redesign",
            2,
            "- Sticky: pro easy\n  Q3: is the next one",
        )],
    );
}

/// After "#### Q2", a plain lead that restates question 2 ("(c) sticky with failover —",
/// the prompt names "(c) sticky sessions with failover") is the answer's first words, as
/// after "Q2:" on one line: the design it names stays in the answer.
#[test]
fn a_lead_restating_the_question_just_opened_stays_in_its_answer() {
    for src in [
        "## Session-Management Redesign\n\n#### Q2\n\n(c) sticky with failover — pro: easy\n",
        "## Session-Management Redesign\n\nQ2: (c) sticky with failover — pro: easy\n",
    ] {
        case(
            src,
            &[(
                "session-redesign",
                2,
                "(c) sticky with failover — pro: easy",
            )],
        );
    }
}

/// "**3.** (how affinity works)" with a list "1.", "2.", "3." on the lines right after it:
/// question 3's own list (it went back to questions 1 to 3), as with "1)", "2)", "3)".
#[test]
fn a_list_from_1_right_under_a_bare_label_is_its_answer() {
    for item in [".", ")"] {
        let src = format!(
            "## Retrieval\n\n**1.** one box\n\n**2.** keeps nothing\n\n**3.** (how affinity works)\n1{item} LB cookie\n2{item} source-IP hash\n3{item} consistent hashing\n\n**4.** aside\n"
        );
        let list = format!(
            "(how affinity works)\n1{item} LB cookie\n2{item} source-IP hash\n3{item} consistent hashing"
        );
        case(
            &src,
            &[
                ("retrieval", 1, "one box"),
                ("retrieval", 2, "keeps nothing"),
                ("retrieval", 3, &list),
                ("retrieval", 4, "aside"),
            ],
        );
    }
}

/// Layouts a cold review found the session's reader changes misread, each read as before
/// them: a numbered exercise heading after the previous exercise's list, a tight list that
/// numbers the next exercise from 1 again, lettered parts in headings of an exercise whose
/// questions are numbered plainly, and a copied claim before "— no:" under "### Q2".
#[test]
fn what_the_review_of_the_heading_and_list_rules_found() {
    case(
        "## 5. Cache Design\n\n1. CDN and Redis.\n2. Cache-aside.\n\n## 6. Session handling\n\n1. Deploys log everyone out.\n",
        &[
            ("cache-design", 1, "CDN and Redis."),
            ("cache-design", 2, "Cache-aside."),
            ("session-redesign", 1, "Deploys log everyone out."),
        ],
    );
    let answered: Vec<(String, u32)> = answers(
        "1. Vertical adds CPU.\n2. Stateless keeps nothing.\n3. Sticky pins.\n4. Aside.\n5. Browser, CDN.\n1. Up is bigger.\n2. Sticky pins a user.\n",
    )
    .into_iter()
    .map(|(e, q, _)| (e, q))
    .collect();
    assert!(answered.contains(&("compare".into(), 2)), "{answered:?}");
    let answered: Vec<(String, u32)> = answers(
        "## Compare and Distinguish\n\n### 1. scale up vs scale out\nbigger box\n\n### 2. stateless vs sticky\nkeeps nothing\n\n### 3a) cache-aside\nloads on a miss\n\n### 3b) write-through\nwrites both\n\n### 4. CDN vs proxy\nedge\n",
    )
    .into_iter()
    .map(|(e, q, _)| (e, q))
    .collect();
    assert!(
        answered.iter().all(|(e, _)| e == "compare") && answered.contains(&("compare".into(), 4)),
        "{answered:?}"
    );
    // … and "### 3a)" names question 3 of the exercise (its first part), "### 3b)" goes on
    // with it.
    case(
        "## Compare and Distinguish\n\n### 2. stateless vs sticky\nkeeps nothing\n\n### 3a) cache-aside\nloads on a miss\n\n### 3b) write-through\nwrites both\n\n### 4. CDN vs proxy\nedge\n",
        &[
            ("compare", 2, "stateless vs sticky\nkeeps nothing"),
            (
                "compare",
                3,
                "cache-aside\nloads on a miss\n\n### 3b) write-through\nwrites both",
            ),
            ("compare", 4, "CDN vs proxy\nedge"),
        ],
    );
    case(
        "## Common Mistake Check\n\n### Q2\n\nSticky sessions are fine as long as the load balancer is smart — no: the state is pinned to one instance.\n",
        &[("mistakes", 2, "no: the state is pinned to one instance.")],
    );
}

/// "### 3." then "External store:" (an option of question 2, the design question 3 asks
/// the learner to pick) leads the answer just opened, and does not go back to question 2. A
/// part of an exercise's name after a skipped question still opens the exercise.
#[test]
fn an_option_named_first_in_an_answer_just_opened_stays_in_it() {
    let sheet = "## Exercise 6 — Session-Management Redesign\n\n### 1.\n- logged out on every \
                 deploy\n\n### 2.\n- JWT: pro, no store.\n- External store: pro, instant \
                 revoke.\n\n### 3.\n";
    let src = format!("{sheet}External store:\n- add a session interface\n");
    let got = answers(&src);
    assert_eq!(
        got.iter().map(|a| (a.0.as_str(), a.1)).collect::<Vec<_>>(),
        [
            ("session-redesign", 1),
            ("session-redesign", 2),
            ("session-redesign", 3)
        ]
    );
    assert!(got[2].2.starts_with("External store:"), "{:?}", got[2].2);
    assert!(!got[1].2.contains("session interface"));
    let src = format!("{sheet}Capacity:\n1. 33 instances\n");
    let got = answers(&src);
    assert!(got.iter().any(|a| a.0 == "capacity-plan"), "{got:?}");
    assert!(
        !got.iter().any(|a| a.0 == "session-redesign" && a.1 == 3),
        "{got:?}"
    );
}
