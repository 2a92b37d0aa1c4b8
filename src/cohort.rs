//! Synthetic cohorts for benchmarks (`assay generate-cohort`): N full-sheet submissions, about
//! 80 % Markdown and 20 % YAML forms, made by recombining and perturbing the real answers of
//! the sample submissions (`submissions/`, embedded, or a folder given with `--from`).
//!
//! Every question of the sheet gets an answer taken from a sample that answered it, sometimes
//! with a sentence of another learner's answer appended, then perturbed: typos, case, a few
//! synonyms, numbers written differently (`5,000`, `5k`, `nine`). Markdown files vary the
//! front matter, the heading style of exercises (ATX, setext, bold line, "Exercise N"), the
//! label style of questions (`1.`, `1)`, `Q1:`, `(1)`, `**1.**`, `Question 1:`) and the order of
//! the answers. Submission `i` depends only on the seed and `i` (a splitmix64 stream of its
//! own), so the same seed gives byte-identical files and a smaller cohort is a prefix of a
//! larger one.

use std::path::Path;

use crate::grade::attempt::is_attempt;
use crate::submission::{Format, SheetLayout, read_submission};

/// The sample submissions, embedded: (file name, content).
pub const SAMPLES: &[(&str, &str)] = &[
    (
        "average-ben.md",
        include_str!("../submissions/average-ben.md"),
    ),
    (
        "average-chloe.md",
        include_str!("../submissions/average-chloe.md"),
    ),
    (
        "average-dev.md",
        include_str!("../submissions/average-dev.md"),
    ),
    (
        "buzzwords-ivan.md",
        include_str!("../submissions/buzzwords-ivan.md"),
    ),
    (
        "confused-gus.md",
        include_str!("../submissions/confused-gus.md"),
    ),
    (
        "confused-hana.yaml",
        include_str!("../submissions/confused-hana.yaml"),
    ),
    (
        "copyback-jo.md",
        include_str!("../submissions/copyback-jo.md"),
    ),
    (
        "form-kai.yaml",
        include_str!("../submissions/form-kai.yaml"),
    ),
    (
        "form-lena.yaml",
        include_str!("../submissions/form-lena.yaml"),
    ),
    ("layout-mo.md", include_str!("../submissions/layout-mo.md")),
    (
        "strong-ana.md",
        include_str!("../submissions/strong-ana.md"),
    ),
    (
        "strong-kwame.md",
        include_str!("../submissions/strong-kwame.md"),
    ),
    ("weak-eli.md", include_str!("../submissions/weak-eli.md")),
    (
        "weak-fatima.md",
        include_str!("../submissions/weak-fatima.md"),
    ),
];

/// splitmix64: small, fast, and the same everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The stream of submission `i` of cohort `seed`.
    pub fn for_item(seed: u64, i: u64) -> Rng {
        let mut r = Rng(seed ^ 0x5851_f42d_4c95_7f2d);
        let a = r.next_u64();
        Rng(a ^ i.wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) % n as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// One question of the sheet and the sample answers to it.
#[derive(Debug, Clone)]
struct PoolQuestion {
    exercise: usize,
    number: u32,
    answers: Vec<String>,
}

/// The sample answers, per question, in sheet order.
#[derive(Debug, Clone)]
pub struct Pool {
    questions: Vec<PoolQuestion>,
}

/// Can this answer be copied under another learner's label? Not when it holds structure that
/// would be read as labels or headings of its own (numbered steps, "(2)", tables, headings,
/// code fences), so that every generated answer lands at its question.
fn usable(text: &str) -> bool {
    if !is_attempt(text) || text.len() > 1500 {
        return false;
    }
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with(['|', '#', '>', '`', '*', '_', '='])
            || t.starts_with("---")
            || label_like(t)
        {
            return false;
        }
    }
    let b = text.as_bytes();
    for i in 0..b.len() {
        // "(2)" or "2)" inside a line.
        if b[i] == b')' && i > 0 && b[i - 1].is_ascii_digit() {
            return false;
        }
        // "Q2" anywhere.
        if (b[i] == b'Q' || b[i] == b'q')
            && b.get(i + 1).is_some_and(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
        {
            return false;
        }
    }
    true
}

/// Does the line start like a question label ("1.", "2:", "3 -", "Question 4")?
fn label_like(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        let rest = line[digits..].trim_start_matches(' ');
        return rest.starts_with(['.', ')', ':', '-', '–', '—']) || rest.is_empty();
    }
    let lower = line.to_ascii_lowercase();
    lower.starts_with("question") || lower.starts_with("answer ")
}

/// Does assay place `text` at question `number` of exercise `ei` in the plainest sheet (one
/// heading, a `Q1:` label)? Answers it reads as a copy of the prompt, or as naming another
/// exercise, are left out of the pool.
fn placed_alone(text: &str, ei: usize, number: u32, layout: &SheetLayout) -> bool {
    let ex = &layout.exercises[ei];
    let doc = format!("## {}. {}\n\nQ{number}: {text}\n", ei + 1, ex.title);
    read_submission(doc.as_bytes(), Format::Markdown, "x", layout).is_ok_and(|sub| {
        sub.unplaced.is_empty()
            && matches!(sub.answers.as_slice(), [a] if a.exercise == ex.id
                && a.question == number && same_words(&a.text, text))
    })
}

impl Pool {
    /// The answers of `samples` ((file name, content)), read with assay's own readers against
    /// the sheet `layout`. Fails when a question of the sheet has no usable sample answer.
    pub fn new(samples: &[(String, String)], layout: &SheetLayout) -> Result<Pool, String> {
        let mut questions: Vec<PoolQuestion> = Vec::new();
        for (ei, ex) in layout.exercises.iter().enumerate() {
            for q in &ex.questions {
                questions.push(PoolQuestion {
                    exercise: ei,
                    number: q.number,
                    answers: Vec::new(),
                });
            }
        }
        for (name, content) in samples {
            let Some(format) = Format::of(Path::new(name)) else {
                continue;
            };
            let stem = Path::new(name)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let Ok(sub) = read_submission(content.as_bytes(), format, &stem, layout) else {
                continue;
            };
            for a in &sub.answers {
                let Some(ei) = layout.exercises.iter().position(|e| e.id == a.exercise) else {
                    continue;
                };
                let text = a.text.trim();
                if !usable(text) || !placed_alone(text, ei, a.question, layout) {
                    continue;
                }
                if let Some(q) = questions
                    .iter_mut()
                    .find(|q| q.exercise == ei && q.number == a.question)
                {
                    if !q.answers.iter().any(|x| x == text) {
                        q.answers.push(text.to_string());
                    }
                }
            }
        }
        if let Some(q) = questions.iter().find(|q| q.answers.is_empty()) {
            return Err(format!(
                "no sample answers question {} of exercise `{}`",
                q.number, layout.exercises[q.exercise].id
            ));
        }
        Ok(Pool { questions })
    }

    /// The pool of the embedded samples.
    pub fn embedded(layout: &SheetLayout) -> Result<Pool, String> {
        let samples: Vec<(String, String)> = SAMPLES
            .iter()
            .map(|(n, c)| (n.to_string(), c.to_string()))
            .collect();
        Pool::new(&samples, layout)
    }

    /// How many sample answers the pool holds.
    pub fn len(&self) -> usize {
        self.questions.iter().map(|q| q.answers.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One generated submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// The file name (`learner-000042.md`).
    pub name: String,
    pub content: String,
}

const NAMES: &[&str] = &[
    "Ana", "Ben", "Chloe", "Dev", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jo", "Kai", "Lena",
    "Mo", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Viktor", "Wen", "Yusuf",
];

/// Word substitutions learners make, both ways where it reads naturally.
const SYNONYMS: &[(&str, &[&str])] = &[
    ("server", &["machine", "node", "instance"]),
    ("servers", &["machines", "nodes", "instances"]),
    ("database", &["DB", "db"]),
    ("because", &["since", "as"]),
    ("bigger", &["larger"]),
    ("big", &["large"]),
    ("users", &["clients"]),
    ("delete", &["remove", "invalidate"]),
    ("fast", &["quick"]),
    ("slow", &["sluggish"]),
    ("lost", &["gone"]),
    ("data", &["information"]),
    ("requests", &["calls"]),
    ("easy", &["simple"]),
    ("problem", &["issue"]),
    ("uses", &["utilises"]),
    ("use", &["utilise"]),
    ("behavior", &["behaviour"]),
    ("optimize", &["optimise"]),
];

const NUMBER_WORDS: &[&str] = &[
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve",
];

/// How exercise headings are written in one submission.
#[derive(Debug, Clone, Copy)]
enum HeadingStyle {
    /// `## 1. Retrieval Prompts`
    AtxNumbered,
    /// `# Retrieval Prompts`
    Atx,
    /// `Retrieval Prompts` underlined with `===`
    Setext,
    /// `**Exercise 1: Retrieval Prompts**`
    Bold,
    /// `### Exercise 1 — Retrieval Prompts`
    AtxExercise,
}

/// How question labels are written in one submission.
#[derive(Debug, Clone, Copy)]
enum LabelStyle {
    Dot,
    Close,
    Q,
    Paren,
    BoldDot,
    Question,
}

impl LabelStyle {
    fn label(self, n: u32) -> String {
        match self {
            LabelStyle::Dot => format!("{n}."),
            LabelStyle::Close => format!("{n})"),
            LabelStyle::Q => format!("Q{n}:"),
            LabelStyle::Paren => format!("({n})"),
            LabelStyle::BoldDot => format!("**{n}.**"),
            LabelStyle::Question => format!("Question {n}:"),
        }
    }
}

/// Generates submission `i` of the cohort `seed`.
pub fn generate(pool: &Pool, layout: &SheetLayout, seed: u64, i: u64) -> Generated {
    build(pool, layout, seed, i).0
}

/// Submission `i` and the answers it holds, in the pool's (sheet) order.
fn build(pool: &Pool, layout: &SheetLayout, seed: u64, i: u64) -> (Generated, Vec<String>) {
    let mut rng = Rng::for_item(seed, i);
    let yaml = rng.chance(0.2);
    let learner = format!("s{i:06}");
    let name = *rng.pick(NAMES);
    // Every question, answered from the pool and perturbed.
    let mut answers: Vec<String> = Vec::with_capacity(pool.questions.len());
    for q in &pool.questions {
        let mut text = rng.pick(&q.answers).clone();
        if q.answers.len() > 1 && rng.chance(0.15) {
            let other = rng.pick(&q.answers);
            if let Some(s) = first_sentence(other) {
                if !text.ends_with(['.', '!', '?']) {
                    text.push('.');
                }
                text.push(' ');
                text.push_str(s);
            }
        }
        answers.push(perturb(&text, &mut rng));
    }
    let generated = if yaml {
        Generated {
            name: format!("learner-{i:06}.yaml"),
            content: yaml_form(pool, layout, &answers, &learner, &mut rng),
        }
    } else {
        // A layout the reader places differently (some label styles with answers out of
        // order, or a list item whose words name another exercise) is drawn again; the last
        // try keeps sheet order and explicit `Q1:` labels.
        let mut content = String::new();
        for attempt in 0..4 {
            content = markdown(
                pool,
                layout,
                &answers,
                &learner,
                name,
                attempt == 3,
                &mut rng,
            );
            if places_exactly(&content, Format::Markdown, layout, pool, &answers) {
                break;
            }
        }
        Generated {
            name: format!("learner-{i:06}.md"),
            content,
        }
    };
    (generated, answers)
}

/// Does assay read `content` back with every answer at its question?
fn places_exactly(
    content: &str,
    format: Format,
    layout: &SheetLayout,
    pool: &Pool,
    answers: &[String],
) -> bool {
    let Ok(sub) = read_submission(content.as_bytes(), format, "x", layout) else {
        return false;
    };
    sub.unplaced.is_empty()
        && sub.answers.len() == pool.questions.len()
        && sub
            .answers
            .iter()
            .zip(pool.questions.iter().zip(answers))
            .all(|(a, (q, want))| {
                layout.exercises[q.exercise].id == a.exercise
                    && a.question == q.number
                    && same_words(&a.text, want)
            })
}

/// The same words in the same order (a list marker right after a label may go).
pub fn same_words(a: &str, b: &str) -> bool {
    fn words(t: &str) -> impl Iterator<Item = &str> {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
    }
    words(a).eq(words(b))
}

/// The first sentence of an answer (for recombining), if it is a plain one.
fn first_sentence(text: &str) -> Option<&str> {
    let line = text.lines().next()?.trim();
    let end = line
        .char_indices()
        .find(|&(i, c)| matches!(c, '.' | '!' | '?') && line[i + 1..].starts_with(' ') && i > 20)
        .map_or(line.len(), |(i, _)| i + 1);
    let s = line[..end].trim();
    (s.len() >= 20 && !s.starts_with(['-', '+'])).then_some(s)
}

/// Typos, case, synonyms and numbers written differently, word by word; punctuation,
/// whitespace and Markdown syntax are kept as they are.
fn perturb(text: &str, rng: &mut Rng) -> String {
    let all_lower = rng.chance(0.05);
    let typo_rate = *rng.pick(&[0.0, 0.01, 0.02, 0.04]);
    let synonym_rate = *rng.pick(&[0.0, 0.2, 0.5]);
    let numbers = rng.chance(0.5);
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while !rest.is_empty() {
        let word_len = rest
            .char_indices()
            .find(|&(_, c)| !c.is_alphanumeric())
            .map_or(rest.len(), |(k, _)| k);
        if word_len == 0 {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let word = &rest[..word_len];
        let prev = out.chars().last();
        let next = rest[word_len..].chars().next();
        rest = &rest[word_len..];
        // Words glued to other symbols (`p99`, `5000/200`, URLs, `x2`) stay as they are.
        let glued = prev.is_some_and(|c| matches!(c, '/' | '.' | '-' | '_' | '@' | ':'))
            || next.is_some_and(|c| matches!(c, '/' | '_' | '@' | '%'));
        if word.bytes().all(|b| b.is_ascii_digit()) {
            if numbers && !glued && next != Some('.') && next != Some(',') {
                out.push_str(&respell_number(word, rng));
            } else {
                out.push_str(word);
            }
            continue;
        }
        let mut w = word.to_string();
        if !glued && w.bytes().all(|b| b.is_ascii_alphabetic()) {
            if synonym_rate > 0.0 && rng.chance(synonym_rate) {
                if let Some((_, subs)) = SYNONYMS.iter().find(|(k, _)| *k == w) {
                    w = rng.pick(subs).to_string();
                }
            }
            if w.len() >= 6 && typo_rate > 0.0 && rng.chance(typo_rate) {
                w = typo(&w, rng);
            }
            if w.len() >= 5 && rng.chance(0.003) {
                w = w.to_uppercase();
            }
        }
        if all_lower {
            w = w.to_lowercase();
        }
        out.push_str(&w);
    }
    if !all_lower && rng.chance(0.05) {
        // A learner who does not capitalise the first word.
        let mut c = out.chars();
        if let Some(f) = c.next() {
            out = f.to_lowercase().chain(c).collect();
        }
    }
    out
}

/// One typo inside an ASCII word of at least 6 letters: two letters swapped, one dropped or
/// one doubled (never the first letter).
fn typo(w: &str, rng: &mut Rng) -> String {
    let mut b: Vec<u8> = w.bytes().collect();
    let k = 1 + rng.below(b.len() - 2);
    match rng.below(3) {
        0 => b.swap(k, k + 1),
        1 => {
            b.remove(k);
        }
        _ => {
            let c = b[k];
            b.insert(k, c);
        }
    }
    String::from_utf8(b).unwrap_or_else(|_| w.to_string())
}

/// An integer written another way: `5000` → `5,000` or `5k`, `9` → `nine`.
fn respell_number(digits: &str, rng: &mut Rng) -> String {
    let Ok(n) = digits.parse::<u64>() else {
        return digits.to_string();
    };
    if digits.starts_with('0') && digits.len() > 1 {
        return digits.to_string();
    }
    if (1000..1_000_000).contains(&n) {
        if n % 1000 == 0 && rng.chance(0.5) {
            return format!("{}k", n / 1000);
        }
        return format!("{},{:03}", n / 1000, n % 1000);
    }
    if (2..NUMBER_WORDS.len() as u64).contains(&n) && rng.chance(0.5) {
        return NUMBER_WORDS[n as usize].to_string();
    }
    digits.to_string()
}

fn markdown(
    pool: &Pool,
    layout: &SheetLayout,
    answers: &[String],
    learner: &str,
    name: &str,
    plain: bool,
    rng: &mut Rng,
) -> String {
    let heading = *rng.pick(&[
        HeadingStyle::AtxNumbered,
        HeadingStyle::Atx,
        HeadingStyle::Setext,
        HeadingStyle::Bold,
        HeadingStyle::AtxExercise,
    ]);
    let label = if plain {
        LabelStyle::Q
    } else {
        *rng.pick(&[
            LabelStyle::Dot,
            LabelStyle::Close,
            LabelStyle::Q,
            LabelStyle::Paren,
            LabelStyle::BoldDot,
            LabelStyle::Question,
        ])
    };
    let mut s = String::with_capacity(6 * 1024);
    if rng.chance(0.7) {
        s.push_str(&format!("---\nlearner: {learner}\n---\n\n"));
    }
    match rng.below(3) {
        0 => s.push_str(&format!("# Scaling Design Workshop — {name}\n\n")),
        1 => s.push_str(&format!("# Workshop answers - {name}\n\n")),
        _ => {}
    }
    for (ei, ex) in layout.exercises.iter().enumerate() {
        let n = ei + 1;
        let title = if !ex.aliases.is_empty() && rng.chance(0.2) {
            rng.pick(&ex.aliases).clone()
        } else if rng.chance(0.1) {
            ex.title.to_lowercase()
        } else {
            ex.title.clone()
        };
        match heading {
            HeadingStyle::AtxNumbered => s.push_str(&format!("## {n}. {title}\n\n")),
            HeadingStyle::Atx => s.push_str(&format!("# {title}\n\n")),
            HeadingStyle::Setext => {
                let rule = if rng.chance(0.5) { '=' } else { '-' };
                s.push_str(&format!(
                    "{title}\n{}\n\n",
                    rule.to_string().repeat(title.chars().count().max(3))
                ));
            }
            HeadingStyle::Bold => s.push_str(&format!("**Exercise {n}: {title}**\n\n")),
            HeadingStyle::AtxExercise => s.push_str(&format!("### Exercise {n} — {title}\n\n")),
        }
        let mut order: Vec<usize> = pool
            .questions
            .iter()
            .enumerate()
            .filter(|(_, q)| q.exercise == ei)
            .map(|(k, _)| k)
            .collect();
        if !plain && rng.chance(0.25) {
            rng.shuffle(&mut order);
        }
        for k in order {
            let q = &pool.questions[k];
            s.push_str(&label.label(q.number));
            s.push(' ');
            s.push_str(&answers[k]);
            s.push_str("\n\n");
        }
    }
    s
}

fn yaml_form(
    pool: &Pool,
    layout: &SheetLayout,
    answers: &[String],
    learner: &str,
    rng: &mut Rng,
) -> String {
    let mut s = String::with_capacity(6 * 1024);
    s.push_str(&format!("learner: {learner}\nanswers:\n"));
    for (ei, ex) in layout.exercises.iter().enumerate() {
        s.push_str(&format!("  {}:\n", ex.id));
        let mut order: Vec<usize> = pool
            .questions
            .iter()
            .enumerate()
            .filter(|(_, q)| q.exercise == ei)
            .map(|(k, _)| k)
            .collect();
        if rng.chance(0.1) {
            rng.shuffle(&mut order);
        }
        for k in order {
            let text = &answers[k];
            let number = !text.is_empty()
                && text.len() < 8
                && text.bytes().all(|b| b.is_ascii_digit())
                && !text.starts_with('0');
            if number {
                s.push_str(&format!("    {}: {text}\n", pool.questions[k].number));
            } else {
                s.push_str(&format!(
                    "    {}: {}\n",
                    pool.questions[k].number,
                    yaml_quoted(text)
                ));
            }
        }
    }
    s
}

/// A YAML double-quoted scalar.
fn yaml_quoted(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('"');
    for c in text.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\t' => s.push_str("\\t"),
            '\r' => {}
            c if c.is_control() => s.push_str(&format!("\\u{:04x}", c as u32)),
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> SheetLayout {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("rubrics/scaling-workshop.yaml");
        crate::rubric::load(&path)
            .unwrap_or_else(|e| panic!("{e:?}"))
            .layout()
    }

    #[test]
    fn the_same_seed_gives_the_same_files() {
        let layout = layout();
        let pool = Pool::embedded(&layout).unwrap();
        for i in 0..20 {
            assert_eq!(
                generate(&pool, &layout, 7, i),
                generate(&pool, &layout, 7, i)
            );
        }
        let a: Vec<_> = (0..20).map(|i| generate(&pool, &layout, 7, i)).collect();
        let b: Vec<_> = (0..20).map(|i| generate(&pool, &layout, 8, i)).collect();
        assert_ne!(a, b);
    }

    #[test]
    fn every_question_is_answered_and_placed() {
        let layout = layout();
        let pool = Pool::embedded(&layout).unwrap();
        let questions: usize = layout.exercises.iter().map(|e| e.questions.len()).sum();
        let mut yaml = 0;
        for i in 0..300 {
            let (g, intended) = build(&pool, &layout, 1, i);
            let format = Format::of(Path::new(&g.name)).unwrap();
            yaml += usize::from(format == Format::Yaml);
            let sub = read_submission(g.content.as_bytes(), format, "x", &layout)
                .unwrap_or_else(|e| panic!("{}: {e}\n{}", g.name, g.content));
            assert_eq!(sub.answers.len(), questions, "{}\n{}", g.name, g.content);
            assert!(sub.unplaced.is_empty(), "{}: {:?}", g.name, sub.unplaced);
            for (a, want) in sub.answers.iter().zip(&intended) {
                assert!(
                    same_words(&a.text, want),
                    "{} {}/{}: {:?} for {want:?}",
                    g.name,
                    a.exercise,
                    a.question,
                    a.text
                );
            }
        }
        assert!((30..100).contains(&yaml), "{yaml} YAML forms of 300");
    }
}
