//! The cohort dashboard for the instructor (`index.html` in `--out`, from `index.html.tera`).
//! Contract: one self-contained page (see `html`) with the score distribution as an inline SVG
//! bar chart (and the same counts as a table); per exercise and question the mean score,
//! facility, discrimination (corrected point-biserial), upper–lower index and unanswered rate
//! (see `stats`); how many learners hold each misconception, with links to their reports; every
//! learner with score and link to the report; inputs that failed, with the reason; paths
//! skipped; flagged answers and near-duplicate submissions (see `flagged`). Tables with class
//! `sortable` sort on a click of their column heads through one inline script, allowed by its
//! sha256 in the page's Content-Security-Policy; without the script the page still reads in
//! full. The dashboard shows instructor-only material (it is for instructors).

use serde::Serialize;
use tera::Tera;

use super::feedback::{flag_label, percent, render};
use super::flagged::Duplicate;
use super::html::csp_with_script;
use super::stats::{ItemStats, histogram, item};
use super::tally::Tally;
use crate::batch::Batch;
use crate::batch::Summary as BatchSummary;
use crate::batch::similarity::DEFAULT_THRESHOLD;
use crate::rubric::{Rubric, Visibility};

/// The sorting script: click a column head to sort by it (again to reverse). A cell's
/// `data-sort` attribute, when present, is its sort key; numbers sort as numbers.
pub const SORT_SCRIPT: &str = r#"
document.querySelectorAll("table.sortable").forEach(function (table) {
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, col) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var key = function (row) {
        var cell = row.cells[col];
        var v = cell.getAttribute("data-sort");
        return v === null ? cell.textContent.trim() : v;
      };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b), nx = parseFloat(x), ny = parseFloat(y);
        var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, undefined, { numeric: true });
        return asc ? c : -c;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
"#;

/// The context of `index.html.tera`. Documented in `docs/output-formats.md`.
#[derive(Debug, Serialize)]
pub struct Dashboard {
    pub assay_version: &'static str,
    pub csp: String,
    pub sort_script: &'static str,
    pub rubric: RubricInfo,
    pub summary: Summary,
    pub distribution: Distribution,
    pub exercises: Vec<ExerciseRow>,
    pub misconceptions: Vec<MisconceptionRow>,
    pub learners: Vec<LearnerRow>,
    /// Graded learners beyond the [`MAX_LISTED`] listed.
    pub learners_more: usize,
    pub failed: Vec<FailedRow>,
    pub failed_more: usize,
    pub skipped: Vec<SkippedRow>,
    pub flagged: Vec<FlaggedRow>,
    pub flagged_more: usize,
    pub duplicates: Vec<DuplicateRow>,
    pub duplicates_more: usize,
    /// The similarity from which submissions are near-duplicates, in percent.
    pub duplicate_threshold: f64,
}

#[derive(Debug, Serialize)]
pub struct RubricInfo {
    pub id: String,
    pub title: String,
    pub version: Option<String>,
    pub hash: String,
    pub max_score: f64,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub found: usize,
    pub graded: usize,
    pub failed: usize,
    pub skipped: usize,
    /// Mean and median score in percent of the maximum (`None` when nothing was graded).
    pub mean_percent: Option<f64>,
    pub median_percent: Option<f64>,
}

/// The score distribution: 10 bins of 10 percentage points, with the geometry of the bars of
/// an SVG `width` × `height` chart (plot area from `left` to `width`, `top` to `bottom`).
#[derive(Debug, Serialize)]
pub struct Distribution {
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub top: f64,
    pub bottom: f64,
    pub max_count: usize,
    pub bins: Vec<Bin>,
}

#[derive(Debug, Serialize)]
pub struct Bin {
    /// `0–10 %` … `90–100 %`.
    pub label: String,
    pub count: usize,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// The middle of the bar, for labels.
    pub center: f64,
}

#[derive(Debug, Serialize)]
pub struct ExerciseRow {
    pub id: String,
    pub title: String,
    pub stats: ItemStats,
    pub questions: Vec<QuestionRow>,
}

#[derive(Debug, Serialize)]
pub struct QuestionRow {
    /// `<exercise>/<number>`.
    pub id: String,
    /// Position in the sheet, from 1 (the sort key of the question column).
    pub order: usize,
    pub number: u32,
    pub prompt: String,
    pub stats: ItemStats,
    /// Learners holding a misconception in this answer.
    pub misconceptions: usize,
}

#[derive(Debug, Serialize)]
pub struct MisconceptionRow {
    pub id: String,
    pub title: String,
    /// Learners who hold it at least once.
    pub learners: usize,
    /// `learners` in percent of the graded submissions.
    pub percent: f64,
    /// Where it was held: `<exercise>/<number>` with counts.
    pub questions: Vec<Count>,
    pub holders: Vec<LearnerRef>,
    /// Holders beyond the [`MAX_HOLDERS`] named.
    pub holders_more: usize,
    /// True when a rule recording it is instructor-only (learners are not told).
    pub instructor_only: bool,
}

#[derive(Debug, Serialize)]
pub struct Count {
    pub id: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct LearnerRef {
    pub learner: String,
    pub file: String,
    /// The report's path relative to the dashboard (`reports/<name>.html`).
    pub report: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct LearnerRow {
    #[serde(flatten)]
    pub who: LearnerRef,
    pub score: f64,
    pub max_score: f64,
    pub percent: f64,
    pub answered: usize,
    pub questions: usize,
    pub misconceptions: usize,
    pub flags: usize,
}

#[derive(Debug, Serialize)]
pub struct FailedRow {
    pub file: String,
    pub learner: String,
    pub error: String,
}

#[derive(Debug, Serialize)]
pub struct SkippedRow {
    pub file: String,
    pub reason: String,
}

#[derive(Debug, Serialize)]
pub struct FlaggedRow {
    #[serde(flatten)]
    pub who: LearnerRef,
    pub kind: &'static str,
    pub label: &'static str,
    /// `<exercise>/<number>`.
    pub question: String,
    pub rule: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct DuplicateRow {
    pub a: LearnerRef,
    pub b: LearnerRef,
    pub percent: f64,
}

/// At most this many rows in each list of the page (learners, flagged answers, near-duplicate
/// pairs, failed inputs); the counts above each list stay exact, and a note says how many more
/// there are (every learner is in `grades.csv`).
pub const MAX_LISTED: usize = 5000;
/// At most this many holders named per misconception.
pub const MAX_HOLDERS: usize = 500;

/// Builds the dashboard's context. `reports[i]` is the report file name (without extension)
/// of `batch.outcomes[i]`, if it has one. An error only if the near-duplicate signatures
/// could not be kept in, or read back from, their temporary file.
pub fn dashboard(
    rubric: &Rubric,
    batch: &Batch,
    reports: &[Option<String>],
) -> std::io::Result<Dashboard> {
    let mut tally = Tally::new(rubric);
    for o in &batch.outcomes {
        tally.add(rubric, o)?;
    }
    let duplicates = tally.duplicates()?;
    Ok(from_tally(rubric, &tally, duplicates, batch, &|i| {
        reports.get(i).cloned().flatten()
    }))
}

/// Builds the dashboard's context from a tally of the inputs and its near-duplicate pairs
/// ([`Tally::duplicates`]); `batch` names them (file and learner, in the tally's order) and
/// lists the paths skipped, `report(i)` is input i's report file name, if it has one.
pub fn from_tally(
    rubric: &Rubric,
    tally: &Tally,
    all_duplicates: Vec<Duplicate>,
    batch: &dyn BatchSummary,
    report: &dyn Fn(usize) -> Option<String>,
) -> Dashboard {
    let skipped = batch.skipped();
    let who = |i: usize| {
        let e = batch.entry(i);
        LearnerRef {
            learner: e.learner.to_string(),
            file: e.file.to_string(),
            report: report(i).map(|n| format!("reports/{n}.html")),
        }
    };
    let graded = &tally.graded;
    let max = crate::grade::question::round6(rubric.max_score());
    let totals: Vec<f64> = graded.iter().map(|g| g.score).collect();
    let fractions: Vec<f64> = graded
        .iter()
        .map(|g| {
            if g.max_score > 0.0 {
                g.score / g.max_score
            } else {
                0.0
            }
        })
        .collect();

    let mut exercises = Vec::new();
    let mut order = 0;
    let mut column = 0;
    for (ei, ex) in rubric.exercises.iter().enumerate() {
        let ex_scores = tally.exercise(ei);
        let ex_max: f64 = ex.questions.iter().map(|q| q.points).sum();
        let mut questions = Vec::new();
        for q in &ex.questions {
            let scores = tally.column(column);
            order += 1;
            questions.push(QuestionRow {
                id: format!("{}/{}", ex.id, q.number),
                order,
                number: q.number,
                prompt: q.prompt.clone(),
                stats: item(
                    &scores,
                    &totals,
                    q.points,
                    tally.unanswered[column],
                    scores.len(),
                ),
                misconceptions: tally.with_misconception[column],
            });
            column += 1;
        }
        exercises.push(ExerciseRow {
            id: ex.id.clone(),
            title: ex.title.clone(),
            stats: item(
                &ex_scores,
                &totals,
                ex_max,
                tally.exercise_unanswered[ei],
                graded.len() * ex.questions.len(),
            ),
            questions,
        });
    }

    let misconceptions = misconception_rows(rubric, tally, &who);

    let learners = graded
        .iter()
        .take(MAX_LISTED)
        .map(|g| LearnerRow {
            who: who(g.input),
            score: g.score,
            max_score: g.max_score,
            percent: percent(g.score, g.max_score),
            answered: g.answered,
            questions: g.questions,
            misconceptions: g.misconceptions,
            flags: g.flags,
        })
        .collect();
    let failed = tally
        .failed
        .iter()
        .take(MAX_LISTED)
        .map(|f| FailedRow {
            file: batch.entry(f.input).file.to_string(),
            learner: batch.entry(f.input).learner.to_string(),
            error: f.error.clone(),
        })
        .collect();
    let flagged = tally
        .flagged
        .iter()
        .take(MAX_LISTED)
        .map(|f| {
            let label = match f.kind {
                "keyword-list" => flag_label(&crate::grade::Flag::KeywordList).1,
                "copied-prompt" => flag_label(&crate::grade::Flag::CopiedPrompt).1,
                _ => {
                    flag_label(&crate::grade::Flag::Contradiction {
                        rule: String::new(),
                    })
                    .1
                }
            };
            FlaggedRow {
                who: who(f.outcome),
                kind: f.kind,
                label,
                question: format!("{}/{}", f.exercise, f.question),
                rule: f.rule.clone(),
            }
        })
        .collect();
    let duplicates_more = all_duplicates.len().saturating_sub(MAX_LISTED);
    let duplicates = all_duplicates
        .into_iter()
        .take(MAX_LISTED)
        .map(|d| DuplicateRow {
            a: who(d.a),
            b: who(d.b),
            percent: (d.similarity * 1000.0).round() / 10.0,
        })
        .collect();

    let mut sorted = fractions.clone();
    sorted.sort_by(f64::total_cmp);
    let median = (!sorted.is_empty()).then(|| {
        let n = sorted.len();
        if n % 2 == 1 {
            sorted[n / 2]
        } else {
            (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
        }
    });
    let mean =
        (!fractions.is_empty()).then(|| fractions.iter().sum::<f64>() / fractions.len() as f64);
    Dashboard {
        assay_version: env!("CARGO_PKG_VERSION"),
        csp: csp_with_script(SORT_SCRIPT),
        sort_script: SORT_SCRIPT,
        rubric: RubricInfo {
            id: rubric.id.clone(),
            title: rubric.title.clone(),
            version: rubric.version.clone(),
            hash: rubric.hash.clone(),
            max_score: max,
        },
        summary: Summary {
            found: tally.inputs + skipped.len(),
            graded: graded.len(),
            failed: tally.failed_total,
            skipped: skipped.len(),
            mean_percent: mean.map(|m| (m * 1000.0).round() / 10.0),
            median_percent: median.map(|m| (m * 1000.0).round() / 10.0),
        },
        distribution: distribution(&fractions),
        exercises,
        misconceptions,
        learners,
        learners_more: graded.len().saturating_sub(MAX_LISTED),
        failed,
        failed_more: tally.failed_total.saturating_sub(MAX_LISTED),
        skipped: skipped
            .iter()
            .map(|s| SkippedRow {
                file: s.file.clone(),
                reason: s.reason.clone(),
            })
            .collect(),
        flagged,
        flagged_more: tally.flagged_total.saturating_sub(MAX_LISTED),
        duplicates,
        duplicates_more,
        duplicate_threshold: DEFAULT_THRESHOLD * 100.0,
    }
}

/// Every misconception of the catalogue, most held first (then by id).
fn misconception_rows(
    rubric: &Rubric,
    tally: &Tally,
    who: &dyn Fn(usize) -> LearnerRef,
) -> Vec<MisconceptionRow> {
    let graded = tally.graded.len();
    let mut rows = Vec::new();
    for (id, m) in &rubric.misconceptions {
        let holders = tally.holders.get(id).map_or(&[][..], Vec::as_slice);
        let instructor_only = rubric.exercises.iter().flat_map(|e| &e.questions).any(|q| {
            q.mistakes
                .iter()
                .any(|r| &r.id == id && r.visibility == Visibility::Instructor)
                || q.numbers.iter().any(|n| {
                    n.visibility == Visibility::Instructor
                        && n.answers.iter().any(|a| a.mistake.as_deref() == Some(id))
                })
        });
        rows.push(MisconceptionRow {
            id: id.clone(),
            title: m.title.clone(),
            learners: holders.len(),
            percent: if graded == 0 {
                0.0
            } else {
                (holders.len() as f64 / graded as f64 * 1000.0).round() / 10.0
            },
            questions: tally
                .held_at
                .get(id)
                .into_iter()
                .flatten()
                .map(|((ei, n), count)| Count {
                    id: format!("{}/{n}", rubric.exercises[*ei].id),
                    count: *count,
                })
                .collect(),
            holders: holders
                .iter()
                .take(MAX_HOLDERS)
                .map(|&g| who(tally.graded[g].input))
                .collect(),
            holders_more: holders.len().saturating_sub(MAX_HOLDERS),
            instructor_only,
        });
    }
    rows.sort_by(|a, b| b.learners.cmp(&a.learners).then(a.id.cmp(&b.id)));
    rows
}

/// The bars of the score distribution.
fn distribution(fractions: &[f64]) -> Distribution {
    let counts = histogram(fractions, 10);
    let (width, height, left, top, bottom) = (640.0, 260.0, 40.0, 20.0, 220.0);
    let max_count = counts.iter().copied().max().unwrap_or(0);
    let slot = (width - left) / counts.len() as f64;
    let bins = counts
        .iter()
        .enumerate()
        .map(|(i, &count)| {
            let h = if max_count > 0 {
                (bottom - top) * count as f64 / max_count as f64
            } else {
                0.0
            };
            let x = left + slot * i as f64 + 4.0;
            Bin {
                label: format!("{}–{} %", i * 10, (i + 1) * 10),
                count,
                x,
                y: bottom - h,
                width: slot - 8.0,
                height: h,
                center: x + (slot - 8.0) / 2.0,
            }
        })
        .collect();
    Distribution {
        width,
        height,
        left,
        top,
        bottom,
        max_count,
        bins,
    }
}

/// Renders the dashboard.
pub fn render_dashboard(
    tera: &Tera,
    rubric: &Rubric,
    batch: &Batch,
    reports: &[Option<String>],
) -> anyhow::Result<String> {
    Ok(render(
        tera,
        "index.html.tera",
        &dashboard(rubric, batch, reports)?,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{templates, testing};

    #[test]
    fn the_dashboard_counts_the_cohort() {
        let r = testing::rubric();
        let b = testing::batch(&r);
        let names = vec![Some("ben".to_string()), None, Some("cleo".to_string())];
        let d = dashboard(&r, &b, &names).unwrap();
        assert_eq!(
            (
                d.summary.found,
                d.summary.graded,
                d.summary.failed,
                d.summary.skipped
            ),
            (4, 2, 1, 1)
        );
        assert_eq!(d.learners.len(), 2);
        assert_eq!(
            d.learners[0].who.report.as_deref(),
            Some("reports/ben.html")
        );
        assert_eq!(d.failed.len(), 1);
        assert_eq!(
            d.distribution.bins.iter().map(|b| b.count).sum::<usize>(),
            2
        );
        let sticky = d
            .misconceptions
            .iter()
            .find(|m| m.id == "sticky-is-fine")
            .unwrap();
        assert_eq!(sticky.learners, 1);
        assert_eq!(sticky.holders[0].learner, "ben");
        assert_eq!(d.exercises[0].questions.len(), 2);
    }

    #[test]
    fn near_duplicates_are_the_same_with_signatures_in_a_temporary_file() {
        let r = testing::rubric();
        let mut b = testing::batch(&r);
        let copy = testing::CLEO
            .replace("learner: cleo", "learner: dan")
            .replace("RAM", "memory");
        b.outcomes
            .push(testing::outcome(&r, "subs/dan.yaml", &copy));
        let rows = |limit: usize| {
            let mut tally = Tally::new(&r).with_signature_memory(limit);
            for o in &b.outcomes {
                tally.add(&r, o).unwrap();
            }
            let pairs = tally.duplicates().unwrap();
            let d = from_tally(&r, &tally, pairs, &b, &|_| None);
            d.duplicates
                .iter()
                .map(|p| (p.a.learner.clone(), p.b.learner.clone(), p.percent))
                .collect::<Vec<_>>()
        };
        let in_memory = rows(usize::MAX);
        assert_eq!(in_memory.len(), 1, "{in_memory:?}");
        assert_eq!(
            (in_memory[0].0.as_str(), in_memory[0].1.as_str()),
            ("cleo", "dan")
        );
        assert_eq!(rows(0), in_memory);
    }

    #[test]
    fn the_page_allows_exactly_its_own_script() {
        let r = testing::rubric();
        let b = testing::batch(&r);
        let tera = templates::load(None).unwrap().tera;
        let html = render_dashboard(
            &tera,
            &r,
            &b,
            &[Some("ben".into()), None, Some("cleo".into())],
        )
        .unwrap();
        let hash = super::super::html::script_hash(SORT_SCRIPT);
        assert!(html.contains(&format!("script-src '{hash}'")), "{html}");
        assert!(
            html.contains(&format!("<script>{SORT_SCRIPT}</script>")),
            "the hashed text is the script"
        );
        assert_eq!(html.matches("<script").count(), 1);
        assert!(html.contains("<svg"), "{html}");
        assert!(
            html.contains("href=\"reports&#x2F;ben.html\"")
                || html.contains("href=\"reports/ben.html\""),
            "{html}"
        );
    }
}
