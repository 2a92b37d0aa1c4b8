//! Helpers: run the `assay` binary from the project root, and redact temporary paths.

use std::path::Path;
use std::process::Output;

/// The project root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `assay` with `args` in the project root.
pub fn assay(args: &[&str]) -> Output {
    assert_cmd::Command::cargo_bin("assay")
        .expect("binary")
        .current_dir(root())
        .args(args)
        .output()
        .expect("run assay")
}

/// stdout as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Replaces `dir` (a temporary folder) by `[TMP]` in `text`.
pub fn redact(text: &str, dir: &Path) -> String {
    text.replace(&dir.display().to_string(), "[TMP]")
}

/// Every file below `dir`, sorted, but the results cache (`.assay-cache/`, not an output).
pub fn output_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out: Vec<std::path::PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| e.file_name() != ".assay-cache")
        .map(|e| e.expect("walk").into_path())
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}
