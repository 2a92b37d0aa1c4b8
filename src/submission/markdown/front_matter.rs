//! YAML front matter at the very top of a submission (`---` … `---` or `...`): finds it,
//! reads the learner id through `crate::yaml` (so duplicate keys, alias bombs and deep nesting
//! are errors with their place, as everywhere else), and says where the Markdown body starts.
//!
//! The learner id is read from the first of these keys present: `learner`, `learner_id`,
//! `learner-id`, `student_id`, `student-id`, `student`, `id`. `name` is not read: it usually
//! holds a display name ("Jane Doe"), not an id, and the file stem is a better fallback.
//! Other keys are ignored. Each is read as a YAML form's `learner` is (`submission::learner_id`):
//! one name or number, a number as written (`learner: 00123`).
//!
//! A block is front matter only when its first non-blank line looks like a YAML key
//! (`word:`) that is not a question label: a submission that starts with a thematic break
//! and "Q1: …" is Markdown, not YAML.

use serde::Deserialize;

use crate::submission::learner_id::{self, IdValue};
use crate::submission::markdown::MarkdownError;
use crate::submission::markdown::label::{Place, label_at_start};
use crate::yaml::Spanned;

/// The front matter's content, and where the Markdown after it starts.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct FrontMatter {
    pub learner: Option<String>,
    /// Byte offset of the body in the file (0 without front matter; after a BOM if any).
    pub body_start: usize,
}

/// Reads the front matter of `src`, if it has one.
pub(super) fn read(src: &str) -> Result<FrontMatter, MarkdownError> {
    let bom = if src.starts_with('\u{FEFF}') {
        '\u{FEFF}'.len_utf8()
    } else {
        0
    };
    let no_front_matter = Ok(FrontMatter {
        learner: None,
        body_start: bom,
    });
    let mut lines = Lines { src, pos: bom };
    let Some(first) = lines.next() else {
        return no_front_matter;
    };
    if src[first.clone()].trim_end() != "---" {
        return no_front_matter;
    }
    let yaml_start = lines.pos;
    let Some(close) = lines.find(|l| matches!(src[l.clone()].trim_end(), "---" | "...")) else {
        return no_front_matter;
    };
    let yaml = &src[yaml_start..close.start];
    if !looks_like_yaml(yaml) {
        return no_front_matter;
    }
    let body_start = lines.pos;
    let raw: Raw = crate::yaml::from_str_as_written(yaml).map_err(error)?;
    let ids = [
        ("learner", raw.learner),
        ("learner_id", raw.learner_id),
        ("learner-id", raw.learner_dash_id),
        ("student_id", raw.student_id),
        ("student-id", raw.student_dash_id),
        ("student", raw.student),
        ("id", raw.id),
    ];
    let mut learner = None;
    for (key, id) in ids {
        let Some(id) = id else { continue };
        // Every key is read, so that a list or a mapping under any of them is refused.
        let found = learner_id::read(key, &id, yaml).map_err(error)?;
        learner = learner.or(found);
    }
    Ok(FrontMatter {
        learner,
        body_start,
    })
}

/// The YAML error at its place in the file: the YAML starts on line 2, after the fence.
fn error(e: crate::yaml::YamlError) -> MarkdownError {
    let (line, column) = if e.line == 0 {
        (1, 1)
    } else {
        (e.line.saturating_add(1), e.column.max(1))
    };
    let message: String = e
        .message
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    MarkdownError::FrontMatter {
        line,
        column,
        message,
    }
}

/// Whether the first non-blank, non-comment line is a YAML key (and not "Q1:"). A block
/// of only blank and `#` lines is Markdown (a heading between two rules).
fn looks_like_yaml(block: &str) -> bool {
    let Some(line) = block
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
    else {
        return false;
    };
    if line.starts_with('{') {
        return true;
    }
    let Some((key, _)) = line.split_once(':') else {
        return false;
    };
    let key = key.trim_matches(['"', '\'']);
    let keyish = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' '));
    keyish && label_at_start(key, Place::Cell).is_none()
}

/// Lines of `src` from `pos`, as ranges without their line ends (`\n`, `\r\n` or `\r`).
struct Lines<'a> {
    src: &'a str,
    pos: usize,
}

impl Iterator for Lines<'_> {
    type Item = std::ops::Range<usize>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.src.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.src[start..];
        let (len, ending) = match rest.find(['\n', '\r']) {
            None => (rest.len(), 0),
            Some(i) if rest[i..].starts_with("\r\n") => (i, 2),
            Some(i) => (i, 1),
        };
        self.pos = start + len + ending;
        Some(start..start + len)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Raw {
    learner: Option<Spanned<IdValue>>,
    learner_id: Option<Spanned<IdValue>>,
    #[serde(rename = "learner-id")]
    learner_dash_id: Option<Spanned<IdValue>>,
    student_id: Option<Spanned<IdValue>>,
    #[serde(rename = "student-id")]
    student_dash_id: Option<Spanned<IdValue>>,
    student: Option<Spanned<IdValue>>,
    id: Option<Spanned<IdValue>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learner(src: &str) -> Option<String> {
        read(src).unwrap().learner
    }

    #[test]
    fn reads_the_learner_id() {
        let cases = [
            ("---\nlearner: ana-01\n---\n# A\n", Some("ana-01")),
            (
                "---\r\nlearner: ana-01\r\ntitle: x\r\n---\r\n",
                Some("ana-01"),
            ),
            ("---\rlearner: ana-01\r---\r", Some("ana-01")),
            ("\u{FEFF}---\nlearner: ana-01\n...\n", Some("ana-01")),
            ("---\nstudent: s7\nid: other\n---\n", Some("s7")),
            ("---\nid: 1042\n---\n", Some("1042")),
            // A number is the id as written, as in YAML forms (not YAML's reading of it).
            ("---\nlearner: 00123\n---\n", Some("00123")),
            ("---\nlearner: 0x5F # hex\n---\n", Some("0x5F")),
            ("---\ntitle: x\nstudent_id: 1.50\n---\n", Some("1.50")),
            // YAML's `.inf` and `.nan`, and a number too large for a float, too (they were
            // refused: "`.inf` is not a finite number").
            ("---\nlearner: .inf\n---\n", Some(".inf")),
            ("---\nlearner: .NaN\n---\n", Some(".NaN")),
            ("---\nlearner: 1e400\n---\n", Some("1e400")),
            (
                "---\nname: Jane Doe\ntags: [a, b]\nmeta: {k: v}\n---\n",
                None,
            ),
            ("---\nlearner: \"  \"\n---\n", None),
            ("# No front matter\nlearner: x\n", None),
        ];
        for (src, want) in cases {
            assert_eq!(learner(src).as_deref(), want, "{src:?}");
        }
    }

    #[test]
    fn body_starts_after_the_closing_fence() {
        let src = "---\nlearner: a\n---\n# Body\n";
        assert_eq!(&src[read(src).unwrap().body_start..], "# Body\n");
        assert_eq!(read("# Body").unwrap().body_start, 0);
        assert_eq!(read("\u{FEFF}# Body").unwrap().body_start, 3);
    }

    #[test]
    fn markdown_between_rules_is_not_front_matter() {
        for src in [
            "---\nQ1: 34 instances\n---\n",
            "---\n# just a heading\n---\n",
            "---\n---\n",
            "---\n# Capacity plan\n---\n",
            "---\n1. x\n---\n",
            "---\nno closing fence\n",
        ] {
            assert_eq!(
                read(src).unwrap(),
                FrontMatter {
                    learner: None,
                    body_start: 0
                },
                "{src:?}"
            );
        }
    }

    #[test]
    fn broken_yaml_reports_its_place_in_the_file() {
        let err = read("---\nlearner: ana\ntags: [a, b\n---\n# A\n").unwrap_err();
        let MarkdownError::FrontMatter {
            line,
            column,
            message,
        } = err
        else {
            panic!("{err:?}")
        };
        assert!(line >= 3, "line {line}");
        assert!(column >= 1);
        assert!(!message.is_empty() && !message.contains('\n'), "{message}");
        let err = read("---\nlearner:\n  nested: map\n---\n").unwrap_err();
        assert!(
            matches!(err, MarkdownError::FrontMatter { line: 3, .. }),
            "{err:?}"
        );
    }

    /// An id that is a list or a mapping is refused at the value, naming its key (serde's
    /// error stood at the fence's line, in words about quoting text).
    #[test]
    fn an_id_that_is_no_single_value_is_refused_at_its_place() {
        for (src, key, place) in [
            ("---\nlearner: [a, b]\n---\n", "learner", (2, 10)),
            ("---\ncourse: x\nstudent:\n  - a\n---\n", "student", (4, 3)),
        ] {
            let err = read(src).unwrap_err();
            let MarkdownError::FrontMatter {
                line,
                column,
                message,
            } = err
            else {
                panic!("{err:?}")
            };
            assert_eq!((line, column), place, "{src}");
            assert_eq!(
                message,
                format!(
                    "`{key}`: expected the learner's id (one name or number), not a list or a mapping"
                )
            );
        }
        // A null is no id: the next key's is taken.
        assert_eq!(
            learner("---\nlearner: ~\nstudent: bob\n---\n").as_deref(),
            Some("bob")
        );
    }
}
