//! Cohort statistics for the dashboard, over graded submissions only (failed inputs are listed,
//! not counted). For an item (a question or an exercise) with scores `x` out of `max` and the
//! learners' totals `t`:
//! - **facility**: mean of `x / max` (0 = nobody scored, 1 = everybody full marks);
//! - **discrimination**: the corrected point-biserial, Pearson's r between `x` and the rest of
//!   the total `t − x` (so the item does not correlate with itself); `None` when either side is
//!   constant or fewer than 2 learners;
//! - **upper–lower index**: mean `x / max` of the top 27 % of learners by total minus that of
//!   the bottom 27 % (at least one learner each; ties broken by the order of the results);
//!   `None` with fewer than 2 learners;
//! - **unanswered**: learners who did not answer (for an exercise: answers missing, over
//!   learners × questions).

use crate::calibrate::metrics::pearson;

/// Statistics of one item.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ItemStats {
    /// Learners counted.
    pub n: usize,
    pub max_score: f64,
    /// Mean score in points.
    pub mean: Option<f64>,
    pub facility: Option<f64>,
    pub discrimination: Option<f64>,
    pub upper_lower: Option<f64>,
    pub unanswered: usize,
    /// `unanswered` over the answers expected.
    pub unanswered_rate: Option<f64>,
    /// The same in percent, one decimal.
    pub unanswered_percent: Option<f64>,
}

/// Rounds to 3 decimals for display and stable output.
pub fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The statistics of an item: `scores[i]` and `totals[i]` are learner i's score on the item and
/// total; `unanswered` of `expected` answers were missing.
pub fn item(
    scores: &[f64],
    totals: &[f64],
    max: f64,
    unanswered: usize,
    expected: usize,
) -> ItemStats {
    let n = scores.len();
    let frac = |x: f64| if max > 0.0 { x / max } else { 0.0 };
    let mean = (n > 0).then(|| scores.iter().sum::<f64>() / n as f64);
    let rest: Vec<f64> = scores.iter().zip(totals).map(|(x, t)| t - x).collect();
    let upper_lower = (n >= 2).then(|| {
        let k = ((n as f64 * 0.27).round() as usize).max(1);
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| totals[a].total_cmp(&totals[b]).then(a.cmp(&b)));
        let avg =
            |idx: &[usize]| idx.iter().map(|&i| frac(scores[i])).sum::<f64>() / idx.len() as f64;
        round3(avg(&order[n - k..]) - avg(&order[..k]))
    });
    ItemStats {
        n,
        max_score: max,
        mean: mean.map(round3),
        facility: mean.map(|m| round3(frac(m))),
        discrimination: pearson(scores, &rest).map(round3),
        upper_lower,
        unanswered,
        unanswered_rate: (expected > 0).then(|| round3(unanswered as f64 / expected as f64)),
        unanswered_percent: (expected > 0)
            .then(|| (unanswered as f64 / expected as f64 * 1000.0).round() / 10.0),
    }
}

/// Counts of `fractions` (each in [0, 1]) in `bins` equal bins; 1 falls in the last bin.
pub fn histogram(fractions: &[f64], bins: usize) -> Vec<usize> {
    let mut out = vec![0; bins.max(1)];
    let last = out.len() - 1;
    for &f in fractions {
        let i = ((f.clamp(0.0, 1.0) * out.len() as f64 + 1e-9).floor() as usize).min(last);
        out[i] += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facility_and_discrimination_of_a_discriminating_item() {
        // The item goes with the rest of the test: strong learners score, weak ones do not.
        let scores = [0.0, 0.0, 0.5, 1.0, 1.0];
        let totals = [1.0, 2.0, 3.5, 5.0, 6.0];
        let s = item(&scores, &totals, 1.0, 1, 5);
        assert_eq!(s.facility, Some(0.5));
        assert!(s.discrimination.unwrap() > 0.9, "{s:?}");
        // k = round(5 × 0.27) = 1: top learner 1.0, bottom learner 0.0.
        assert_eq!(s.upper_lower, Some(1.0));
        assert_eq!(s.unanswered_rate, Some(0.2));
    }

    #[test]
    fn constant_items_have_no_discrimination_and_empty_items_no_facility() {
        let s = item(&[1.0, 1.0, 1.0], &[2.0, 3.0, 4.0], 1.0, 0, 3);
        assert_eq!(s.discrimination, None);
        assert_eq!(s.upper_lower, Some(0.0));
        let e = item(&[], &[], 1.0, 0, 0);
        assert_eq!(
            (e.facility, e.upper_lower, e.unanswered_rate),
            (None, None, None)
        );
    }

    #[test]
    fn histogram_bins_are_closed_at_the_top() {
        assert_eq!(
            histogram(&[0.0, 0.05, 0.1, 0.55, 0.99, 1.0], 10),
            vec![2, 1, 0, 0, 0, 1, 0, 0, 0, 2]
        );
    }
}
