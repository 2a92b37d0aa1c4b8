//! Exercise codes: learners who answer without exercise headings, or who abbreviate
//! them, label each answer with a code for the exercise and the question number: "R1:"
//! "R2:" … "C1:" … "M1:", "**A2.**", "P3)", or the initials of a name of several words,
//! "CD1." for Cache Design. A code is one to three letters ([`Code`]). The codes are the
//! learner's own, so they are read per submission, before placing: the uppercase codes that
//! start lines as "X`<n>`" with a separator, each with at least two different numbers, and at
//! least three such codes (one or two with numbers are more likely "P99: 40 ms" or "S3:
//! bucket" inside answers). A code used only under headings (or plain lines used as headings,
//! "== Cache Design ==") that name one exercise stands for that exercise ("### Capacity" then
//! "**K1.**"). In order of first use, each other code stands for the first exercise after the
//! previous code's exercise with a name it abbreviates: a word that starts with the letter
//! ("C" after Retrieval is Compare, "D" after the audit is Cache Design, "P" after the
//! session redesign is the capacity Plan), or words whose initials spell the code ("CD",
//! "SR"); a one-letter code no later name matches stands for the next exercise. Learners code the
//! exercises in sheet order, which is what settles letters several names start with.
//! Initials count only where they abbreviate a name ("DB1:", "AZ2:", "SLO1:" in an answer do
//! not), and never in a fenced code block. `named.rs` then reads "R1:" like "Retrieval 1:".

use crate::submission::markdown::blocks::{Piece, PieceKind};
use crate::submission::markdown::heading::{Class, Form, classify};
use crate::submission::markdown::line_index::lines_inclusive;
use crate::submission::markdown::placer::is_plain_line;
use crate::submission::markdown::sheet_index::SheetIndex;
use crate::submission::markdown::words::is_invisible;

/// At least this many codes make the submission's codes.
const MIN_CODES: usize = 3;

/// An exercise code as written before a question number: one to three ASCII letters ("R",
/// "CD"), lowercase.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Code {
    letters: [u8; 3],
    len: u8,
}

impl Code {
    /// The code `text` starts with (letters of either case, at most three) and its length
    /// in bytes.
    pub(super) fn at_start(text: &str) -> Option<(Code, usize)> {
        let len = text.bytes().take_while(u8::is_ascii_alphabetic).count();
        if len == 0 || len > 3 {
            return None;
        }
        let mut letters = [0; 3];
        for (to, from) in letters.iter_mut().zip(text.bytes().take(len)) {
            *to = from.to_ascii_lowercase();
        }
        Some((
            Code {
                letters,
                len: len as u8,
            },
            len,
        ))
    }

    /// More than one letter: the initials of a name of several words ("CD").
    pub(super) fn is_initials(&self) -> bool {
        self.len > 1
    }

    /// The letters, lowercase.
    pub(super) fn as_str(&self) -> &str {
        // ASCII letters only, by construction.
        std::str::from_utf8(&self.letters[..usize::from(self.len)]).unwrap_or_default()
    }
}

/// What the submission's lines say about one code.
struct Seen {
    code: Code,
    numbers: Vec<u32>,
    /// The exercise every line with the code is under, while they agree.
    under: Under,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Under {
    Exercise(usize),
    Mixed,
}

/// The codes of `src[base..]` and their exercises; `pieces` are its blocks, for the
/// exercise headings.
pub(super) fn exercise_codes(
    src: &str,
    base: usize,
    pieces: &[Piece],
    sheet: &SheetIndex<'_>,
) -> Vec<(Code, usize)> {
    // The lines that start with a code, found first: most submissions have none, and then
    // the headings (classified against the sheet, the costly part) are not needed.
    let mut lines: Vec<(usize, Code, u32)> = Vec::new();
    let mut at = base;
    // Lines in a fenced code block are no labels ("DB1_HOST=…").
    let mut fenced = false;
    for line in lines_inclusive(&src[base..]) {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
        } else if !fenced && let Some((code, number)) = code_at(line) {
            lines.push((at, code, number));
        }
        at += line.len();
    }
    // Initials count only where they abbreviate a name of the sheet: "DB1:", "AZ2:" or
    // "SLO1:" in an answer are the learner's own lists.
    lines.retain(|&(_, code, _)| {
        !code.is_initials() || !sheet.exercises_with_initial(code).is_empty()
    });
    // A code counts only with two different numbers (below).
    let mut first: Vec<(Code, u32)> = Vec::new();
    let repeated =
        lines.iter().any(
            |&(_, code, number)| match first.iter().find(|(c, _)| *c == code) {
                Some(&(_, n)) => n != number,
                None => {
                    first.push((code, number));
                    false
                }
            },
        );
    if !repeated {
        return Vec::new();
    }
    let headings: Vec<(usize, usize)> = pieces
        .iter()
        .filter_map(|p| match &p.kind {
            PieceKind::Heading(h) => {
                match classify(
                    &h.text,
                    Form::Heading {
                        section: true,
                        after: None,
                    },
                    None,
                    sheet,
                ) {
                    Class::Exercise(e) => Some((p.range.start, e)),
                    _ => None,
                }
            }
            // A heading written as a plain line ("Cache Design", "== Cache Design ==").
            PieceKind::Paragraph(run) if is_plain_line(run) && code_at(&run.text).is_none() => {
                match classify(&run.text, Form::Plain, None, sheet) {
                    Class::Exercise(e) => Some((p.range.start, e)),
                    _ => None,
                }
            }
            _ => None,
        })
        .collect();
    let mut next_heading = 0;
    let mut current: Option<usize> = None;
    // In order of first use; at most 100 numbers each.
    let mut seen: Vec<Seen> = Vec::new();
    for (start, code, number) in lines {
        while let Some(&(_, e)) = headings.get(next_heading).filter(|(o, _)| *o <= start) {
            current = Some(e);
            next_heading += 1;
        }
        let under = current.map_or(Under::Mixed, Under::Exercise);
        match seen.iter_mut().find(|s| s.code == code) {
            Some(s) => {
                if !s.numbers.contains(&number) && s.numbers.len() < 100 {
                    s.numbers.push(number);
                }
                if s.under != under {
                    s.under = Under::Mixed;
                }
            }
            None => seen.push(Seen {
                code,
                numbers: vec![number],
                under,
            }),
        }
    }
    seen.retain(|s| s.numbers.len() >= 2);
    // Initials under one exercise's headings must abbreviate that exercise's name.
    seen.retain(|s| match s.under {
        Under::Exercise(e) if s.code.is_initials() => {
            sheet.exercises_with_initial(s.code).contains(&e)
        }
        _ => true,
    });
    if seen.len() < MIN_CODES {
        // Fewer codes count only where the headings settle them: every line with the code
        // under one exercise's heading, the code abbreviating its name ("## Retrieval
        // Prompts" then "**R1.**" … "**R5.**"), and every number one of its questions
        // ("P50:", "P99:" under "Capacity Plan" are percentiles).
        return seen
            .iter()
            .filter_map(|s| match s.under {
                Under::Exercise(e)
                    if sheet.exercises_with_initial(s.code).contains(&e)
                        && s.numbers
                            .iter()
                            .all(|&n| sheet.last_question(e).is_some_and(|last| n <= last)) =>
                {
                    Some((s.code, e))
                }
                _ => None,
            })
            .collect();
    }
    let anchored: Vec<usize> = seen
        .iter()
        .filter_map(|s| match s.under {
            Under::Exercise(e) => Some(e),
            Under::Mixed => None,
        })
        .collect();
    let mut codes: Vec<(Code, usize)> = Vec::new();
    let mut after: Option<usize> = None;
    for s in seen {
        let code = s.code;
        let taken = |e: usize| codes.iter().any(|&(_, x)| x == e) || anchored.contains(&e);
        let later = |e: usize| after.is_none_or(|a| e > a) && !taken(e);
        let exercise = match s.under {
            Under::Exercise(e) => Some(e),
            // Initials stand only for a name they abbreviate.
            Under::Mixed => sheet
                .exercises_with_initial(code)
                .into_iter()
                .find(|&e| later(e))
                .or_else(|| (0..sheet.len()).find(|&e| !code.is_initials() && later(e))),
        };
        if let Some(e) = exercise {
            codes.push((code, e));
            after = Some(e);
        }
    }
    codes
}

/// "R1:", "**R1.**", "## C2 -", "P3)", "CD4.": a code of uppercase letters at the start of a
/// line, and the number after it. "Q" is the question keyword, not a code.
fn code_at(line: &str) -> Option<(Code, u32)> {
    let line = line.trim_start_matches(|c: char| c == ' ' || c == '\t' || is_invisible(c));
    let line = line.trim_start_matches('#').trim_start();
    let line = line
        .strip_prefix("**")
        .or_else(|| line.strip_prefix("__"))
        .unwrap_or(line);
    let (code, len) = Code::at_start(line)?;
    if !line[..len].bytes().all(|b| b.is_ascii_uppercase()) || code.as_str() == "q" {
        return None;
    }
    let rest = &line[len..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let number: u32 = rest[..digits].parse().ok()?;
    let after = &rest[digits..];
    let separated = after.starts_with([':', ')', '*', '_'])
        || (after.starts_with('.') && !after[1..].starts_with(|c: char| c.is_ascii_digit()))
        || after.starts_with(" -")
        || after.starts_with(" –")
        || after.starts_with(" —");
    (separated && number > 0).then_some((code, number))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::submission::markdown::test_sheet::workshop;

    #[test]
    fn codes_follow_the_sheet_order() {
        let layout = workshop();
        let sheet = SheetIndex::new(&layout);
        let ids = |src: &str| -> Vec<(String, String)> {
            let pieces = crate::submission::markdown::blocks::pieces(src, 0);
            exercise_codes(src, 0, &pieces, &sheet)
                .into_iter()
                .map(|(c, e)| (c.as_str().to_string(), layout.exercises[e].id.clone()))
                .collect()
        };
        let pairs = |want: &[(&str, &str)]| -> Vec<(String, String)> {
            want.iter()
                .map(|(c, e)| (c.to_string(), e.to_string()))
                .collect()
        };
        let src = "R1: a\nR2: b\n\nC1: same as R1\nC2: x\n\n**M1.** no\n**M2.** no\n\nA1: x\nA2: y\nD1: cdn\nD2: ttl\nS1: x\nS2: y\nK1: 36\nK2: 12\nE1: x\nE3: y\n";
        assert_eq!(
            ids(src),
            pairs(&[
                ("r", "retrieval"),
                ("c", "compare"),
                ("m", "mistakes"),
                ("a", "audit"),
                ("d", "cache-design"),
                ("s", "session-redesign"),
                ("k", "capacity-plan"),
                ("e", "evidence"),
            ])
        );
        // Under exercise headings, the heading says.
        let src = "## Retrieval\n**R1.** a\n**R2.** b\n## Session redesign\n**S1.** x\n**S2.** y\n## Capacity\n**K1.** 36\n**K2.** 12\n";
        assert_eq!(
            ids(src),
            pairs(&[
                ("r", "retrieval"),
                ("s", "session-redesign"),
                ("k", "capacity-plan"),
            ])
        );
        // One letter under the heading of the exercise it starts a word of.
        let src = "## 1. Retrieval Prompts\n\n**R1.** up vs out\n\n**R2.** no state\n\n## Cache design\n\nP50: 12 ms\nP99: 40 ms\n";
        assert_eq!(ids(src), pairs(&[("r", "retrieval")]));
        // The initials of a name of several words: without headings, in sheet order, and
        // under the exercise's heading.
        let src =
            "R1: a\nR2: b\nC1: x\nC2: y\nCD1: cdn\nCD2: ttl\nSR1: x\nSR2: y\nCP1: 36\nCP2: 12\n";
        assert_eq!(
            ids(src),
            pairs(&[
                ("r", "retrieval"),
                ("c", "compare"),
                ("cd", "cache-design"),
                ("sr", "session-redesign"),
                ("cp", "capacity-plan"),
            ])
        );
        let src = "## Retrieval\n**R1.** a\n**R2.** b\n## Compare\n**C1.** x\n**C2.** y\n## 5. Cache Design Exercise: Product Catalog\n**CD1.** cdn\n**CD2.** ttl\n";
        assert_eq!(
            ids(src),
            pairs(&[("r", "retrieval"), ("c", "compare"), ("cd", "cache-design")])
        );
        // Too few letters, or one number each: no code.
        assert_eq!(ids("P99: 40 ms\nP95: 20 ms\nS3: bucket\nS3: again\n"), []);
        assert_eq!(ids("## Capacity plan\nP50: 10 ms\nP99: 40 ms\n"), []);
        assert_eq!(ids("## Compare\nR1: a\nR2: b\n"), []);
        assert_eq!(ids("R1: a\nC1: b\nM1: c\n"), []);
        assert_eq!(ids("## Retrieval\nDB1: a\nDB2: b\n"), []);
        // Initials that abbreviate no name are the learner's own lists, not codes: they take
        // no exercise from the codes after them, under headings or not, nor in code blocks.
        let src = "R1: a\nR2: b\nA1: the DB:\nDB1: primary\nDB2: replica\nA2: c\nD1: cdn\nD2: ttl\nS1: x\nS2: y\n";
        assert_eq!(
            ids(src),
            pairs(&[
                ("r", "retrieval"),
                ("a", "audit"),
                ("d", "cache-design"),
                ("s", "session-redesign"),
            ])
        );
        let src = "## Retrieval Prompts\n**R1.** a\n**R2.** b\n## Session-Management Redesign\n**S1.** x\n**S2.** y\n**S3.** z:\nAZ1: primary\nAZ2: replica\n";
        assert_eq!(
            ids(src),
            pairs(&[("r", "retrieval"), ("s", "session-redesign")])
        );
        let src = "R1: a\nR2: b\nC1: x\nC2: y\n```\nCP1_HOST=a\nCP2_HOST=b\n```\nM1: x\nM2: y\n";
        assert_eq!(
            ids(src),
            pairs(&[("r", "retrieval"), ("c", "compare"), ("m", "mistakes")])
        );
        // Not codes: the Q keyword, versions, plain words.
        let code = |line: &str| code_at(line).map(|(c, n)| (c.as_str().to_string(), n));
        assert_eq!(code("Q1: x"), None);
        assert_eq!(code("V2.5 is out"), None);
        assert_eq!(code("R2D2 rules"), None);
        assert_eq!(code("HTTP2: faster"), None);
        assert_eq!(code("Cd1: mixed case"), None);
        assert_eq!(code("  **R1.** x"), Some(("r".to_string(), 1)));
        assert_eq!(code("### C6 - herd"), Some(("c".to_string(), 6)));
        assert_eq!(code("**CD4.** lock"), Some(("cd".to_string(), 4)));
    }
}
