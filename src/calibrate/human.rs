//! Reading a human-grades file (docs/human-grades-format.md): CSV with a header
//! `file,exercise,question,score,misconceptions`, `#` comment lines, labels separated by `;`.

use std::collections::BTreeMap;
use std::path::Path;

/// One human grade.
#[derive(Debug, Clone, PartialEq)]
pub struct HumanGrade {
    pub score: f64,
    pub misconceptions: Vec<String>,
}

/// Human grades keyed by (file, exercise, question).
pub type HumanGrades = BTreeMap<(String, String, u32), HumanGrade>;

/// Reads a human-grades file; errors name the file and line.
pub fn read(path: &Path) -> Result<HumanGrades, String> {
    let name = path.display();
    let mut rdr = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .flexible(true)
        .from_path(path)
        .map_err(|e| format!("{name}: cannot read: {e}"))?;
    let headers = rdr.headers().map_err(|e| format!("{name}: {e}"))?.clone();
    let col = |h: &str| headers.iter().position(|x| x.trim() == h);
    let (Some(f), Some(ex), Some(q), Some(s)) =
        (col("file"), col("exercise"), col("question"), col("score"))
    else {
        return Err(format!(
            "{name}:1: the header must name file, exercise, question, score (and optionally misconceptions)"
        ));
    };
    let m = col("misconceptions");
    let mut out = HumanGrades::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| format!("{name}: {e}"))?;
        let line = rec.position().map_or(0, |p| p.line());
        let get = |i: usize| rec.get(i).unwrap_or("").trim();
        let question: u32 = get(q)
            .parse()
            .map_err(|_| format!("{name}:{line}: question `{}` is not a whole number", get(q)))?;
        let score: f64 = get(s)
            .parse()
            .map_err(|_| format!("{name}:{line}: score `{}` is not a number", get(s)))?;
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
        let key = (get(f).replace('\\', "/"), get(ex).to_string(), question);
        if out
            .insert(
                key.clone(),
                HumanGrade {
                    score,
                    misconceptions,
                },
            )
            .is_some()
        {
            return Err(format!(
                "{name}:{line}: a second row for {} {} {}",
                key.0, key.1, key.2
            ));
        }
    }
    Ok(out)
}
