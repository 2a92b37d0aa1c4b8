//! Reading a rubric from disk: the main file and its includes (confined to the main file's
//! folder, one level deep), each parsed on its own so that every file's problems are
//! reported, then validated together.

use std::path::{Path, PathBuf};

use super::error::{RubricError, RubricErrors};
use super::model::Rubric;
use super::raw::RawRubric;
use super::validate::validate;
use crate::yaml;

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
    let main = match read(path, &name, &mut hash) {
        Ok(raw) => raw,
        Err(e) => return Err(RubricErrors(vec![e])),
    };
    let mut files = Vec::new();
    let base = path.parent().unwrap_or(Path::new("."));
    for inc in &main.include {
        let (line, column) = yaml::place(inc);
        let at = |message: String| RubricError {
            file: name.clone(),
            line,
            column,
            message,
        };
        match resolve_include(base, &inc.value) {
            Ok(p) => {
                let inc_name = p.display().to_string();
                match read(&p, &inc_name, &mut hash) {
                    Ok(raw) => {
                        let mut extra = Vec::new();
                        if raw.id.is_some()
                            || raw.title.is_some()
                            || raw.version.is_some()
                            || raw.scale.is_some()
                            || raw.defaults.is_some()
                        {
                            extra.push(
                                "`id`, `title`, `version`, `scale` and `defaults` belong in the main rubric file",
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
                    Err(e) => errors.push(e),
                }
            }
            Err(message) => errors.push(at(message)),
        }
    }
    files.insert(0, RawFile { name, raw: main });
    let result = validate(files, hash.hex());
    match result {
        Ok(rubric) if errors.is_empty() => Ok(rubric),
        Ok(_) => Err(RubricErrors(errors)),
        Err(RubricErrors(more)) => {
            errors.extend(more);
            Err(RubricErrors(errors))
        }
    }
}

/// Parses rubric text (no includes), as if read from a file named `name`.
pub fn load_str(src: &str, name: &str) -> Result<Rubric, RubricErrors> {
    let raw = parse(src, name).map_err(|e| RubricErrors(vec![e]))?;
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
    validate(
        vec![RawFile {
            name: name.to_string(),
            raw,
        }],
        hash.hex(),
    )
}

fn read(path: &Path, name: &str, hash: &mut Fnv) -> Result<RawRubric, RubricError> {
    let err = |message: String| RubricError {
        file: name.to_string(),
        line: 0,
        column: 0,
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| err(format!("cannot read the rubric: {e}")))?;
    if meta.len() > MAX_RUBRIC_BYTES {
        return Err(err(format!(
            "the rubric is {} bytes; the limit is {MAX_RUBRIC_BYTES}",
            meta.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| err(format!("cannot read the rubric: {e}")))?;
    let src = String::from_utf8(bytes).map_err(|e| {
        err(format!(
            "the rubric is not UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    hash.write(name.rsplit(['/', '\\']).next().unwrap_or(name).as_bytes());
    hash.write(src.as_bytes());
    parse(&src, name)
}

fn parse(src: &str, name: &str) -> Result<RawRubric, RubricError> {
    if src.trim().is_empty() {
        return Err(RubricError {
            file: name.to_string(),
            line: 0,
            column: 0,
            message: "the rubric is empty".into(),
        });
    }
    yaml::from_str::<RawRubric>(src).map_err(|e| RubricError {
        file: name.to_string(),
        line: e.line,
        column: e.column,
        message: e.message,
    })
}

/// Resolves an include path, refusing anything outside `base`.
fn resolve_include(base: &Path, inc: &str) -> Result<PathBuf, String> {
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
    Ok(joined)
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
    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

impl Default for Fnv {
    fn default() -> Self {
        Fnv::new()
    }
}
