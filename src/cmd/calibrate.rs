//! `assay calibrate RUBRIC DIR --human GRADES.csv`: agreement with human grades, printed as a
//! report (or JSON), exiting 1 when a `--min-*`/`--max-*` threshold is not met.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::batch::{BatchOptions, Summary, discover, run_batch};
use crate::calibrate::{Figures, Report, compare, human, relative};
use crate::cli::{CalibrateArgs, Format};
use crate::exit_code;
use crate::report::human::printable;

fn opt(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_string(), |v| format!("{v:.3}"))
}

fn row(name: &str, f: &Figures) -> String {
    format!(
        "{name:<24} {:>5} {:>6.1}% {:>6.1}% {:>6} {:>6} {:>6} {:>6.3} {:>6.3} {:>5.2} {:>5.2} {:>5} {:>5}\n",
        f.n,
        f.exact * 100.0,
        f.adjacent * 100.0,
        opt(f.kappa),
        opt(f.qwk),
        opt(f.pearson),
        f.mae,
        f.rmse_points,
        f.mean_human,
        f.mean_assay,
        f.assay_higher,
        f.assay_lower
    )
}

/// The human-readable report.
pub fn render(r: &Report) -> String {
    let mut s = String::new();
    let head = format!(
        "{:<24} {:>5} {:>7} {:>7} {:>6} {:>6} {:>6} {:>6} {:>6} {:>5} {:>5} {:>5} {:>5}\n",
        "",
        "n",
        "exact",
        "adj.",
        "kappa",
        "QWK",
        "r",
        "MAE",
        "RMSE",
        "human",
        "assay",
        "high",
        "low"
    );
    s.push_str(&head);
    s.push_str(&row("pooled", &r.pooled));
    s.push_str(
        "\nper question (MAE as a fraction of the points, RMSE in points, means as fractions):\n",
    );
    s.push_str(&head);
    for (k, f) in &r.per_question {
        s.push_str(&row(k, f));
    }
    let labels: Vec<String> = r.scale.iter().map(|x| format!("{x}")).collect();
    let _ = writeln!(
        s,
        "\nconfusion (rows: human, columns: assay) on the scale {}:",
        labels.join(", ")
    );
    for (i, rowv) in r.confusion.iter().enumerate() {
        let cells: Vec<String> = rowv.iter().map(|c| format!("{c:>5}")).collect();
        let _ = writeln!(s, "{:>6} {}", labels[i], cells.join(""));
    }
    if !r.labels.is_empty() {
        let _ = writeln!(
            s,
            "\nmisconceptions: precision {}, recall {}",
            opt(r.label_precision),
            opt(r.label_recall)
        );
        for (l, c) in &r.labels {
            let _ = writeln!(
                s,
                "  {l:<32} tp {:>3}  fp {:>3}  fn {:>3}",
                c.tp, c.fp, c.fn_
            );
        }
    }
    if !r.worst.is_empty() {
        let _ = writeln!(s, "\nlargest disagreements:");
        for p in &r.worst {
            let _ = writeln!(
                s,
                "  {} {}.{}: human {} [{}], assay {} [{}]\n      {}",
                p.file,
                p.exercise,
                p.question,
                p.human * p.max_score,
                p.human_labels.join(", "),
                p.assay * p.max_score,
                p.assay_labels.join(", "),
                p.fired
            );
        }
    }
    if !r.unmatched.is_empty() {
        let _ = writeln!(
            s,
            "\nhuman grades for files assay did not grade: {}",
            r.unmatched.join(", ")
        );
    }
    if !r.unrated.is_empty() {
        let _ = writeln!(
            s,
            "\nleft out, graded by assay but with no human grade (no row at all): {} file{}: {}",
            r.unrated.len(),
            if r.unrated.len() == 1 { "" } else { "s" },
            r.unrated.join(", ")
        );
    }
    s
}

/// Prints every problem of the human-grades file, then how many there are.
fn report_grades_errors(errs: &human::GradesErrors) {
    eprintln!("{errs}");
    let n = errs.0.len();
    eprintln!(
        "assay: the human grades have {n} problem{}",
        if n == 1 { "" } else { "s" }
    );
}

pub fn run(args: &CalibrateArgs) -> u8 {
    let Some(rubric) = super::load_or_report(&args.rubric) else {
        return exit_code::ERROR;
    };
    let mut scale = args.scale.clone();
    scale.sort_by(f64::total_cmp);
    scale.dedup();
    if scale.len() < 2 || scale.iter().any(|x| !(0.0..=1.0).contains(x)) {
        eprintln!("error: --scale takes at least two fractions from 0 to 1");
        return exit_code::ERROR;
    }
    // The grades name files below this folder: a missing folder (or a file) would make every
    // row name a file that is not there, and the error would seem to be the grades'.
    if !args.submissions.is_dir() {
        let path = printable(&args.submissions.display().to_string());
        if args.submissions.exists() {
            eprintln!(
                "error: {path} is not a folder: calibrate grades the folder whose files the human grades name"
            );
        } else {
            eprintln!("error: {path}: no such folder");
        }
        return exit_code::ERROR;
    }
    let found = discover(std::slice::from_ref(&args.submissions));
    // The grades must be of this rubric and these submissions: a row that names neither
    // would count as a disagreement (or hide one), so it stops the run before grading.
    let base = args.submissions.display().to_string();
    let submitted: BTreeSet<String> = (found.inputs.iter().map(|i| i.file()))
        .chain(found.failed.iter().map(|(f, _)| f.as_str()))
        .map(|f| relative(f, &base))
        .collect();
    let grades = match human::load(&args.human, rubric, &submitted) {
        Ok(g) => g,
        Err(e) => {
            report_grades_errors(&e);
            return exit_code::ERROR;
        }
    };
    let batch = run_batch(rubric, found, &BatchOptions::with_jobs(args.jobs));
    for o in &batch.outcomes {
        if let Err(e) = &o.result {
            eprintln!("error: {e}");
        }
    }
    let report = compare(&batch, &base, &grades, &scale, args.worst);
    let text = match args.format {
        Format::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        ),
        Format::Human => render(&report),
    };
    if let Err(code) = super::stdout::write(&text) {
        return code;
    }
    let mut failed = Vec::new();
    let p = &report.pooled;
    let below = |name: &str, got: Option<f64>, min: Option<f64>, failed: &mut Vec<String>| {
        if let Some(min) = min {
            // A figure that is not a number (NaN) never meets a threshold.
            if got.is_none_or(|g| g.is_nan() || g < min) {
                failed.push(format!("{name} {} < {min}", opt(got)));
            }
        }
    };
    below("QWK", p.qwk, args.min_qwk, &mut failed);
    below("kappa", p.kappa, args.min_kappa, &mut failed);
    below("Pearson r", p.pearson, args.min_pearson, &mut failed);
    below(
        "exact agreement",
        Some(p.exact),
        args.min_exact,
        &mut failed,
    );
    below(
        "misconception precision",
        report.label_precision,
        args.min_precision,
        &mut failed,
    );
    below(
        "misconception recall",
        report.label_recall,
        args.min_recall,
        &mut failed,
    );
    if let Some(max) = args.max_mae {
        if p.mae.is_nan() || p.mae > max {
            failed.push(format!("MAE {:.3} > {max}", p.mae));
        }
    }
    for f in &failed {
        eprintln!("calibrate: below threshold: {f}");
    }
    if batch.failed() > 0 {
        exit_code::ERROR
    } else if failed.is_empty() {
        exit_code::OK
    } else {
        exit_code::FINDINGS
    }
}
