//! The only module that names a YAML crate. Rubrics, YAML submissions and front matter are
//! all read through this module, so swapping the YAML backend means editing this file, its
//! `unknown.rs` and one line of `Cargo.toml`.
//!
//! Backend: serde-saphyr, configured with strict booleans (`yes`/`no`/`on`/`off` stay strings),
//! duplicate keys rejected with their location, and its default alias and depth budgets
//! (billion-laughs and deeply nested input fail fast with an error instead of exhausting memory).
//!
//! Rubrics are read through [`from_str_noting_unknown`] instead, which returns every key the
//! type has no field for, each with its place (see `unknown.rs`): an author who misspelt three
//! keys learns of all three in one run.

use serde::de::DeserializeOwned;

mod flow;
mod scalar;
mod unknown;
mod written;

pub use scalar::Scalar;
pub use written::without_comment;

pub use unknown::UnknownKey;

/// A value with the 1-based line and column of the YAML node it came from.
pub use serde_saphyr::Spanned;

/// A YAML error: a message and, where the backend knows it, the 1-based place in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub line: u32,
    pub column: u32,
}

/// Deserializes `src` into `T`.
pub fn from_str<T: DeserializeOwned>(src: &str) -> Result<T, YamlError> {
    read_with_options(src).map_err(|e| error(src, &e))
}

/// Deserializes a file of text written by a person (a YAML form, a Markdown file's front
/// matter) into `T`: as [`from_str`], except that `.inf`, `.nan` and a number too large for a
/// float (`1e400`) reach the value as the numbers they are, to be read as written (a learner id
/// `.inf`, an answer `1e400`, as `00123` and `1.50` are), where [`from_str`] refuses them (a
/// rubric's numbers must be finite, and are read by it).
pub fn from_str_as_written<T: DeserializeOwned>(src: &str) -> Result<T, YamlError> {
    let mut o = options();
    o.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::PassThrough;
    serde_saphyr::from_str_with_options(src, o).map_err(|e| error(src, &e))
}

/// Deserializes `src` into `T`, noting every key that `T` has no field for (a type read this
/// way does not deny unknown fields: it ignores them, and they are returned, in the order
/// read, each with its place). The keys found before an error are returned with it: a
/// misspelt required key is both unknown and missing.
pub fn from_str_noting_unknown<T: DeserializeOwned>(
    src: &str,
) -> (Result<T, YamlError>, Vec<UnknownKey>) {
    let notes = unknown::Notes::default();
    let result = serde_saphyr::with_deserializer_from_str_with_options(src, options(), |de| {
        T::deserialize(unknown::Noting::new(de, &notes))
    });
    let ignored = notes.into_inner();
    let unknown = if ignored.is_empty() {
        Vec::new()
    } else {
        unknown::place_all(src, ignored)
    };
    (result.map_err(|e| error(src, &e)), unknown)
}

impl UnknownKey {
    /// The message for the key, as `deny_unknown_fields` gave it: the backend's own (`` unknown
    /// field `pointz`, expected one of number, prompt, … ``), and the likely one meant, if any
    /// (`` ; did you mean `points`? ``).
    pub fn message(&self) -> String {
        let key = self.key.as_deref().unwrap_or("");
        let message = <serde_saphyr::Error as serde::de::Error>::unknown_field(key, self.expected);
        let message = clean_message(&message.to_string());
        if self.key.is_some() {
            let hint = crate::text::edit_distance::did_you_mean(key, self.expected.iter().copied());
            message + &hint
        } else {
            message.replacen("unknown field ``", "unknown field here", 1)
        }
    }
}

/// The backend's options: strict booleans; comments are checked as YAML but not kept
/// (nothing reads them).
fn options() -> serde_saphyr::Options {
    serde_saphyr::options! { strict_booleans: true, with_snippet: false, emit_comments: false }
}

/// Reads `src` as [`from_str`] does, except that of a key written twice in one mapping the
/// first is read and the second skipped: for reading what a file that has other problems
/// still says (the rubric's `include`), never for reading a file to use.
pub fn from_str_first_wins<T: DeserializeOwned>(src: &str) -> Result<T, YamlError> {
    let mut o = options();
    o.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::FirstWins;
    serde_saphyr::from_str_with_options(src, o).map_err(|e| error(src, &e))
}

fn read_with_options<T: DeserializeOwned>(src: &str) -> Result<T, serde_saphyr::Error> {
    serde_saphyr::from_str_with_options(src, options())
}

/// The backend's error in the authors' words, with its place.
fn error(src: &str, e: &serde_saphyr::Error) -> YamlError {
    let (line, column) = e
        .location()
        .map_or((0, 0), |l| (l.line() as u32, l.column() as u32));
    let message = clean_message(&e.to_string());
    // A second document is reported at its first token: said at its `---` line, above any
    // comments and blank lines.
    if message.starts_with(SECOND_DOCUMENT) {
        if let Some(line) = document_marker_up_to(src, line) {
            return YamlError {
                message,
                line,
                column: 1,
            };
        }
    }
    // A tab that indents the line after a plain value is reported at that value: the place
    // of the tab itself, in the words of the other tab messages (whose hint then applies).
    if message.contains("found a tab") {
        if let Some((line, column)) = indenting_tab(src, line) {
            return YamlError {
                message: "tabs disallowed in indentation: this line is indented with a tab".into(),
                line,
                column,
            };
        }
    }
    // A syntax error after a `[` or `{` that was never closed: said at the bracket, where the
    // learner or author can mend it (YAML read the lines after it into a list or mapping).
    // Only the reader's errors about the lines it then met: an unclosed quote or a tab keep
    // their own message and hint.
    let syntax = [
        "illegal placement",
        "while parsing",
        "mapping values are not allowed",
        "block sequence entries are not allowed",
        "did not find expected",
    ]
    .iter()
    .any(|m| message.starts_with(m));
    if syntax {
        if let Some((at_line, at_column, bracket)) = flow::unclosed_before(src, line) {
            let what = if bracket == '[' { "list" } else { "mapping" };
            return YamlError {
                message: format!(
                    "unclosed `{bracket}`: YAML read the lines after it into the {what} it opens, and could not go on ({message})"
                ),
                line: at_line,
                column: at_column,
            };
        }
        // Text after a value's closing `]` or `}` (`1: [see above] and more`).
        if message.starts_with("while parsing a block mapping") {
            if let Some(bracket) = flow::closed_before(src, line, column) {
                let (what, close) = if bracket == '[' {
                    ("list", ']')
                } else {
                    ("mapping", '}')
                };
                return YamlError {
                    message: format!(
                        "a value that starts with `{bracket}` is a {what} in YAML, and nothing may follow its closing `{close}`"
                    ),
                    line,
                    column,
                };
            }
        }
    }
    YamlError {
        message: wrong_kind(src, line, column, &message).unwrap_or(message),
        line,
        column,
    }
}

/// The place of the first tab in the indentation of line `line` (1-based) or of the two
/// lines after it.
fn indenting_tab(src: &str, line: u32) -> Option<(u32, u32)> {
    let skip = line.max(1) as usize - 1;
    src.lines()
        .enumerate()
        .skip(skip)
        .take(3)
        .find_map(|(i, l)| {
            let indent = l.len() - l.trim_start_matches([' ', '\t']).len();
            let tab = l[..indent].find('\t')?;
            Some((i as u32 + 1, tab as u32 + 1))
        })
}

/// A plain key as its author wrote it where `key` was read in `src`: up to the `:` that ends
/// it (YAML reads `99999999999999999999999999:` or `1.50:` as a number, whose text is not what
/// was written). Found from the key's byte offset, reading its line only. `None` where no plain
/// key of at most 40 characters with a digit stands there.
pub fn key_as_written<T>(src: &str, key: &Spanned<T>) -> Option<String> {
    let at = usize::try_from(key.referenced.span().byte_offset()?).ok()?;
    let rest = src.get(at..)?;
    let rest = &rest[..rest.find(['\n', '\r']).unwrap_or(rest.len())];
    let end = rest
        .match_indices(':')
        .map(|(i, _)| i)
        .find(|&i| rest[i + 1..].is_empty() || rest[i + 1..].starts_with([' ', '\t']))?;
    let key = rest[..end].trim_end();
    let plain = !key.starts_with(['"', '\'', '?'])
        && key.chars().count() <= 40
        && key.contains(|c: char| c.is_ascii_digit());
    plain.then(|| key.to_string())
}

/// For a value of the wrong kind (`points: abc`, `number: x`, `flag: maybe`): the message
/// says what was expected, in the author's words, with the key and the value as written at
/// that place (`` `points`: expected a number, found `abc` ``). `None` for other messages.
fn wrong_kind(src: &str, line: u32, column: u32, message: &str) -> Option<String> {
    // The key and the value as written, read from the text only for these messages: the
    // value quoted, or `no value` where nothing is written (`answers:` alone on its line).
    let read = || {
        let w = written::written_at(src, line, column);
        let value = match w.value {
            Some(v) => Some(format!("`{v}`")),
            None if w.nothing => Some(NO_VALUE.to_string()),
            None => None,
        };
        (w.key.map(|k| format!("`{k}`: ")).unwrap_or_default(), value)
    };
    // A null (`~`, `null`, or nothing) where a value must stand: said in the words of the
    // other values of the wrong kind, with the key (the reader's own words name neither).
    let null = message
        .strip_prefix("cannot deserialize null into ")
        .map(|rest| format!("a {}", rest.split(';').next().unwrap_or(rest)))
        .or_else(|| {
            message
                .strip_prefix("invalid type: unit value, expected ")
                .or_else(|| message.strip_prefix("invalid type: null, expected "))
                .map(str::to_string)
        });
    if let Some(want) = null {
        let (mut key, mut value) = read();
        // Some are placed at the key of the entry (a null where a pattern must stand).
        if key.is_empty() && value.is_none() {
            if let Some((k, v)) = written::entry_at(src, line, column) {
                key = format!("`{k}`: ");
                value = v.map(|v| format!("`{v}`"));
            }
        }
        return Some(format!(
            "{key}expected {want}, found {}",
            value.as_deref().unwrap_or(NO_VALUE)
        ));
    }
    let container = match message {
        "expected sequence start" => Some("a list (`- item` lines, or `[a, b]`)"),
        "expected mapping start" | "expected empty mapping start" => {
            Some("a mapping (`key: value` lines)")
        }
        _ => None,
    };
    if let Some(want) = container {
        // A single value (or the other kind of container) where a list or a mapping must
        // stand: the reader's words name only the event it expected.
        let (key, value) = read();
        return Some(match value {
            Some(v) => format!("{key}expected {want}, found {v}"),
            None => match written::block_at(src, line, column) {
                Some(found) => format!("{key}expected {want}, found {found}"),
                None => format!("{key}expected {want} here"),
            },
        });
    }
    if message == "expected string scalar" || message == "expected scalar" {
        // A list or a mapping where one value must stand.
        let (key, value) = read();
        return Some(match value {
            Some(v) => format!("{key}expected a single value, found {v}"),
            None => format!("{key}expected a single value here, not a list or a mapping"),
        });
    }
    // Strict booleans add why `yes` or `no` is refused; the message below says what to write.
    let kind = message.strip_prefix("invalid ")?;
    let kind = kind
        .strip_suffix(" (strict mode expects true/false)")
        .unwrap_or(kind);
    let want = match kind {
        "floating point" => "a number".to_string(),
        "boolean" | "bool" => "`true` or `false`".to_string(),
        "char" => "a single character".to_string(),
        ty => {
            // A whole number of the type's range: `5000000000` is a whole number, too large.
            let (min, max): (i128, i128) = match ty {
                "u8" => (0, u8::MAX.into()),
                "u16" => (0, u16::MAX.into()),
                "u32" => (0, u32::MAX.into()),
                "u64" | "usize" => (0, u64::MAX.into()),
                "i8" => (i8::MIN.into(), i8::MAX.into()),
                "i16" => (i16::MIN.into(), i16::MAX.into()),
                "i32" => (i32::MIN.into(), i32::MAX.into()),
                "i64" | "isize" => (i64::MIN.into(), i64::MAX.into()),
                _ => return None,
            };
            format!("a whole number from {min} to {max}")
        }
    };
    let (key, value) = read();
    Some(match value {
        Some(v) => format!("{key}expected {want}, found {v}"),
        None => format!("{key}expected {want} here"),
    })
}

/// What a message says was found where nothing is written.
const NO_VALUE: &str = "no value";

/// A value with no place in any file (built by assay itself, not read).
pub fn unplaced<T>(value: T) -> Spanned<T> {
    Spanned::new(
        value,
        serde_saphyr::Location::UNKNOWN,
        serde_saphyr::Location::UNKNOWN,
    )
}

/// The 1-based line and column of a spanned value (0, 0 when unknown).
pub fn place<T>(spanned: &Spanned<T>) -> (u32, u32) {
    (
        spanned.referenced.line() as u32,
        spanned.referenced.column() as u32,
    )
}

/// The backend's budget breach (`Nodes { nodes: 250001 } at line …`, in its debug notation and
/// with places relative to the YAML text) in words.
fn budget_message(breach: &str) -> String {
    let kind: String = breach
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    match kind.as_str() {
        "Nodes" => {
            "too many YAML nodes (over 250,000): aliases expand too far (an alias bomb?)".into()
        }
        "Depth" => "YAML nested too deeply (over 64 levels)".into(),
        "Aliases" | "AliasAnchorRatio" => "too many YAML aliases (`*name`)".into(),
        "Events" => "too much YAML (over 1,000,000 parser events)".into(),
        _ => format!("YAML too large or too deeply nested ({kind})"),
    }
}

/// Drops the backend's own "line N column M: " prefix: callers print the place themselves.
fn clean_message(message: &str) -> String {
    let first = message.lines().next().unwrap_or("").trim();
    let rest = match first.strip_prefix("line ") {
        Some(r) => match r.find(": ") {
            Some(i) if r[..i].contains("column") => &r[i + 2..],
            _ => first,
        },
        None => first,
    };
    let mut msg = rest.strip_prefix("error: ").unwrap_or(rest).to_string();
    if let Some(breach) = msg.strip_prefix("budget breached: ") {
        return budget_message(breach);
    }
    // The backend repeats the place at the end and adds a hint about its own options.
    if let Some(i) = msg.find(", set DuplicateKeyPolicy") {
        msg.truncate(i);
    }
    // (Only a place that ends the message: an alias's `(defined at line 4, column 11) (used
    // at line 5, column 13)` says where the value came from, and is kept whole.)
    if let Some(i) = msg.rfind(" at line ") {
        if msg[i..].contains("column") && !msg[i..].contains(')') {
            msg.truncate(i);
        }
    }
    in_words(msg)
}

/// For a file whose values are text written by a person (a YAML form's answers, front
/// matter): how to write a value that a syntax error shows YAML did not read as text. `None`
/// for other errors.
pub fn text_hint(message: &str) -> Option<&'static str> {
    const QUOTE: &str = "if this is text, put it in quotes (`key: \"…\"`), or write it as a \
                         block (`key: |`, then the text on the next lines, indented)";
    if message.starts_with("tabs disallowed") {
        return Some("indent with spaces: YAML does not allow tabs there");
    }
    if message.starts_with("unclosed quote") {
        return Some(
            "end the quoted text with the quote mark it starts with (a `\"` inside `\"…\"` is \
             written `\\\"`), or write it as a block (`key: |`, then the text on the next lines, \
             indented)",
        );
    }
    let syntax = [
        "unclosed bracket",
        "unclosed `",
        "a value that starts with `",
        "mapping values are not allowed",
        "block sequence entries are not allowed",
        "while scanning an anchor or alias",
        "alias references unknown anchor",
        "unexpected character",
        "invalid type: sequence",
        "invalid type: map",
        "did not find expected",
    ];
    syntax
        .iter()
        .any(|s| message.starts_with(s))
        .then_some(QUOTE)
}

/// How the message about a second document starts.
const SECOND_DOCUMENT: &str = "a second YAML document (`---`)";

/// The 1-based line of the last document marker (`---` at a line's start, alone or before a
/// space) at or above 1-based `line` of `src` (anywhere in it for 0).
fn document_marker_up_to(src: &str, line: u32) -> Option<u32> {
    let limit = if line == 0 { usize::MAX } else { line as usize };
    src.lines()
        .take(limit)
        .enumerate()
        .filter(|(_, l)| {
            l.strip_prefix("---")
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
        })
        .last()
        .and_then(|(i, _)| u32::try_from(i + 1).ok())
}

/// The backend's messages that name its own API, its options or its parser's states, in the
/// words of the files' authors (instructors and learners).
fn in_words(msg: String) -> String {
    if msg.starts_with("multiple YAML documents") {
        return format!("{SECOND_DOCUMENT} starts here; a file holds one");
    }
    if let Some(key) = msg.strip_prefix("duplicate mapping key: ") {
        return format!("`{key}` appears twice in one mapping; each key may appear once");
    }
    if msg == "recursion limit exceeded" {
        return "YAML nested too deeply".into();
    }
    // A `.nan` or `.inf` where a number, a list or a text may stand is refused here, in the
    // terms of the backend's options (where only a number may stand, the rubric checks it).
    if let Some(value) = msg
        .strip_prefix("non-finite float ")
        .and_then(|m| m.strip_suffix(" rejected by the configured policy"))
    {
        return format!("{value} is not a finite number");
    }
    // A hint about the backend's API ("…; use Option<String>") means nothing to an author.
    match msg.find("; use ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    /// A tab indenting the line after a plain value is reported where it is (the backend
    /// names the value on the line before), in the words of the other tab messages.
    #[test]
    fn a_tab_indenting_the_line_after_a_value_is_placed_at_the_tab() {
        let src = "a:\n  b: one\n\tc: two\n";
        let e = from_str::<BTreeMap<String, serde::de::IgnoredAny>>(src).unwrap_err();
        assert_eq!((e.line, e.column), (3, 1), "{e:?}");
        assert!(e.message.starts_with("tabs disallowed"), "{e:?}");
        assert!(text_hint(&e.message).is_some());
        assert_eq!(indenting_tab("x: 1\n  \ty: 2\n", 1), Some((2, 3)));
        assert_eq!(indenting_tab("x: 1\ny: a\tb\n", 1), None);
    }

    /// A value that came through an alias is of the wrong type: the message says where it
    /// is defined and where used, whole.
    #[test]
    fn an_alias_of_the_wrong_type_is_reported_with_both_places_whole() {
        let src = "a: &a [x, y]\nb: [*a]\n";
        let e = from_str::<BTreeMap<String, Vec<String>>>(src).unwrap_err();
        assert!(
            e.message
                .ends_with("(defined at line 1, column 7) (used at line 2, column 5)"),
            "{e:?}"
        );
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        #[allow(dead_code)]
        a: Option<i64>,
        flag: Option<bool>,
    }

    #[test]
    fn text_the_reader_could_not_read_as_text_gets_a_way_to_write_it() {
        let hint = |src: &str| {
            let e = from_str::<BTreeMap<String, String>>(src).unwrap_err();
            text_hint(&e.message).unwrap_or("(none)")
        };
        assert!(hint("a: Caching: it helps\n").contains("put it in quotes"));
        assert!(hint("a: @scale\n").contains("put it in quotes"));
        assert!(hint("a: *bold* text\n").contains("put it in quotes"));
        assert!(hint("a: \"open\n").starts_with("end the quoted text"));
        assert!(hint("a:\n\tb: x\n").starts_with("indent with spaces"));
        assert_eq!(
            hint("a: 1\na: 2\n"),
            "(none)",
            "a duplicate key is not a quoting problem"
        );
    }

    #[test]
    fn messages_are_in_the_authors_words() {
        let err = from_str::<BTreeMap<String, String>>("a: x\n---\nb: y\n").unwrap_err();
        assert_eq!(
            err.message,
            "a second YAML document (`---`) starts here; a file holds one"
        );
        // At the marker, not at the first token after it (line 3).
        assert_eq!((err.line, err.column), (2, 1));
        // … above comments and blank lines, after a first document's own marker, and where
        // text follows the marker on its line.
        for (src, line) in [
            ("a: x\n---\n\n# second try\n\nb: y\n", 2),
            ("---\na: x\n--- \n# c\nb: y\n", 3),
            ("a: x\n--- b\n", 2),
        ] {
            let err = from_str::<BTreeMap<String, String>>(src).unwrap_err();
            assert!(err.message.starts_with(SECOND_DOCUMENT), "{src:?}: {err:?}");
            assert_eq!((err.line, err.column), (line, 1), "{src:?}");
        }
        let err = from_str::<Doc>("- a\n- b\n").unwrap_err();
        assert_eq!(
            err.message,
            "expected a mapping (`key: value` lines), found a list"
        );
        let err = from_str::<BTreeMap<String, String>>("a:\n").unwrap_err();
        assert_eq!(err.message, "`a`: expected a string, found no value");
        let err = from_str::<Doc>("a: 1\na: 2\n").unwrap_err();
        assert_eq!(
            err.message,
            "`a` appears twice in one mapping; each key may appear once"
        );
    }

    #[test]
    fn values_of_the_wrong_kind_name_their_key_what_was_expected_and_what_was_found() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Q {
            points: Option<f64>,
            number: Option<u32>,
            offset: Option<i64>,
            flag: Option<bool>,
            items: Option<Vec<Q>>,
        }
        let message = |src: &str| {
            let e = from_str::<Q>(src).unwrap_err();
            (e.message, e.line, e.column)
        };
        assert_eq!(
            message("points: abc  # a comment\n"),
            ("`points`: expected a number, found `abc`".into(), 1, 9)
        );
        assert_eq!(
            message("items:\n  - number: x\n").0,
            "`number`: expected a whole number from 0 to 4294967295, found `x`"
        );
        assert_eq!(
            message("offset: 1.5\n").0,
            "`offset`: expected a whole number from -9223372036854775808 to 9223372036854775807, found `1.5`"
        );
        assert_eq!(
            message("flag: maybe\n").0,
            "`flag`: expected `true` or `false`, found `maybe`"
        );
        let long = format!("points: {}\n", "x".repeat(60));
        assert_eq!(
            message(&long).0,
            format!("`points`: expected a number, found `{}…`", "x".repeat(40))
        );
        assert_eq!(
            message("points: [1]\n").0,
            "`points`: expected a single value, found `[1]`"
        );
        assert_eq!(
            message("items:\n  - points:\n      - 1\n").0,
            "`points`: expected a single value here, not a list or a mapping"
        );
        // A single value where a list or a mapping must stand: the reader's own words named
        // only the event it expected (`expected sequence start`).
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct R {
            include: Option<Vec<String>>,
            items: Option<Vec<Q>>,
        }
        let message = |src: &str| {
            let e = from_str::<R>(src).unwrap_err();
            (e.message, e.line, e.column)
        };
        assert_eq!(
            message("include: x\n"),
            (
                "`include`: expected a list (`- item` lines, or `[a, b]`), found `x`".into(),
                1,
                10
            )
        );
        assert_eq!(
            message("items:\n  - 5\n"),
            (
                "expected a mapping (`key: value` lines), found `5`".into(),
                2,
                5
            )
        );
        assert_eq!(
            message("include:\n  a: b\n").0,
            "`include`: expected a list (`- item` lines, or `[a, b]`), found a mapping"
        );
        // A place that is not on a `key: value` line still says what was expected.
        assert_eq!(
            wrong_kind("a:\n", 9, 1, "invalid floating point").as_deref(),
            Some("expected a number here")
        );
        assert_eq!(wrong_kind("a: b\n", 1, 4, "unknown field `a`"), None);
    }

    /// A key or a list item with no value where a list, a mapping, a number or a text must
    /// stand says so, with the key: the reader places the missing value at the key's `:`,
    /// and the message once quoted that colon (`` expected a mapping …, found `:` ``).
    #[test]
    fn a_key_or_item_with_no_value_says_it_has_none() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Form {
            learner: Option<String>,
            #[serde(default)]
            answers: BTreeMap<String, String>,
            #[serde(default)]
            items: Vec<BTreeMap<String, String>>,
            #[serde(default)]
            text: Vec<String>,
        }
        let message = |src: &str| {
            let e = from_str::<Form>(src).unwrap_err();
            (e.message, e.line, e.column)
        };
        let mapping = "expected a mapping (`key: value` lines)";
        for (src, want, line, column) in [
            (
                "learner: ana\nanswers:\n",
                format!("`answers`: {mapping}, found no value"),
                2,
                8,
            ),
            (
                "answers:   # none yet\nlearner: a\n",
                format!("`answers`: {mapping}, found no value"),
                1,
                8,
            ),
            (
                "answers: ~\n",
                format!("`answers`: {mapping}, found `~`"),
                1,
                10,
            ),
            (
                "answers: null\n",
                format!("`answers`: {mapping}, found `null`"),
                1,
                10,
            ),
            ("items:\n  -\n", format!("{mapping}, found no value"), 2, 4),
            ("items:\n  - ~\n", format!("{mapping}, found `~`"), 2, 5),
            (
                "text:\n",
                "`text`: expected a list (`- item` lines, or `[a, b]`), found no value".into(),
                1,
                5,
            ),
        ] {
            assert_eq!(message(src), (want, line, column), "{src:?}");
        }
        let strict = |src: &str| {
            #[derive(Debug, Deserialize)]
            #[allow(dead_code)]
            struct Strict {
                prompt: String,
                points: f64,
            }
            from_str::<Strict>(src).unwrap_err().message
        };
        assert_eq!(
            strict("prompt:\npoints: 1\n"),
            "`prompt`: expected a string, found no value"
        );
        assert_eq!(
            strict("prompt: ~\npoints: 1\n"),
            "`prompt`: expected a string, found `~`"
        );
        assert_eq!(
            strict("prompt: P\npoints:\n"),
            "`points`: expected a number, found no value"
        );
        assert_eq!(
            strict("prompt: P\npoints: ~\n"),
            "`points`: expected a number, found `~`"
        );
    }

    #[test]
    fn duplicate_keys_are_errors_with_place() {
        let err = from_str::<BTreeMap<String, i64>>("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!((err.line, err.column), (3, 1), "{err:?}");
        assert!(err.message.contains("appears twice"), "{err:?}");
    }

    #[test]
    fn norway_booleans_are_not_booleans() {
        assert!(from_str::<Doc>("flag: no\n").is_err());
        assert_eq!(from_str::<Doc>("flag: false\n").unwrap().flag, Some(false));
    }

    #[test]
    fn unknown_keys_are_errors_with_place() {
        let err = from_str::<Doc>("a: 1\npointz: 2\n").unwrap_err();
        assert_eq!(err.line, 2, "{err:?}");
        assert!(err.message.contains("pointz"), "{err:?}");
    }

    /// Nine levels of nine aliases each: 9⁹ nodes once expanded.
    fn alias_bomb() -> String {
        let mut bomb = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for i in 0..9 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("b{}", i - 1)
            };
            let refs = vec![format!("*{prev}"); 9].join(",");
            bomb.push_str(&format!("b{i}: &b{i} [{refs}]\n"));
        }
        bomb
    }

    #[test]
    fn alias_bombs_fail_fast() {
        assert!(from_str::<serde_json::Value>(&alias_bomb()).is_err());
    }

    #[test]
    fn deep_nesting_fails_fast() {
        let deep = "[".repeat(20_000);
        assert!(from_str::<serde_json::Value>(&deep).is_err());
        let deep = format!("learner: {}1{}", "{a: ".repeat(10_000), "}".repeat(10_000));
        let err = from_str::<serde::de::IgnoredAny>(&deep).unwrap_err();
        assert_eq!(err.message, "YAML nested too deeply (over 64 levels)");
    }

    /// `.nan` and `.inf` where any value may stand are refused with their place; where a
    /// number must stand they are read (and the rubric refuses them in its own terms).
    #[test]
    fn non_finite_numbers_are_refused_with_their_place_where_any_value_may_stand() {
        let err = from_str::<serde_json::Value>(
            "a: 1
b: [2, .inf]
",
        )
        .unwrap_err();
        assert_eq!((err.line, err.column), (2, 8), "{err:?}");
        assert_eq!(err.message, "`.inf` is not a finite number");
        let x = from_str::<BTreeMap<String, f64>>(
            "a: .nan
",
        )
        .unwrap();
        assert!(x["a"].is_nan());
    }

    #[test]
    fn alias_bombs_are_named() {
        let bomb = alias_bomb();
        let err = from_str::<serde_json::Value>(&bomb).unwrap_err();
        assert!(err.message.starts_with("too many YAML nodes"), "{err:?}");
        assert!(err.line > 0, "{err:?}");
    }
}
