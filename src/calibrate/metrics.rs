//! Agreement measures between two graders' scores: exact and adjacent agreement, Cohen's
//! kappa and quadratic-weighted kappa on a discrete scale, Pearson r, mean absolute error and
//! root mean square error, and precision/recall of labels.

/// Index of the scale point nearest to `x` (halfway goes to the lower point).
pub fn bucket(x: f64, scale: &[f64]) -> usize {
    let mut best = 0;
    for (i, s) in scale.iter().enumerate() {
        if (s - x).abs() < (scale[best] - x).abs() - 1e-12 {
            best = i;
        }
    }
    best
}

/// The confusion matrix `m[a][b]`: how often grader A gave scale point `a` and B gave `b`.
pub fn confusion(a: &[f64], b: &[f64], scale: &[f64]) -> Vec<Vec<usize>> {
    let k = scale.len();
    let mut m = vec![vec![0usize; k]; k];
    for (x, y) in a.iter().zip(b) {
        m[bucket(*x, scale)][bucket(*y, scale)] += 1;
    }
    m
}

/// Cohen's kappa with weights: `weight(i, j)` is the disagreement weight (0 on the diagonal).
/// Returns `None` when expected disagreement is zero (both graders constant).
fn weighted_kappa(m: &[Vec<usize>], weight: impl Fn(usize, usize) -> f64) -> Option<f64> {
    let k = m.len();
    let n: usize = m.iter().flatten().sum();
    if n == 0 {
        return None;
    }
    let n = n as f64;
    let rows: Vec<f64> = m.iter().map(|r| r.iter().sum::<usize>() as f64).collect();
    let cols: Vec<f64> = (0..k)
        .map(|j| m.iter().map(|r| r[j]).sum::<usize>() as f64)
        .collect();
    let mut observed = 0.0;
    let mut expected = 0.0;
    for i in 0..k {
        for j in 0..k {
            let w = weight(i, j);
            observed += w * m[i][j] as f64 / n;
            expected += w * rows[i] * cols[j] / (n * n);
        }
    }
    (expected > 0.0).then(|| 1.0 - observed / expected)
}

/// Cohen's kappa (unweighted).
pub fn cohen_kappa(m: &[Vec<usize>]) -> Option<f64> {
    weighted_kappa(m, |i, j| if i == j { 0.0 } else { 1.0 })
}

/// Quadratic-weighted kappa.
pub fn quadratic_kappa(m: &[Vec<usize>]) -> Option<f64> {
    let k = m.len().max(2) as f64;
    weighted_kappa(m, |i, j| {
        let d = i as f64 - j as f64;
        d * d / ((k - 1.0) * (k - 1.0))
    })
}

/// Pearson's correlation coefficient; `None` when either side is constant or empty.
pub fn pearson(a: &[f64], b: &[f64]) -> Option<f64> {
    let n = a.len().min(b.len());
    if n < 2 {
        return None;
    }
    let ma = a.iter().sum::<f64>() / n as f64;
    let mb = b.iter().sum::<f64>() / n as f64;
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma) * (x - ma);
        sbb += (y - mb) * (y - mb);
    }
    (saa > 0.0 && sbb > 0.0).then(|| sab / (saa * sbb).sqrt())
}

/// Mean absolute error.
pub fn mae(a: &[f64], b: &[f64]) -> f64 {
    if a.is_empty() {
        return 0.0;
    }
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum::<f64>() / a.len() as f64
}

/// Root mean square error.
pub fn rmse(a: &[f64], b: &[f64]) -> f64 {
    if a.is_empty() {
        return 0.0;
    }
    (a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f64>() / a.len() as f64).sqrt()
}

/// Share of pairs on the same scale point, and within one point.
pub fn agreement(m: &[Vec<usize>]) -> (f64, f64) {
    let n: usize = m.iter().flatten().sum();
    if n == 0 {
        return (0.0, 0.0);
    }
    let mut exact = 0;
    let mut adjacent = 0;
    for (i, row) in m.iter().enumerate() {
        for (j, c) in row.iter().enumerate() {
            if i == j {
                exact += c;
            }
            if i.abs_diff(j) <= 1 {
                adjacent += c;
            }
        }
    }
    (exact as f64 / n as f64, adjacent as f64 / n as f64)
}

/// Precision and recall from counts (`None` when undefined).
pub fn precision_recall(tp: usize, fp: usize, fn_: usize) -> (Option<f64>, Option<f64>) {
    let p = (tp + fp > 0).then(|| tp as f64 / (tp + fp) as f64);
    let r = (tp + fn_ > 0).then(|| tp as f64 / (tp + fn_) as f64);
    (p, r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-3, "{a} vs {b}");
    }

    #[test]
    fn kappa_matches_a_worked_example() {
        // Two raters, yes/no: 20 yes-yes, 5 yes-no, 10 no-yes, 15 no-no (Wikipedia's example).
        let m = vec![vec![20, 5], vec![10, 15]];
        close(cohen_kappa(&m).unwrap(), 0.4);
        let (exact, adjacent) = agreement(&m);
        close(exact, 0.7);
        close(adjacent, 1.0);
    }

    #[test]
    fn quadratic_kappa_rewards_near_misses() {
        let scale = [0.0, 0.25, 0.5, 0.75, 1.0];
        let a = [0.0, 0.25, 0.5, 0.75, 1.0, 1.0];
        let near = [0.0, 0.5, 0.5, 0.75, 0.75, 1.0];
        let far = [1.0, 0.5, 0.5, 0.75, 0.0, 1.0];
        let qn = quadratic_kappa(&confusion(&a, &near, &scale)).unwrap();
        let qf = quadratic_kappa(&confusion(&a, &far, &scale)).unwrap();
        assert!(qn > 0.8 && qf < qn, "{qn} {qf}");
        close(quadratic_kappa(&confusion(&a, &a, &scale)).unwrap(), 1.0);
    }

    #[test]
    fn pearson_and_errors() {
        close(pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]).unwrap(), 1.0);
        close(pearson(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]).unwrap(), -1.0);
        assert_eq!(pearson(&[1.0, 1.0], &[1.0, 2.0]), None);
        close(mae(&[0.0, 1.0], &[0.5, 0.5]), 0.5);
        close(rmse(&[0.0, 0.0], &[3.0, 4.0]), (12.5f64).sqrt());
        assert_eq!(precision_recall(3, 1, 0), (Some(0.75), Some(1.0)));
    }
}
