//! The learner files of an `--out` folder (`reports/<name>.md`, `reports/<name>.html`,
//! `gradescope/<name>.json`): which of them assay wrote, so that a later run removes only
//! those, and the inputs those files would overwrite.
//!
//! A run lists the learner files it wrote in `DIR/.assay-cache/learner-files`, one relative
//! path a line. The next run removes the files of that list it does not write again (a learner
//! no longer graded) and nothing else: a file of the same kind that assay did not write (the
//! instructor's notes in `reports/`, a learner's own `reports/` folder) is never removed. A
//! folder without a list (a first run, or one of assay before 0.3.14) has nothing removed.
//!
//! Nor is such a file ever overwritten: before committing anything, a run checks the learner
//! files it is about to write against what its folders already hold ([`not_ours`]). A file
//! there that no earlier run listed (`grade . --out .` over a course whose learners keep their
//! own `reports/ana.md`) makes the run fail, naming it, with the folder's outputs left as they
//! were. A folder of assay before 0.3.14 has no list, but its `results.json` says which assay
//! wrote it: its learner files are taken as assay's, as they were then.

use std::path::{Path, PathBuf};

use super::out_dir::SUBFOLDERS;
use crate::batch::Found;

/// The list's place in the `--out` folder: beside the results cache, in a hidden folder that
/// grading the `--out` folder itself does not search (the cache removes only folders there).
pub const LIST: &str = ".assay-cache/learner-files";

/// The list's first line.
const HEADER: &str =
    "# assay: the learner files the last --out run wrote here; a later run removes only these";

/// The text of `dir`'s list: empty without one. Read its files with [`listed`].
pub fn read(dir: &Path) -> String {
    std::fs::read_to_string(dir.join(LIST)).unwrap_or_default()
}

/// What stands in `dir` (named as it is there) at the paths of `writes` (relative to `dir`,
/// learner files this run is about to write) when it is not assay's. A file there is assay's
/// when the earlier list `earlier` (the text [`read`] gave) names it, in the same case: on a
/// file system that tells case apart, a listed `Ana.md` says nothing of an `ana.md` beside it.
/// In a folder without a list, nothing is, unless the folder is one of assay before 0.3.14
/// (`written_before_lists`). Each of the folders is read once (not a lookup per file). The
/// file of the very name written is the one checked; where there is none, every name there
/// that differs only in case is: on a file system that ignores case it is the one written
/// over. Hidden files (a run's staged
/// `.<name>.tmp-<pid>`) are no learner files.
pub fn not_ours(dir: &Path, earlier: &str, writes: impl Iterator<Item = String>) -> Vec<String> {
    if earlier.is_empty() && written_before_lists(dir) {
        return Vec::new();
    }
    // Each name there, by its name without case.
    let mut present: crate::fast_hash::FastMap<String, Vec<String>> = Default::default();
    for sub in SUBFOLDERS {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.starts_with('.') {
                let rel = format!("{sub}/{name}");
                present
                    .entry(rel.to_ascii_lowercase())
                    .or_default()
                    .push(rel);
            }
        }
    }
    if present.is_empty() {
        return Vec::new();
    }
    let owned: crate::fast_hash::FastSet<&str> = listed(earlier).map(|(_, _, rel)| rel).collect();
    let mut out = Vec::new();
    for rel in writes {
        let Some(there) = present.get(&rel.to_ascii_lowercase()) else {
            continue;
        };
        // The file of that very name is the one written over, where it is there (a name
        // that differs in case is then another file); else any that differs only in case
        // may be it (a file system that ignores case).
        let exact = there.iter().find(|t| **t == rel);
        let hit = exact.map_or(there.as_slice(), std::slice::from_ref);
        out.extend(hit.iter().filter(|t| !owned.contains(t.as_str())).cloned());
    }
    out
}

/// Whether `dir` was written by an `--out` run of assay before 0.3.14, which kept no list of
/// its learner files: its `results.json` (with `grades.csv` beside it) says so in its
/// `assay_version`. A folder of a later assay whose list is gone (its `.assay-cache` deleted),
/// or results saved there by hand, are not.
fn written_before_lists(dir: &Path) -> bool {
    if !super::out_dir::is_earlier_out(dir) {
        return false;
    }
    let head = std::fs::File::open(dir.join("results.json"))
        .ok()
        .and_then(|f| super::json_read::read_head(f).ok());
    let parts: Option<Vec<u64>> = (head.and_then(|h| h.assay_version))
        .and_then(|v| v.split('.').map(|p| p.parse().ok()).collect());
    matches!(parts.as_deref(), Some([major, minor, patch]) if (*major, *minor, *patch) < (0, 3, 14))
}

/// Whether the folder `sub` (`reports` or `gradescope`) of the `--out` folder `dir` holds
/// only learner files assay wrote there (the list names them, or the folder is one of assay
/// before 0.3.14), hidden files aside; false when it cannot be read. Such a folder is no
/// input of a run into `dir`; one holding anything else (a learner's own `reports/ana.md`)
/// is accounted for as before.
pub fn holds_only_ours(dir: &Path, sub: &str) -> bool {
    let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
        return false;
    };
    let earlier = read(dir);
    if earlier.is_empty() && written_before_lists(dir) {
        return true;
    }
    let ours: std::collections::HashSet<&str> = listed(&earlier).map(|(_, _, rel)| rel).collect();
    entries.flatten().all(|e| {
        let name = e.file_name().to_string_lossy().into_owned();
        name.starts_with('.') || ours.contains(format!("{sub}/{name}").as_str())
    })
}

/// The learner files a list's `text` names, as (folder, learner file name, path relative to
/// the `--out` folder): only paths that name a learner file assay could have written
/// (anything else in an edited list is ignored, so that the list can never make assay remove
/// a file outside its folders).
pub fn listed(text: &str) -> impl Iterator<Item = (&str, &str, &str)> {
    text.lines().filter_map(|rel| {
        let (sub, name) = learner_file(rel)?;
        Some((sub, name, rel))
    })
}

/// A list's first line, to which [`push`] adds the files.
pub fn header() -> String {
    format!("{HEADER}\n")
}

/// Adds to a list the files of the learner file name `name`: the Gradescope file, and the
/// two reports when `graded`.
pub fn push(list: &mut String, name: &str, graded: bool) {
    for rel in files_of(name, graded) {
        list.push_str(&rel);
        list.push('\n');
    }
}

/// The learner files `--out` writes for the learner file name `name`, relative to its folder.
pub fn files_of(name: &str, graded: bool) -> impl Iterator<Item = String> {
    let reports = graded.then(|| [format!("reports/{name}.md"), format!("reports/{name}.html")]);
    std::iter::once(format!("gradescope/{name}.json")).chain(reports.into_iter().flatten())
}

/// `rel`'s folder and learner file name when it is a path `--out` writes a learner file at:
/// `reports/<name>.md`, `reports/<name>.html` or `gradescope/<name>.json`, the name as
/// [`super::out_dir::safe_name`] makes them (no folder, no leading dot).
fn learner_file(rel: &str) -> Option<(&str, &str)> {
    let (sub, file) = rel.split_once('/')?;
    let (name, ext) = file.rsplit_once('.')?;
    let ext_ok = match sub {
        "reports" => ext == "md" || ext == "html",
        "gradescope" => ext == "json",
        _ => false,
    };
    let name_ok = !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    (ext_ok && name_ok).then_some((sub, name))
}

/// Removes from `dir` each file the list `earlier` names that `kept(folder, name, path)` does not
/// keep, if it is a regular file (not a link, not a folder). A file that cannot be removed
/// stays (the run has succeeded).
pub fn remove_unwritten(dir: &Path, earlier: &str, kept: impl Fn(&str, &str, &str) -> bool) {
    for (sub, name, rel) in listed(earlier) {
        if kept(sub, name, rel) {
            continue;
        }
        let path = dir.join(rel);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Whether `a` and `b` are one file (on a file system that ignores case, `Ana.md` and
/// `ana.md`). Off Unix, where that is not told here, they are taken to be.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        true
    }
}

/// The inputs of `found` that lie in a folder `--out dir` writes learner files into
/// (`dir/reports`, `dir/gradescope`): writing the reports could overwrite them, and the next
/// run would grade the reports instead. Folders are compared as canonical paths, each
/// distinct folder of the inputs resolved once; an input that is a link is also followed (and
/// said to be one).
pub fn inputs_in_out_folders(found: &Found, dir: &Path) -> Vec<String> {
    let targets: Vec<PathBuf> = SUBFOLDERS
        .iter()
        .filter_map(|s| std::fs::canonicalize(dir.join(s)).ok())
        .collect();
    if targets.is_empty() {
        return Vec::new();
    }
    let mut resolved: std::collections::HashMap<&Path, bool> = Default::default();
    let mut out = Vec::new();
    for input in &found.inputs {
        let folder = match input.path().parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let inside = *resolved
            .entry(folder)
            .or_insert_with(|| std::fs::canonicalize(folder).is_ok_and(|f| targets.contains(&f)));
        // A file that is a link into one of them, from a folder outside: its target would be
        // overwritten as well.
        let linked_in = || {
            std::fs::symlink_metadata(input.path()).is_ok_and(|m| m.file_type().is_symlink())
                && std::fs::canonicalize(input.path())
                    .is_ok_and(|f| f.parent().is_some_and(|p| targets.iter().any(|t| t == p)))
        };
        if inside {
            out.push(input.file().to_string());
        } else if linked_in() {
            out.push(format!("{} (a link into them)", input.file()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_of_learner_files_are_read_from_the_list() {
        for ok in ["reports/ana.md", "reports/a-2.html", "gradescope/s_1.json"] {
            assert!(learner_file(ok).is_some(), "{ok}");
        }
        for bad in [
            "reports/../x.md",
            "reports/sub/x.md",
            "/etc/passwd",
            "reports/.hidden.md",
            "reports/x.json",
            "gradescope/x.md",
            "results.json",
            "reports/.md",
            "reports/a b.md",
            "",
        ] {
            assert!(learner_file(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn a_list_reads_back_what_was_written() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(listed(&read(dir.path())).count(), 0);
        let mut t = header();
        push(&mut t, "ana", true);
        push(&mut t, "ben", false);
        t.push_str("../escape.md\n");
        std::fs::create_dir_all(dir.path().join(LIST).parent().unwrap()).unwrap();
        std::fs::write(dir.path().join(LIST), t).unwrap();
        let text = read(dir.path());
        let rels: Vec<&str> = listed(&text).map(|(_, _, rel)| rel).collect();
        assert_eq!(
            rels,
            [
                "gradescope/ana.json",
                "reports/ana.md",
                "reports/ana.html",
                "gradescope/ben.json"
            ]
        );
    }

    #[test]
    fn a_file_is_ours_only_when_listed_or_in_a_folder_of_assay_before_the_list() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let writes =
            || ["reports/ana.md", "reports/ben.md", "gradescope/ana.json"].map(String::from);
        // Nothing there: nothing refused, with a list or without.
        assert!(not_ours(d, "", writes().into_iter()).is_empty());
        std::fs::create_dir_all(d.join("reports")).unwrap();
        for f in ["reports/Ana.md", "reports/ben.md", "reports/.ana.md.tmp-1"] {
            std::fs::write(d.join(f), "x").unwrap();
        }
        // No list: everything there is someone else's.
        assert_eq!(
            not_ours(d, "", writes().into_iter()),
            ["reports/Ana.md", "reports/ben.md"]
        );
        // A list names what assay wrote, in its case: `ANA.md` is not the `Ana.md` there.
        let listed = |names: &str| format!("{}{names}", header());
        assert_eq!(
            not_ours(d, &listed("reports/Ana.md\n"), writes().into_iter()),
            ["reports/ben.md"]
        );
        assert_eq!(
            not_ours(d, &listed("reports/ANA.md\n"), writes().into_iter()),
            ["reports/Ana.md", "reports/ben.md"]
        );
        // Where the very name is there, another that differs in case is another file (on a
        // file system that tells case apart).
        if cfg!(target_os = "linux") {
            std::fs::write(d.join("reports/ana.md"), "x").unwrap();
            assert_eq!(
                not_ours(d, &listed("reports/ana.md\n"), writes().into_iter()),
                ["reports/ben.md"]
            );
            std::fs::remove_file(d.join("reports/ana.md")).unwrap();
        }
        // Results beside them, but no list: only a folder of assay before 0.3.14 (which
        // kept none) has its files taken as assay's, not one whose list was deleted.
        std::fs::write(d.join("grades.csv"), "x").unwrap();
        for (version, ours) in [
            ("0.3.13", true),
            ("0.2.9", true),
            ("0.3.14", false),
            ("1.0.0", false),
        ] {
            std::fs::write(
                d.join("results.json"),
                format!(
                    "{{\n  \"schema_version\": 2,\n  \"assay_version\": \"{version}\",\n  \"submissions\": []}}\n"
                ),
            )
            .unwrap();
            assert_eq!(
                not_ours(d, "", writes().into_iter()).is_empty(),
                ours,
                "{version}"
            );
        }
        std::fs::write(d.join("results.json"), "[]").unwrap();
        assert!(!not_ours(d, "", writes().into_iter()).is_empty());
    }

    #[test]
    fn only_listed_regular_files_not_kept_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("reports")).unwrap();
        for f in ["reports/ana.md", "reports/ben.md", "reports/notes.md"] {
            std::fs::write(d.join(f), "x").unwrap();
        }
        let earlier = format!("{}reports/ana.md\nreports/ben.md\n", header());
        remove_unwritten(d, &earlier, |_, name, _| name == "ana");
        assert!(d.join("reports/ana.md").exists());
        assert!(!d.join("reports/ben.md").exists());
        assert!(d.join("reports/notes.md").exists());
    }
}
