//! Exercise codes: learners who answer without exercise headings, or who abbreviate
//! them, label each answer with a letter for the exercise and the question number: "R1:"
//! "R2:" … "C1:" … "M1:", "**A2.**", "P3)". The letters are their own, so they are read
//! per submission, before placing: the uppercase letters that start lines as "X`<n>`" with a
//! separator, each with at least two different numbers, and at least three such letters
//! (one or two letters with numbers are more likely "P99: 40 ms" or "S3: bucket" inside
//! answers). A letter used only under headings (or plain lines used as headings, "==
//! Cache Design ==") that name one exercise stands for that
//! exercise ("### Capacity" then "**K1.**"). In order of first use, each other letter
//! stands for the first exercise after the
//! previous letter's exercise with a name word that starts with that letter ("C" after
//! Retrieval is Compare, "D" after the audit is Cache Design, "P" after the session
//! redesign is the capacity Plan); a letter no later name starts with stands for the next
//! exercise. Learners code the exercises in sheet order, which is what settles letters
//! several names start with. `named.rs` then reads "R1:" like "Retrieval 1:".

use crate::submission::markdown::blocks::{Piece, PieceKind};
use crate::submission::markdown::heading::{Class, Form, classify};
use crate::submission::markdown::line_index::lines_inclusive;
use crate::submission::markdown::placer::is_plain_line;
use crate::submission::markdown::sheet_index::SheetIndex;
use crate::submission::markdown::words::is_invisible;

/// At least this many letters make a code.
const MIN_LETTERS: usize = 3;

/// What the submission's lines say about one letter.
struct Seen {
    letter: char,
    numbers: Vec<u32>,
    /// The exercise every line with the letter is under, while they agree.
    under: Under,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Under {
    Exercise(usize),
    Mixed,
}

/// The code letters of `src[base..]` (lowercase) and their exercises; `pieces` are its
/// blocks, for the exercise headings.
pub(super) fn exercise_codes(
    src: &str,
    base: usize,
    pieces: &[Piece],
    sheet: &SheetIndex<'_>,
) -> Vec<(char, usize)> {
    // The lines that start with a code, found first: most submissions have none, and then
    // the headings (classified against the sheet, the costly part) are not needed.
    let mut lines: Vec<(usize, char, u32)> = Vec::new();
    let mut at = base;
    for line in lines_inclusive(&src[base..]) {
        if let Some((letter, number)) = code_at(line) {
            lines.push((at, letter, number));
        }
        at += line.len();
    }
    // A letter is a code only with two different numbers (below).
    let mut first = [0u32; 26];
    let repeated = lines.iter().any(|&(_, letter, number)| {
        let first = &mut first[usize::from(letter as u8 - b'a')];
        if *first == 0 {
            *first = number;
        }
        *first != number
    });
    if !repeated {
        return Vec::new();
    }
    let headings: Vec<(usize, usize)> = pieces
        .iter()
        .filter_map(|p| match &p.kind {
            PieceKind::Heading(h) => {
                match classify(&h.text, Form::Heading { section: true }, None, sheet) {
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
    // In order of first use; at most 26 letters, at most 100 numbers each.
    let mut seen: Vec<Seen> = Vec::new();
    for (start, letter, number) in lines {
        while let Some(&(_, e)) = headings.get(next_heading).filter(|(o, _)| *o <= start) {
            current = Some(e);
            next_heading += 1;
        }
        let under = current.map_or(Under::Mixed, Under::Exercise);
        match seen.iter_mut().find(|s| s.letter == letter) {
            Some(s) => {
                if !s.numbers.contains(&number) && s.numbers.len() < 100 {
                    s.numbers.push(number);
                }
                if s.under != under {
                    s.under = Under::Mixed;
                }
            }
            None => seen.push(Seen {
                letter,
                numbers: vec![number],
                under,
            }),
        }
    }
    seen.retain(|s| s.numbers.len() >= 2);
    if seen.len() < MIN_LETTERS {
        // Fewer letters are a code only where the headings settle them: every line with
        // the letter under one exercise's heading, the letter starting a word of its name
        // ("## Retrieval Prompts" then "**R1.**" … "**R5.**"), and every number one of its
        // questions ("P50:", "P99:" under "Capacity Plan" are percentiles).
        return seen
            .iter()
            .filter_map(|s| match s.under {
                Under::Exercise(e)
                    if sheet.exercises_with_initial(s.letter).contains(&e)
                        && s.numbers
                            .iter()
                            .all(|&n| sheet.last_question(e).is_some_and(|last| n <= last)) =>
                {
                    Some((s.letter, e))
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
    let mut codes: Vec<(char, usize)> = Vec::new();
    let mut after: Option<usize> = None;
    for s in seen {
        let letter = s.letter;
        let taken = |e: usize| codes.iter().any(|&(_, x)| x == e) || anchored.contains(&e);
        let later = |e: usize| after.is_none_or(|a| e > a) && !taken(e);
        let exercise = match s.under {
            Under::Exercise(e) => Some(e),
            Under::Mixed => sheet
                .exercises_with_initial(letter)
                .into_iter()
                .find(|&e| later(e))
                .or_else(|| (0..sheet.len()).find(|&e| later(e))),
        };
        if let Some(e) = exercise {
            codes.push((letter, e));
            after = Some(e);
        }
    }
    codes
}

/// "R1:", "**R1.**", "## C2 -", "P3)": a code at the start of a line, its letter
/// lowercase. "Q" is the question keyword, not a code.
fn code_at(line: &str) -> Option<(char, u32)> {
    let line = line.trim_start_matches(|c: char| c == ' ' || c == '\t' || is_invisible(c));
    let line = line.trim_start_matches('#').trim_start();
    let line = line
        .strip_prefix("**")
        .or_else(|| line.strip_prefix("__"))
        .unwrap_or(line);
    let mut chars = line.chars();
    let letter = chars
        .next()
        .filter(|c| c.is_ascii_uppercase() && *c != 'Q')?;
    let rest = chars.as_str();
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
    (separated && number > 0).then_some((letter.to_ascii_lowercase(), number))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::submission::markdown::test_sheet::workshop;

    #[test]
    fn codes_follow_the_sheet_order() {
        let layout = workshop();
        let sheet = SheetIndex::new(&layout);
        let ids = |src: &str| -> Vec<(char, String)> {
            let pieces = crate::submission::markdown::blocks::pieces(src, 0);
            exercise_codes(src, 0, &pieces, &sheet)
                .into_iter()
                .map(|(l, e)| (l, layout.exercises[e].id.clone()))
                .collect()
        };
        let src = "R1: a\nR2: b\n\nC1: same as R1\nC2: x\n\n**M1.** no\n**M2.** no\n\nA1: x\nA2: y\nD1: cdn\nD2: ttl\nS1: x\nS2: y\nK1: 36\nK2: 12\nE1: x\nE3: y\n";
        assert_eq!(
            ids(src),
            [
                ('r', "retrieval".to_string()),
                ('c', "compare".to_string()),
                ('m', "mistakes".to_string()),
                ('a', "audit".to_string()),
                ('d', "cache-design".to_string()),
                ('s', "session-redesign".to_string()),
                ('k', "capacity-plan".to_string()),
                ('e', "evidence".to_string()),
            ]
        );
        // Under exercise headings, the heading says.
        let src = "## Retrieval\n**R1.** a\n**R2.** b\n## Session redesign\n**S1.** x\n**S2.** y\n## Capacity\n**K1.** 36\n**K2.** 12\n";
        assert_eq!(
            ids(src),
            [
                ('r', "retrieval".to_string()),
                ('s', "session-redesign".to_string()),
                ('k', "capacity-plan".to_string()),
            ]
        );
        // One letter under the heading of the exercise it starts a word of.
        let src = "## 1. Retrieval Prompts\n\n**R1.** up vs out\n\n**R2.** no state\n\n## Cache design\n\nP50: 12 ms\nP99: 40 ms\n";
        assert_eq!(ids(src), [('r', "retrieval".to_string())]);
        // Too few letters, or one number each: no code.
        assert_eq!(ids("P99: 40 ms\nP95: 20 ms\nS3: bucket\nS3: again\n"), []);
        assert_eq!(ids("## Capacity plan\nP50: 10 ms\nP99: 40 ms\n"), []);
        assert_eq!(ids("## Compare\nR1: a\nR2: b\n"), []);
        assert_eq!(ids("R1: a\nC1: b\nM1: c\n"), []);
        // Not codes: the Q keyword, versions, plain words.
        assert_eq!(code_at("Q1: x"), None);
        assert_eq!(code_at("V2.5 is out"), None);
        assert_eq!(code_at("R2D2 rules"), None);
        assert_eq!(code_at("  **R1.** x"), Some(('r', 1)));
        assert_eq!(code_at("### C6 - herd"), Some(('c', 6)));
    }
}
