//! Calibration: how well assay agrees with human graders on the same answers. Pairs every
//! (file, exercise, question) that the human graded or that assay found answered, and reports
//! agreement on the score as a fraction of the question's points, per question and pooled,
//! misconception precision and recall, and the largest disagreements with the rules that fired.

pub mod human;
pub mod metrics;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::batch::Batch;
use crate::cmd::test::explain;
use human::HumanGrades;
use metrics::*;

/// One compared answer.
#[derive(Debug, Clone, Serialize)]
pub struct Pair {
    pub file: String,
    pub exercise: String,
    pub question: u32,
    pub max_score: f64,
    /// Scores as fractions of the question's points.
    pub human: f64,
    pub assay: f64,
    pub human_labels: Vec<String>,
    pub assay_labels: Vec<String>,
    pub fired: String,
}

/// Agreement figures over a set of pairs.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    pub n: usize,
    pub exact: f64,
    pub adjacent: f64,
    pub kappa: Option<f64>,
    pub qwk: Option<f64>,
    pub pearson: Option<f64>,
    /// Mean absolute error, as a fraction of the points.
    pub mae: f64,
    /// Root mean square error in points.
    pub rmse_points: f64,
    pub mean_human: f64,
    pub mean_assay: f64,
    /// Pairs where assay's scale point is above the human's (missed negatives, in pmatch's
    /// terms) and below it (missed positives).
    pub assay_higher: usize,
    pub assay_lower: usize,
    /// `confusion[human][assay]` on the scale.
    pub confusion: Vec<Vec<usize>>,
}

/// Per misconception label: true positives, false positives, false negatives.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LabelCounts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

/// The calibration report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub scale: Vec<f64>,
    pub pooled: Figures,
    pub per_question: BTreeMap<String, Figures>,
    /// `confusion[human][assay]` on the scale.
    pub confusion: Vec<Vec<usize>>,
    pub labels: BTreeMap<String, LabelCounts>,
    pub label_precision: Option<f64>,
    pub label_recall: Option<f64>,
    pub worst: Vec<Pair>,
    /// Human rows whose file assay did not grade (missing or failed).
    pub unmatched: Vec<String>,
    /// Files assay graded that have no human row at all: the instructor graded a sample, not
    /// them. Left out of every figure (counted, their answered questions would all be
    /// disagreements with a human 0).
    pub unrated: Vec<String>,
}

/// The name of the submission `file` (as discovered below the folder `base`) in a
/// human-grades file: relative to `base`.
pub fn relative(file: &str, base: &str) -> String {
    let prefix = if base.ends_with('/') {
        base.to_string()
    } else {
        format!("{base}/")
    };
    file.strip_prefix(&prefix).unwrap_or(file).to_string()
}

/// Compares `batch` (graded from the folder `base`) with `human`.
pub fn compare(
    batch: &Batch,
    base: &str,
    human: &HumanGrades,
    scale: &[f64],
    worst_n: usize,
) -> Report {
    let mut pairs = Vec::new();
    let mut graded_files = std::collections::BTreeSet::new();
    let rated: std::collections::BTreeSet<&str> = human.keys().map(|k| k.0.as_str()).collect();
    let mut unrated = Vec::new();
    for o in &batch.outcomes {
        let Ok(g) = &o.result else { continue };
        let rel = relative(&o.file, base);
        graded_files.insert(rel.clone());
        if !rated.contains(rel.as_str()) {
            unrated.push(rel);
            continue;
        }
        for q in &g.questions {
            let h = human.get(&(rel.clone(), q.exercise.clone(), q.question));
            if h.is_none() && !q.answered {
                continue;
            }
            let max = if q.max_score > 0.0 { q.max_score } else { 1.0 };
            pairs.push(Pair {
                file: rel.clone(),
                exercise: q.exercise.clone(),
                question: q.question,
                max_score: max,
                human: h.map_or(0.0, |h| h.score / max),
                assay: q.score / max,
                human_labels: h.map(|h| h.misconceptions.clone()).unwrap_or_default(),
                assay_labels: q.mistakes.iter().map(|m| m.id.clone()).collect(),
                fired: explain(q),
            });
        }
    }
    let unmatched: Vec<String> = rated
        .iter()
        .filter(|f| !graded_files.contains(**f))
        .map(|f| f.to_string())
        .collect();

    let figures = |ps: &[&Pair]| -> Figures {
        let h: Vec<f64> = ps.iter().map(|p| p.human).collect();
        let a: Vec<f64> = ps.iter().map(|p| p.assay).collect();
        let hp: Vec<f64> = ps.iter().map(|p| p.human * p.max_score).collect();
        let ap: Vec<f64> = ps.iter().map(|p| p.assay * p.max_score).collect();
        let m = confusion(&h, &a, scale);
        let (exact, adjacent) = agreement(&m);
        let n = ps.len().max(1) as f64;
        Figures {
            n: ps.len(),
            exact,
            adjacent,
            kappa: cohen_kappa(&m),
            qwk: quadratic_kappa(&m),
            pearson: pearson(&hp, &ap),
            mae: mae(&h, &a),
            rmse_points: rmse(&hp, &ap),
            mean_human: h.iter().sum::<f64>() / n,
            mean_assay: a.iter().sum::<f64>() / n,
            assay_higher: m
                .iter()
                .enumerate()
                .map(|(i, r)| r.iter().skip(i + 1).sum::<usize>())
                .sum(),
            assay_lower: m
                .iter()
                .enumerate()
                .map(|(i, r)| r.iter().take(i).sum::<usize>())
                .sum(),
            confusion: m,
        }
    };
    let all: Vec<&Pair> = pairs.iter().collect();
    let pooled = figures(&all);
    let mut groups: BTreeMap<String, Vec<&Pair>> = BTreeMap::new();
    for p in &pairs {
        groups
            .entry(format!("{}.{}", p.exercise, p.question))
            .or_default()
            .push(p);
    }
    let per_question = groups
        .iter()
        .map(|(k, ps)| (k.clone(), figures(ps)))
        .collect();
    let h: Vec<f64> = pairs.iter().map(|p| p.human).collect();
    let a: Vec<f64> = pairs.iter().map(|p| p.assay).collect();
    let mut labels: BTreeMap<String, LabelCounts> = BTreeMap::new();
    for p in &pairs {
        for l in &p.assay_labels {
            let c = labels.entry(l.clone()).or_default();
            if p.human_labels.contains(l) {
                c.tp += 1;
            } else {
                c.fp += 1;
            }
        }
        for l in &p.human_labels {
            if !p.assay_labels.contains(l) {
                labels.entry(l.clone()).or_default().fn_ += 1;
            }
        }
    }
    // Misconception agreement only when the human file records misconceptions at all.
    if !human.values().any(|h| !h.misconceptions.is_empty()) {
        labels.clear();
    }
    let (tp, fp, fn_) = labels.values().fold((0, 0, 0), |acc, c| {
        (acc.0 + c.tp, acc.1 + c.fp, acc.2 + c.fn_)
    });
    let (label_precision, label_recall) = precision_recall(tp, fp, fn_);
    let mut worst: Vec<Pair> = pairs.clone();
    worst.sort_by(|x, y| {
        let dx = (x.human - x.assay).abs() * x.max_score;
        let dy = (y.human - y.assay).abs() * y.max_score;
        dy.total_cmp(&dx).then_with(|| {
            (&x.file, &x.exercise, x.question).cmp(&(&y.file, &y.exercise, y.question))
        })
    });
    worst.retain(|p| (p.human - p.assay).abs() > 1e-9 || p.human_labels != p.assay_labels);
    worst.truncate(worst_n);
    Report {
        scale: scale.to_vec(),
        pooled,
        per_question,
        confusion: confusion(&h, &a, scale),
        labels,
        label_precision,
        label_recall,
        worst,
        unmatched,
        unrated,
    }
}
