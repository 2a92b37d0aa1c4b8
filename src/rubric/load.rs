//! Reading a rubric from disk: the main file and its includes (confined to the main file's
//! folder, one level deep), each parsed on its own so that every file's problems are
//! reported (every unknown key of each, see `yaml::from_str_noting_unknown`), then validated
//! together. A file with unknown keys is still validated, so that its other problems are
//! reported in the same run, but the rubric is invalid: it is never graded without them.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::comma_course;
use super::error::{CANNOT_READ, RubricError, RubricErrors};
use super::model::Rubric;
use super::raw::RawRubric;
use super::validate::validate;
use crate::numeric::DecimalMark;
use crate::yaml;

/// At most this many threads parse a rubric's files.
const PARSE_THREADS: usize = 4;

/// Rubric files larger than this are refused (a rubric is hand-written text).
pub const MAX_RUBRIC_BYTES: u64 = 8 * 1024 * 1024;

/// A parsed rubric file, before validation.
pub struct RawFile {
    /// The path as shown in messages.
    pub name: String,
    pub raw: RawRubric,
}

/// Loads and validates the rubric at `path`.
pub fn load(path: &Path) -> Result<Rubric, RubricErrors> {
    let mut errors = Vec::new();
    let mut hash = Fnv::new();
    let name = path.display().to_string();
    let main_src = read_text(path, &name, &mut hash).map_err(|e| RubricErrors(vec![e]))?;
    // `rubric.yaml` has the parent `""`: the current folder.
    let base = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let main = match parse(&main_src, &name) {
        Ok((raw, unknown)) => {
            errors.extend(unknown);
            raw
        }
        Err(mut e) => {
            // The main file's problems do not hide its includes': when its `include` can
            // still be read (a key written twice, a value of the wrong kind elsewhere in
            // it), theirs follow.
            if let Ok(only) = yaml::from_str_first_wins::<IncludeOnly>(&main_src) {
                includes(base, path, &name, &only.include, &mut hash, &mut e);
            }
            return Err(RubricErrors(e));
        }
    };
    let (sources, mut files) = includes(base, path, &name, &main.include, &mut hash, &mut errors);
    let mut texts = vec![(name.as_str(), main_src.as_str())];
    texts.extend(sources.iter().map(|(n, src)| (n.as_str(), src.as_str())));
    errors.extend(misread_by_yaml(&main, &texts));
    let order: Vec<String> = texts.iter().map(|(n, _)| n.to_string()).collect();
    files.insert(0, RawFile { name, raw: main });
    after(errors, validate(files, hash.hex()), &order)
}

/// The main file's `include`, read alone when the whole file cannot be (other keys ignored).
#[derive(serde::Deserialize)]
struct IncludeOnly {
    #[serde(default)]
    include: Vec<yaml::Spanned<String>>,
}

/// The files `include` names (in the main file `name`, at `main`, in folder `base`): read and
/// hashed in order, parsed in parallel; their problems added to `errors` in the order of
/// `include`. Returns each file read, as (name, text), and each parsed. An include that names
/// the main file itself, or a file an earlier include names (however the path is written), is
/// one error at that include, and the file is not read again: its contents would otherwise be
/// reported as defined twice, each name at the same place.
fn includes(
    base: &Path,
    main: &Path,
    name: &str,
    include: &[yaml::Spanned<String>],
    hash: &mut Fnv,
    errors: &mut Vec<RubricError>,
) -> (Vec<(String, String)>, Vec<RawFile>) {
    let main = main.canonicalize().ok();
    // The files read so far: each canonical path, with its include's place and text.
    let mut seen: Vec<(PathBuf, (u32, u32), &str)> = Vec::new();
    let read: Vec<Result<(String, String), RubricError>> = include
        .iter()
        .map(|inc| {
            let (line, column) = yaml::place(inc);
            let at = |message| RubricError {
                file: name.to_string(),
                line,
                column,
                message,
            };
            let (p, canon) = resolve_include(base, &inc.value).map_err(at)?;
            if main.as_ref() == Some(&canon) {
                return Err(at(format!(
                    "include `{}` is this rubric file itself: a rubric cannot include itself; \
                     list only the other files",
                    inc.value
                )));
            }
            if let Some((_, (l, c), first)) = seen.iter().find(|(s, ..)| *s == canon) {
                return Err(at(format!(
                    "include `{}` names the same file as the include at {l}:{c} (`{first}`): \
                     list each file once",
                    inc.value
                )));
            }
            seen.push((canon, (line, column), &inc.value));
            let inc_name = p.display().to_string();
            read_text(&p, &inc_name, hash).map(|src| (inc_name, src))
        })
        .collect();
    let texts: Vec<(&str, &str)> = read
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|(inc_name, src)| (inc_name.as_str(), src.as_str()))
        .collect();
    // One result per text, in order.
    let mut parsed = parse_all(&texts).into_iter();
    let mut files = Vec::new();
    for r in &read {
        let inc_name = match r {
            Ok((inc_name, _)) => inc_name.clone(),
            Err(e) => {
                errors.push(e.clone());
                continue;
            }
        };
        let raw = match parsed.next() {
            Some(Ok((raw, unknown))) => {
                errors.extend(unknown);
                raw
            }
            Some(Err(e)) => {
                errors.extend(e);
                continue;
            }
            None => break,
        };
        let mut extra = Vec::new();
        if raw.id.is_some()
            || raw.title.is_some()
            || raw.version.is_some()
            || raw.scale.is_some()
            || raw.decimal_mark.is_some()
            || raw.defaults.is_some()
        {
            extra.push(
                "`id`, `title`, `version`, `scale`, `decimal-mark` and `defaults` belong in the main rubric file",
            );
        }
        if !raw.include.is_empty() {
            extra.push("includes cannot nest: list every file in the main rubric's `include`");
        }
        for m in extra {
            errors.push(RubricError {
                file: inc_name.clone(),
                line: 1,
                column: 1,
                message: m.to_string(),
            });
        }
        files.push(RawFile {
            name: inc_name,
            raw,
        });
    }
    let sources = read.into_iter().filter_map(Result::ok).collect();
    (sources, files)
}

/// The rubric validation gave, unless problems found before it (`earlier`: the files' unknown
/// keys, unreadable includes) make it invalid; every problem, in the order of the files
/// (`order`: the main file, then its `include` order) and of their places, whichever check
/// found it. A problem with no place comes last in its file; one place's problems stay in
/// the order found.
fn after(
    mut earlier: Vec<RubricError>,
    validated: Result<Rubric, RubricErrors>,
    order: &[String],
) -> Result<Rubric, RubricErrors> {
    match validated {
        Ok(rubric) if earlier.is_empty() => return Ok(rubric),
        Ok(_) => {}
        Err(RubricErrors(more)) => earlier.extend(more),
    }
    let rank = |file: &str| order.iter().position(|n| n == file).unwrap_or(order.len());
    earlier.sort_by_key(|e| (rank(&e.file), e.line == 0, e.line, e.column));
    Err(RubricErrors(earlier))
}

/// Parses rubric text (no includes), as if read from a file named `name`.
pub fn load_str(src: &str, name: &str) -> Result<Rubric, RubricErrors> {
    let (raw, unknown) = parse(src, name).map_err(RubricErrors)?;
    if !raw.include.is_empty() {
        return Err(RubricErrors(vec![RubricError {
            file: name.to_string(),
            line: 0,
            column: 0,
            message: "`include` needs a rubric read from a file".into(),
        }]));
    }
    let mut hash = Fnv::new();
    hash.write(src.as_bytes());
    let mut unknown = unknown;
    unknown.extend(misread_by_yaml(&raw, &[(name, src)]));
    let file = RawFile {
        name: name.to_string(),
        raw,
    };
    after(
        unknown,
        validate(vec![file], hash.hex()),
        &[name.to_string()],
    )
}

/// What YAML reads otherwise than the author meant, which the parsed rubric cannot show (see
/// [`comma_course`]): a `decimal-mark` with no value in the main file (`main`, the first of
/// `sources`), and in a rubric for learners who write decimal commas, values such as `[0,42]`
/// and `1.200` in any of its files (`(name, text)`).
fn misread_by_yaml(main: &RawRubric, sources: &[(&str, &str)]) -> Vec<RubricError> {
    match &main.decimal_mark {
        None => (sources.first())
            .and_then(|(name, src)| comma_course::empty_mark(name, src))
            .into_iter()
            .collect(),
        Some(m) if DecimalMark::from_rubric(&m.value) == Some(DecimalMark::Comma) => (sources
            .iter())
        .flat_map(|(name, src)| comma_course::misread_values(name, src))
        .collect(),
        Some(_) => Vec::new(),
    }
}

/// A rubric file parsed: the raw rubric and the errors of its unknown keys (it is validated,
/// but invalid if there are any), or, when it could not be read, every error found (the
/// unknown keys before the one that stopped the reading, then that one).
type Parsed = Result<(RawRubric, Vec<RubricError>), Vec<RubricError>>;

/// Parses each `(name, text)`, in order, on up to [`PARSE_THREADS`] threads: parsing the
/// YAML is a fifth of loading a rubric, and its files are independent.
fn parse_all(texts: &[(&str, &str)]) -> Vec<Parsed> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    parse_on(texts, threads.clamp(1, PARSE_THREADS))
}

/// [`parse_all`] on up to `threads` threads, the calling one included: each takes the next
/// file not yet taken.
fn parse_on(texts: &[(&str, &str)], threads: usize) -> Vec<Parsed> {
    let slots: Vec<OnceLock<Parsed>> = texts.iter().map(|_| OnceLock::new()).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(&(name, src)) = texts.get(i) else {
                break;
            };
            let _ = slots[i].set(parse(src, name));
        }
    };
    std::thread::scope(|s| {
        for _ in 1..threads.min(texts.len()) {
            // If the system refuses a thread, the threads there are parse everything.
            if std::thread::Builder::new().spawn_scoped(s, work).is_err() {
                break;
            }
        }
        work();
    });
    slots
        .into_iter()
        .zip(texts)
        // Every slot is set (a thread that panicked would have ended the scope in a panic).
        .map(|(slot, &(name, src))| slot.into_inner().unwrap_or_else(|| parse(src, name)))
        .collect()
}

/// Reads a rubric file's text, refusing one too large or not UTF-8, and adds it to `hash`.
fn read_text(path: &Path, name: &str, hash: &mut Fnv) -> Result<String, RubricError> {
    let err = |message: String| RubricError {
        file: name.to_string(),
        line: 0,
        column: 0,
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| err(format!("{CANNOT_READ}: {e}")))?;
    if meta.len() > MAX_RUBRIC_BYTES {
        return Err(err(format!(
            "the rubric is {} bytes; the limit is {MAX_RUBRIC_BYTES}",
            meta.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| err(format!("{CANNOT_READ}: {e}")))?;
    let src = String::from_utf8(bytes).map_err(|e| {
        err(format!(
            "the rubric is not UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    hash.write(name.rsplit(['/', '\\']).next().unwrap_or(name).as_bytes());
    hash.write(src.as_bytes());
    Ok(src)
}

fn parse(src: &str, name: &str) -> Parsed {
    if src.trim().is_empty() {
        return Err(vec![RubricError {
            file: name.to_string(),
            line: 0,
            column: 0,
            message: "the rubric is empty".into(),
        }]);
    }
    let (result, unknown) = yaml::from_str_noting_unknown::<RawRubric>(src);
    let mut errors: Vec<RubricError> = unknown
        .iter()
        .map(|u| RubricError {
            file: name.to_string(),
            line: u.line,
            column: u.column,
            message: u.message(),
        })
        .collect();
    match result {
        Ok(raw) => Ok((raw, errors)),
        Err(e) => {
            let hint = (comma_course::syntax_hint(src, e.line).map(String::from))
                .or_else(|| yaml_hint(&e.message).map(String::from))
                .or_else(|| {
                    let found = e.message.split_once("expected a number, found `")?.1;
                    comma_course::comma_number_hint(found.strip_suffix('`')?)
                });
            let message = match hint {
                Some(hint) => format!("{}; {hint}", e.message),
                None => e.message,
            };
            errors.push(RubricError {
                file: name.to_string(),
                line: e.line,
                column: e.column,
                message,
            });
            Err(errors)
        }
    }
}

/// How to mend a rubric's YAML syntax error, for the errors an author usually makes: a `: `
/// in an unquoted text, a line indented out of step, a tab, a pattern starting with `{`.
/// `None` for other errors.
fn yaml_hint(message: &str) -> Option<&'static str> {
    let starts = |s: &str| message.starts_with(s);
    Some(if starts("mapping values are not allowed") {
        "a `: ` inside a text starts a mapping to YAML: put the text in quotes (`feedback: \
         \"Note: …\"`), or write it as a block (`feedback: >-`, then the text on the next lines, \
         indented); or, if this is a key, line it up with the keys above it"
    } else if starts("did not find expected") || starts("block sequence entries are not allowed") {
        "check the indentation of this line and the one above: the keys of one mapping start in \
         one column, and the keys of a list item line up after its `- `"
    } else if starts("tabs disallowed") || starts("unclosed quote") {
        // As in any file of text written by a person.
        return yaml::text_hint(message);
    } else if starts("invalid type: map, expected a pattern") {
        "a pattern that starts with `{` must be in quotes (`\"{bandwidth} .. rate\"`): \
         unquoted, YAML reads `{…}` as a mapping"
    } else {
        return None;
    })
}

/// Resolves an include path, refusing anything outside `base`: the path as written below
/// `base` (for messages), and the file it is (symbolic links followed).
fn resolve_include(base: &Path, inc: &str) -> Result<(PathBuf, PathBuf), String> {
    let rel = Path::new(inc);
    if rel.is_absolute() {
        return Err(format!(
            "include `{inc}` must be a path relative to the rubric's folder"
        ));
    }
    let joined = base.join(rel);
    let canon_base = base
        .canonicalize()
        .map_err(|e| format!("cannot resolve the rubric's folder: {e}"))?;
    let canon = joined
        .canonicalize()
        .map_err(|e| format!("cannot read include `{inc}`: {e}"))?;
    if !canon.starts_with(&canon_base) {
        return Err(format!("include `{inc}` is outside the rubric's folder"));
    }
    // Said here, at the `include` entry: read, a folder says only "Is a directory", at no place.
    if canon.is_dir() && inc.trim().is_empty() {
        return Err("an include is empty: name a rubric file (`part.yaml`)".into());
    }
    if canon.is_dir() {
        return Err(format!(
            "include `{inc}` is a folder: name each of its rubric files (`{}/part.yaml`)",
            inc.trim_end_matches('/')
        ));
    }
    Ok((joined, canon))
}

/// FNV-1a 64-bit: a stable hash (std's `DefaultHasher` is not stable across releases).
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Fnv {
    pub fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    pub fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        // Separate consecutive writes.
        self.0 ^= 0xff;
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
    }
    /// The hash so far.
    pub fn value(&self) -> u64 {
        self.0
    }
    /// The value as 16 lowercase hex digits (as `{:016x}` prints it, without the formatting
    /// machinery: GitLab's report makes one per issue).
    pub fn hex(&self) -> String {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        (0..16)
            .rev()
            .map(|i| char::from(DIGITS[(self.0 >> (4 * i)) as usize & 15]))
            .collect()
    }
}

impl Default for Fnv {
    fn default() -> Self {
        Fnv::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_print_as_sixteen_hex_digits() {
        for bytes in [&b""[..], b"a", b"assay", &[0xff; 40]] {
            let mut h = Fnv::new();
            h.write(bytes);
            assert_eq!(h.hex(), format!("{:016x}", h.value()));
        }
        assert_eq!(Fnv(0xab).hex(), "00000000000000ab");
        assert_eq!(Fnv(u64::MAX).hex(), "ffffffffffffffff");
    }

    /// A misconception defined again in an included file is reported there, with where the
    /// first one is.
    #[test]
    fn a_misconception_defined_again_says_where_the_first_is() {
        let dir = tempfile::tempdir().unwrap();
        let m = "misconceptions:\n  lb-scales:\n    title: T\n    feedback: F\n";
        std::fs::write(
            dir.path().join("main.yaml"),
            format!("id: r\ntitle: R\ninclude: [b.yaml]\n{m}"),
        )
        .unwrap();
        std::fs::write(dir.path().join("b.yaml"), m).unwrap();
        let errors = load(&dir.path().join("main.yaml")).unwrap_err().0;
        let e = errors
            .iter()
            .find(|e| e.message.contains("lb-scales"))
            .expect("the second definition is reported");
        assert!(e.file.ends_with("b.yaml"), "{e:?}");
        assert_eq!((e.line, e.column), (3, 5), "{e:?}");
        assert!(
            e.message
                .starts_with("misconception `lb-scales` is already defined at ")
                && e.message.ends_with("main.yaml:6"),
            "{e:?}"
        );
    }

    /// An include that names a folder (or the rubric's own folder, `''`) is reported at the
    /// entry that names it (reading it said only "Is a directory", at no place).
    #[test]
    fn an_include_that_is_a_folder_is_reported_at_its_entry() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("parts")).unwrap();
        std::fs::write(
            dir.path().join("main.yaml"),
            "id: r\ntitle: R\ninclude:\n  - parts\n  - ''\n",
        )
        .unwrap();
        let errors = load(&dir.path().join("main.yaml")).unwrap_err().0;
        let got: Vec<(u32, u32, &str)> = errors
            .iter()
            .map(|e| (e.line, e.column, e.message.as_str()))
            .collect();
        assert_eq!(
            got[1..],
            [
                (
                    4,
                    5,
                    "include `parts` is a folder: name each of its rubric files (`parts/part.yaml`)"
                ),
                (
                    5,
                    5,
                    "an include is empty: name a rubric file (`part.yaml`)"
                ),
            ]
        );
    }

    /// A file included twice (however its path is written) or a rubric that includes itself
    /// is one error at the include that repeats it, naming the file: before, the file was
    /// read twice and each of its exercises "already defined" at its own place, and a rubric
    /// that included itself was told its `id` and `include` did not belong in an included file.
    #[test]
    fn a_file_included_twice_or_a_rubric_including_itself_is_one_error_at_the_include() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let exercise = "  - id: two\n    title: Two\n    questions:\n      - number: 1\n        prompt: P\n        concepts:\n          - { id: c, match: cache, feedback: F }\n";
        write("part.yaml", &format!("exercises:\n{exercise}"));
        let main = |include: &str| {
            format!(
                "id: r\ntitle: R\ninclude: {include}\nexercises:\n{}",
                exercise.replace("two", "one")
            )
        };
        let errors = |file: &str, include: &str| -> Vec<String> {
            write(file, &main(include));
            load(&dir.path().join(file))
                .unwrap_err()
                .0
                .iter()
                .map(|e| {
                    let f = Path::new(&e.file).file_name().unwrap().to_string_lossy();
                    format!("{f}:{}:{}: {}", e.line, e.column, e.message)
                })
                .collect()
        };
        assert_eq!(
            errors("twice.yaml", "[part.yaml, sub/../part.yaml]"),
            [
                "twice.yaml:3:22: include `sub/../part.yaml` names the same file as the include at 3:11 (`part.yaml`): list each file once"
            ]
        );
        assert_eq!(
            errors("self.yaml", "[self.yaml, part.yaml]"),
            [
                "self.yaml:3:11: include `self.yaml` is this rubric file itself: a rubric cannot include itself; list only the other files"
            ]
        );
        assert_eq!(
            errors("dot.yaml", "[part.yaml, ./dot.yaml, part.yaml]"),
            [
                "dot.yaml:3:22: include `./dot.yaml` is this rubric file itself: a rubric cannot include itself; list only the other files",
                "dot.yaml:3:34: include `part.yaml` names the same file as the include at 3:11 (`part.yaml`): list each file once",
            ]
        );
        // Once each is fine.
        write("once.yaml", &main("[part.yaml]"));
        assert!(load(&dir.path().join("once.yaml")).is_ok());
    }

    /// A main file that cannot be read whole (a key written twice, a value of the wrong kind)
    /// still has its includes read, and their problems reported with its own: one hard error
    /// in the main file used to hide them all.
    #[test]
    fn the_main_file_s_errors_do_not_hide_the_includes() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        write("part.yaml", "exercises:\n  - id: e\n    titel: E\n");
        for main in [
            "id: r\ntitle: R\ninclude: [part.yaml]\nid: again\n",
            "id: r\ntitle: R\ninclude: [part.yaml]\nscale: abc\n",
        ] {
            write("main.yaml", main);
            let errors = load(&dir.path().join("main.yaml")).unwrap_err().0;
            let files: Vec<&str> = errors
                .iter()
                .map(|e| e.file.rsplit('/').next().unwrap())
                .collect();
            assert_eq!(files, ["main.yaml", "part.yaml"], "{errors:?}");
            assert!(errors[1].message.starts_with("unknown field `titel`"));
        }
        // Nothing to read: the main file's error alone.
        write("main.yaml", "id: r\ntitle: R\ninclude: [part.yaml\n");
        assert_eq!(load(&dir.path().join("main.yaml")).unwrap_err().0.len(), 1);
    }

    /// The includes' problems come in the order of `include`, whichever thread parsed them,
    /// after the main file's own.
    #[cfg(unix)] // The operating system's message for a missing file.
    #[test]
    fn include_problems_are_reported_in_include_order() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        write(
            "main.yaml",
            "id: r\ntitle: R\ninclude: [a.yaml, missing.yaml, b.yaml, c.yaml, d.yaml]\n",
        );
        write("a.yaml", "exercises: [\n");
        write("b.yaml", "id: nested\n");
        write("c.yaml", "vocabulary: {}\n");
        write("d.yaml", "misconceptions: 3\n");
        let errors = load(&dir.path().join("main.yaml")).unwrap_err().0;
        let order: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.file.rsplit('/').next().unwrap(), e.message.as_str()))
            .collect();
        assert_eq!(
            order,
            [
                ("main.yaml", "the rubric has no exercises"),
                (
                    "main.yaml",
                    "cannot read include `missing.yaml`: No such file or directory (os error 2)"
                ),
                ("a.yaml", "unclosed bracket '['"),
                (
                    "b.yaml",
                    "`id`, `title`, `version`, `scale`, `decimal-mark` and `defaults` belong in the main rubric file"
                ),
                (
                    "d.yaml",
                    "`misconceptions`: expected a mapping (`key: value` lines), found `3`"
                ),
            ],
        );
    }

    /// Every unknown key is an error at its place, listed with the other problems in the
    /// order of places, and one alone makes the rubric invalid: it is not loaded with the key
    /// left out.
    #[test]
    fn every_unknown_key_is_an_error_and_one_makes_the_rubric_invalid() {
        let valid = "id: r\ntitle: R\nexercises:\n  - id: e\n    title: E\n    questions:\n      \
                     - number: 1\n        prompt: P\n        concepts:\n          \
                     - {id: c, match: c, feedback: F}\n";
        assert!(load_str(valid, "r.yaml").is_ok());
        let one = valid.replace("title: E\n", "title: E\n    colour: red\n");
        let errors = load_str(&one, "r.yaml").unwrap_err().0;
        assert_eq!(
            errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "r.yaml:6:5: error: unknown field `colour`, expected one of id, title, aliases, questions"
            ]
        );
        let more = one
            .replace("id: r\n", "id: R\nsummary: s\n")
            .replace("feedback: F}", "feedback: F, wieght: 2}");
        let errors = load_str(&more, "r.yaml").unwrap_err().0;
        let places: Vec<(u32, u32, &str)> = errors
            .iter()
            .map(|e| (e.line, e.column, e.message.split(',').next().unwrap()))
            .collect();
        assert_eq!(
            places,
            [
                (1, 5, "rubric id `R` must be lowercase letters"),
                (2, 1, "unknown field `summary`"),
                (7, 5, "unknown field `colour`"),
                (12, 44, "unknown field `wieght`"),
            ]
        );
    }

    /// A missing required field is a problem of its file, at the mapping that lacks it, and
    /// stops neither that file's reading nor the other files': the problems are listed by
    /// file and place, whichever check found them, as for any other rubric.
    #[test]
    fn missing_fields_of_every_file_are_reported_with_the_other_problems() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        write(
            "main.yaml",
            "id: r\ntitle: R\ninclude: [a.yaml]\nexercises:\n  - id: e\n    questions: []\n    \
             colour: red\n",
        );
        write(
            "a.yaml",
            "misconceptions:\n  m:\n    title: M\n    severity: high\nexercises:\n  - id: f\n    \
             title: F\n    questions:\n      - prompt: P\n        \
             concepts: [{ id: c, match: c, feedback: F }]\n",
        );
        let errors = load(&dir.path().join("main.yaml")).unwrap_err().0;
        let said: Vec<String> = errors
            .iter()
            .map(|e| {
                let file = e.file.rsplit(['/', '\\']).next().unwrap();
                let m = e.message.split(", expected one of").next().unwrap();
                format!("{file}:{}:{}: {m}", e.line, e.column)
            })
            .collect();
        assert_eq!(
            said,
            [
                "main.yaml:5:5: missing field `title` (an exercise needs one)",
                "main.yaml:5:5: exercise `e` has no questions",
                "main.yaml:7:5: unknown field `colour`",
                "a.yaml:3:5: missing field `feedback` (a misconception needs one)",
                "a.yaml:4:5: unknown field `severity`",
                "a.yaml:9:9: missing field `number` (a question needs one)",
            ]
        );
    }

    #[test]
    fn parsing_in_parallel_gives_what_parsing_in_turn_gives() {
        let texts: Vec<(String, String)> = (0..12)
            .map(|i| {
                let text = if i % 3 == 0 {
                    format!("exercises: [{i}\n")
                } else {
                    format!("vocabulary:\n  v{i}: [word{i}, 'other {i}']\nmisconceptions: {{}}\n")
                };
                (format!("f{i}.yaml"), text)
            })
            .collect();
        let texts: Vec<(&str, &str)> = texts
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let in_turn = format!("{:?}", parse_on(&texts, 1));
        assert!(in_turn.contains("other 11") && in_turn.contains("f9.yaml"));
        for threads in [2, 3, 4, 20] {
            assert_eq!(
                format!("{:?}", parse_on(&texts, threads)),
                in_turn,
                "{threads}"
            );
        }
    }
}
