//! Writing `--out DIR`: `results.json` and `reports/<learner>.md`, each file written to a
//! temporary name and renamed, so the folder never holds a partial file. Learner ids become
//! safe, portable, unique file names.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use tera::Tera;

use super::feedback::render_markdown;
use crate::batch::Batch;
use crate::rubric::Rubric;

/// Writes `bytes` to `path` atomically (temporary file in the same folder, then rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all().ok();
    }
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Like [`write_atomic`], for content written piece by piece by `write` (a results document
/// too large to hold in memory).
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let written = (|| {
        let mut f = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp)?);
        write(&mut f)?;
        let f = f.into_inner().map_err(|e| e.into_error())?;
        f.sync_all().ok();
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// A file name for a learner id: ASCII letters, digits, `-`, `_` and `.` kept, anything else
/// `_`; no leading dot; Windows device names (`CON`, `NUL`, …) prefixed; at most 80 bytes;
/// unique within `taken` (a `-2`, `-3`… suffix).
pub fn safe_name(id: &str, taken: &mut BTreeSet<String>) -> String {
    let mut s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    s = s.trim_start_matches('.').to_string();
    s.truncate(80);
    if s.is_empty() {
        s = "learner".into();
    }
    let stem = s.split('.').next().unwrap_or("").to_ascii_uppercase();
    const DEVICES: &[&str] = &[
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
        "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];
    if DEVICES.contains(&stem.as_str()) {
        s = format!("_{s}");
    }
    let base = s.clone();
    let mut n = 2;
    while !taken.insert(s.to_ascii_lowercase()) {
        s = format!("{base}-{n}");
        n += 1;
    }
    s
}

/// Writes the results and reports of `batch` into `dir`.
pub fn write_out(dir: &Path, rubric: &Rubric, batch: &Batch, tera: &Tera) -> anyhow::Result<()> {
    use anyhow::Context;
    let json = super::json::to_json(rubric, batch);
    write_atomic(&dir.join("results.json"), json.as_bytes())
        .with_context(|| format!("cannot write {}", dir.join("results.json").display()))?;
    let mut taken = BTreeSet::new();
    for o in &batch.outcomes {
        let Ok(graded) = &o.result else { continue };
        let name = safe_name(&o.learner, &mut taken);
        let md = render_markdown(tera, rubric, o, graded)?;
        let path = dir.join("reports").join(format!("{name}.md"));
        write_atomic(&path, md.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learner_ids_become_safe_unique_names() {
        let mut t = BTreeSet::new();
        assert_eq!(safe_name("../../etc/passwd", &mut t), "_.._etc_passwd");
        assert_eq!(safe_name("CON", &mut t), "_CON");
        assert_eq!(safe_name("a/b", &mut t), "a_b");
        assert_eq!(safe_name("a\\b", &mut t), "a_b-2");
        assert_eq!(safe_name("<script>", &mut t), "_script_");
        assert_eq!(safe_name("", &mut t), "learner");
        assert_eq!(safe_name("Ana", &mut t), "Ana");
        assert_eq!(safe_name("ana", &mut t), "ana-2");
    }
}
