//! Reading a human-grades file (docs/human-grades-format.md): CSV with a header
//! `file,exercise,question,score,misconceptions`, `#` comment lines, labels separated by `;`.
//! [`read`] checks each row on its own (a score is a finite number, 0 or more);
//! [`check`] checks the rows against the rubric and the submissions (the question exists, the
//! score is at most its points, the labels are in the catalogue, the file was submitted).
//! Every problem names the file, the line and the field; all of them are reported at once.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use crate::rubric::Rubric;

/// One human grade.
#[derive(Debug, Clone, PartialEq)]
pub struct HumanGrade {
    /// In points: from 0 to the question's points.
    pub score: f64,
    pub misconceptions: Vec<String>,
    /// The line of its row in the file (1 is the header).
    pub line: u64,
}

/// Human grades keyed by (file, exercise, question).
pub type HumanGrades = BTreeMap<(String, String, u32), HumanGrade>;

/// One problem in a human-grades file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradesError {
    /// The human-grades file, as given.
    pub file: String,
    /// 1-based line (0 when the problem is the whole file).
    pub line: u64,
    pub message: String,
}

impl fmt::Display for GradesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: error: {}", self.file, self.line, self.message)
        } else {
            write!(f, "{}: error: {}", self.file, self.message)
        }
    }
}

/// Every problem found in a human-grades file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradesErrors(pub Vec<GradesError>);

impl fmt::Display for GradesErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for GradesErrors {}

/// Collects the problems of one file.
struct Errs {
    file: String,
    list: Vec<GradesError>,
}

impl Errs {
    fn at(&mut self, line: u64, message: impl Into<String>) {
        self.list.push(GradesError {
            file: self.file.clone(),
            line,
            message: message.into(),
        });
    }

    fn finish(self) -> Result<(), GradesErrors> {
        if self.list.is_empty() {
            Ok(())
        } else {
            Err(GradesErrors(self.list))
        }
    }
}

/// Reads a human-grades file; every problem names the file and line.
pub fn read(path: &Path) -> Result<HumanGrades, GradesErrors> {
    let (grades, errs) = read_all(path);
    errs.finish().map(|()| grades)
}

/// Reads a human-grades file and checks it against the rubric and the submissions (see
/// [`check`]): every problem of both kinds, in the order of the file's lines.
pub fn load(
    path: &Path,
    rubric: &Rubric,
    submitted: &BTreeSet<String>,
) -> Result<HumanGrades, GradesErrors> {
    let (grades, mut errs) = read_all(path);
    if let Err(GradesErrors(more)) = check(&grades, &errs.file, rubric, submitted) {
        errs.list.extend(more);
    }
    errs.list.sort_by_key(|e| e.line);
    errs.finish().map(|()| grades)
}

/// The rows of `path` that read without a problem, and the problems.
fn read_all(path: &Path) -> (HumanGrades, Errs) {
    let mut errs = Errs {
        file: path.display().to_string(),
        list: Vec::new(),
    };
    let grades = match std::fs::read(path) {
        Ok(bytes) => read_rows(&bytes, &mut errs),
        Err(e) => {
            errs.at(0, format!("cannot read: {e}"));
            HumanGrades::new()
        }
    };
    (grades, errs)
}

/// Reads human grades from CSV text (`name` is what errors call it).
pub fn read_str(text: &str, name: &str) -> Result<HumanGrades, GradesErrors> {
    let mut errs = Errs {
        file: name.to_string(),
        list: Vec::new(),
    };
    let out = read_rows(text.as_bytes(), &mut errs);
    errs.finish().map(|()| out)
}

/// The line of the row at `pos`: the CSV reader places a row where the comment lines and
/// blank lines before it begin.
fn row_line(bytes: &[u8], pos: &csv::Position) -> u64 {
    let mut line = pos.line();
    let mut at = usize::try_from(pos.byte()).unwrap_or(usize::MAX);
    while let Some(rest) = bytes.get(at..).filter(|r| !r.is_empty()) {
        let end = rest.iter().position(|&b| b == b'\n');
        let text = &rest[..end.unwrap_or(rest.len())];
        if !(text.first() == Some(&b'#') || text.trim_ascii().is_empty()) {
            break;
        }
        let Some(end) = end else { break };
        line += 1;
        at += end + 1;
    }
    line
}

fn read_rows(bytes: &[u8], errs: &mut Errs) -> HumanGrades {
    let mut out = HumanGrades::new();
    let mut rdr = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .flexible(true)
        .from_reader(bytes);
    let headers = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            errs.at(error_line(bytes, &e), csv_message(&e));
            return out;
        }
    };
    let col = |h: &str| headers.iter().position(|x| x.trim() == h);
    let (Some(f), Some(ex), Some(q), Some(s)) =
        (col("file"), col("exercise"), col("question"), col("score"))
    else {
        errs.at(
            1,
            "the header must name file, exercise, question, score (and optionally misconceptions)",
        );
        return out;
    };
    let m = col("misconceptions");
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                errs.at(error_line(bytes, &e), csv_message(&e));
                // Past a row that is not UTF-8 the reader goes on; other errors end it.
                if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                    continue;
                }
                break;
            }
        };
        let line = rec.position().map_or(0, |p| row_line(bytes, p));
        let get = |i: usize| rec.get(i).unwrap_or("").trim();
        let file = get(f).replace('\\', "/");
        let mut complete = true;
        if file.is_empty() {
            errs.at(line, "`file` is empty");
            complete = false;
        }
        if get(ex).is_empty() {
            errs.at(line, "`exercise` is empty");
            complete = false;
        }
        let question = match get(q).parse::<u32>() {
            Ok(n) if n >= 1 => Some(n),
            _ => {
                errs.at(
                    line,
                    format!("`question` `{}` is not a whole number from 1", get(q)),
                );
                None
            }
        };
        let score = match get(s).parse::<f64>() {
            _ if get(s).is_empty() => {
                errs.at(line, "`score` is empty");
                None
            }
            Ok(x) if !x.is_finite() => {
                errs.at(line, format!("`score` `{}` is not a finite number", get(s)));
                None
            }
            Ok(x) if x < 0.0 => {
                errs.at(line, format!("`score` {} is below 0", get(s)));
                None
            }
            Ok(x) => Some(x),
            Err(_) => {
                errs.at(line, format!("`score` `{}` is not a number", get(s)));
                None
            }
        };
        let misconceptions = m
            .map(|i| {
                get(i)
                    .split(';')
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let (Some(question), Some(score), true) = (question, score, complete) else {
            continue;
        };
        let key = (file, get(ex).to_string(), question);
        if let Some(first) = out.get(&key) {
            errs.at(
                line,
                format!(
                    "a second row for {} {} {} (the first is on line {})",
                    key.0, key.1, key.2, first.line
                ),
            );
            continue;
        }
        out.insert(
            key,
            HumanGrade {
                score,
                misconceptions,
                line,
            },
        );
    }
    out
}

fn error_line(bytes: &[u8], e: &csv::Error) -> u64 {
    e.position().map_or(0, |p| row_line(bytes, p))
}

/// The CSV crate's message without the place it already gives (the line is ours to print).
fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8".to_string(),
        _ => e.to_string(),
    }
}

/// Checks `grades` (read from `file`) against the rubric and the submissions: each row's
/// exercise and question are in the rubric, its score is at most the question's points, its
/// labels are in the misconception catalogue, and its file is one of `submitted` (names
/// relative to the folder given to `calibrate`, as in the file's `file` column).
pub fn check(
    grades: &HumanGrades,
    file: &str,
    rubric: &Rubric,
    submitted: &BTreeSet<String>,
) -> Result<(), GradesErrors> {
    let mut errs = Errs {
        file: file.to_string(),
        list: Vec::new(),
    };
    let mut rows: Vec<(&(String, String, u32), &HumanGrade)> = grades.iter().collect();
    rows.sort_by_key(|(_, g)| g.line);
    for ((name, exercise, number), g) in rows {
        let line = g.line;
        if !submitted.contains(name) {
            errs.at(
                line,
                format!(
                    "`file` `{name}` is not among the submissions (the grades and the submissions disagree: a file renamed, misspelt or not submitted?)"
                ),
            );
        }
        match rubric.exercises.iter().find(|e| &e.id == exercise) {
            None => {
                let known: Vec<&str> = rubric.exercises.iter().map(|e| e.id.as_str()).collect();
                errs.at(
                    line,
                    format!(
                        "`exercise` `{exercise}` is not in the rubric (exercises: {})",
                        known.join(", ")
                    ),
                );
            }
            Some(e) => match e.questions.iter().find(|q| q.number == *number) {
                None => {
                    let known: Vec<String> =
                        e.questions.iter().map(|q| q.number.to_string()).collect();
                    errs.at(
                        line,
                        format!(
                            "`question` {number} is not in exercise `{exercise}` (questions: {})",
                            known.join(", ")
                        ),
                    );
                }
                Some(q) if g.score > q.points => errs.at(
                    line,
                    format!(
                        "`score` {} is above {}, the points of {exercise} {number}",
                        g.score, q.points
                    ),
                ),
                Some(_) => {}
            },
        }
        for label in &g.misconceptions {
            if !rubric.misconceptions.contains_key(label) {
                errs.at(
                    line,
                    format!(
                        "`misconceptions` label `{label}` is not in the rubric's `misconceptions` catalogue"
                    ),
                );
            }
        }
    }
    errs.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::load_str;

    const RUBRIC: &str = r#"
id: mini
title: Mini
misconceptions:
  sticky-is-fine:
    title: Sticky is fine
    feedback: It is not.
exercises:
  - id: retrieval
    title: Retrieval
    questions:
      - number: 1
        prompt: P
        concepts:
          - { id: a, match: "alpha", feedback: F }
      - number: 2
        prompt: Q
        points: 2
        concepts:
          - { id: b, match: "beta", feedback: F }
"#;

    const HEADER: &str = "file,exercise,question,score,misconceptions\n";

    fn messages(r: Result<impl std::fmt::Debug, GradesErrors>) -> Vec<String> {
        r.expect_err("invalid")
            .0
            .iter()
            .map(|e| e.to_string())
            .collect()
    }

    #[track_caller]
    fn read_err(row: &str) -> Vec<String> {
        messages(read_str(&format!("{HEADER}{row}\n"), "h.csv"))
    }

    #[track_caller]
    fn check_err(row: &str) -> Vec<String> {
        let rubric = load_str(RUBRIC, "mini.yaml").expect("valid rubric");
        let grades = read_str(&format!("{HEADER}{row}\n"), "h.csv").expect("readable");
        let submitted: BTreeSet<String> = ["ana.md".to_string()].into();
        messages(check(&grades, "h.csv", &rubric, &submitted))
    }

    #[test]
    fn a_valid_file_reads_with_its_lines() {
        let text = format!(
            "{HEADER}# a comment\nana.md,retrieval,1,0.75,\nana.md,retrieval,2,2,sticky-is-fine\n"
        );
        let g = read_str(&text, "h.csv").expect("valid");
        let first = &g[&("ana.md".to_string(), "retrieval".to_string(), 1)];
        assert_eq!((first.score, first.line), (0.75, 3));
        let second = &g[&("ana.md".to_string(), "retrieval".to_string(), 2)];
        assert_eq!(second.misconceptions, ["sticky-is-fine"]);
        let rubric = load_str(RUBRIC, "mini.yaml").expect("valid rubric");
        let submitted: BTreeSet<String> = ["ana.md".to_string()].into();
        assert_eq!(check(&g, "h.csv", &rubric, &submitted), Ok(()));
    }

    #[test]
    fn a_score_must_be_a_finite_number_from_0() {
        for (score, said) in [
            ("NaN", "`score` `NaN` is not a finite number"),
            ("nan", "`score` `nan` is not a finite number"),
            ("inf", "`score` `inf` is not a finite number"),
            ("-infinity", "`score` `-infinity` is not a finite number"),
            ("-0.25", "`score` -0.25 is below 0"),
            ("", "`score` is empty"),
            ("half", "`score` `half` is not a number"),
        ] {
            assert_eq!(
                read_err(&format!("ana.md,retrieval,1,{score},")),
                [format!("h.csv:2: error: {said}")],
                "{score}"
            );
        }
    }

    #[test]
    fn a_question_must_be_a_whole_number_from_1() {
        for q in ["0", "-1", "1.5", "one"] {
            assert_eq!(
                read_err(&format!("ana.md,retrieval,{q},1,")),
                [format!(
                    "h.csv:2: error: `question` `{q}` is not a whole number from 1"
                )]
            );
        }
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let text = format!(
            "{HEADER}ana.md,retrieval,1,NaN,\n# comment\nana.md,retrieval,2,x,\nana.md,retrieval,2,1\nana.md,retrieval,2,1,\n"
        );
        assert_eq!(
            messages(read_str(&text, "h.csv")),
            [
                "h.csv:2: error: `score` `NaN` is not a finite number",
                "h.csv:4: error: `score` `x` is not a number",
                "h.csv:6: error: a second row for ana.md retrieval 2 (the first is on line 5)",
            ]
        );
    }

    #[test]
    fn lines_count_comments_and_blank_lines() {
        let text =
            format!("{HEADER}# one\n\n# two\r\nana.md,retrieval,1,x,\n\nana.md,retrieval,2,y,\n");
        assert_eq!(
            messages(read_str(&text, "h.csv")),
            [
                "h.csv:5: error: `score` `x` is not a number",
                "h.csv:7: error: `score` `y` is not a number",
            ]
        );
        // A row may leave out `misconceptions`, not `score`.
        let rows = format!("{HEADER}ana.md,retrieval,1,1\nana.md,retrieval,2\n");
        assert_eq!(
            messages(read_str(&rows, "h.csv")),
            ["h.csv:3: error: `score` is empty"]
        );
    }

    #[test]
    fn a_row_that_is_not_utf8_is_an_error_and_reading_goes_on() {
        let mut bytes = HEADER.as_bytes().to_vec();
        bytes.extend_from_slice(b"ana.md,retrieval,1,\xff,\nana.md,retrieval,2,y,\n");
        let mut errs = Errs {
            file: "h.csv".into(),
            list: Vec::new(),
        };
        read_rows(&bytes, &mut errs);
        assert_eq!(
            messages(errs.finish()),
            [
                "h.csv:2: error: not valid UTF-8",
                "h.csv:3: error: `score` `y` is not a number",
            ]
        );
    }

    #[test]
    fn a_header_without_the_columns_is_an_error() {
        assert_eq!(
            messages(read_str("name,points\nana.md,1\n", "h.csv")),
            [
                "h.csv:1: error: the header must name file, exercise, question, score (and optionally misconceptions)"
            ]
        );
    }

    #[test]
    fn a_score_above_the_points_is_an_error() {
        assert_eq!(
            check_err("ana.md,retrieval,1,1.5,"),
            ["h.csv:2: error: `score` 1.5 is above 1, the points of retrieval 1"]
        );
        // Scores are in points: 2 is full marks for a question worth 2.
        let rubric = load_str(RUBRIC, "mini.yaml").expect("valid rubric");
        let grades = read_str(&format!("{HEADER}ana.md,retrieval,2,2,\n"), "h.csv").unwrap();
        let submitted: BTreeSet<String> = ["ana.md".to_string()].into();
        assert_eq!(check(&grades, "h.csv", &rubric, &submitted), Ok(()));
    }

    #[test]
    fn rows_must_name_what_the_rubric_and_the_submissions_have() {
        assert_eq!(
            check_err("ana.md,retrieval,99,1,"),
            ["h.csv:2: error: `question` 99 is not in exercise `retrieval` (questions: 1, 2)"]
        );
        assert_eq!(
            check_err("ana.md,nope,1,1,"),
            ["h.csv:2: error: `exercise` `nope` is not in the rubric (exercises: retrieval)"]
        );
        assert_eq!(
            check_err("ana.md,retrieval,1,0,sticky-is-fine;ghost-label"),
            [
                "h.csv:2: error: `misconceptions` label `ghost-label` is not in the rubric's `misconceptions` catalogue"
            ]
        );
        assert_eq!(
            check_err("nosuch.md,retrieval,1,1,"),
            [
                "h.csv:2: error: `file` `nosuch.md` is not among the submissions (the grades and the submissions disagree: a file renamed, misspelt or not submitted?)"
            ]
        );
    }
}
