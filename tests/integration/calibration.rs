//! Calibration guards: assay's agreement with human graders, on data it was not tuned on,
//! stays at least at the level measured when this was written (see calibration/README.md).
//! `bash calibration/run.sh` prints the full reports.

use serde_json::Value;

use super::util::{assay, stderr};

fn calibrate(args: &[&str]) -> Value {
    let mut all = vec!["calibrate"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json", "--worst", "0"]);
    let out = assay(&all);
    assert!(
        matches!(out.status.code(), Some(0) | Some(2)),
        "{}",
        stderr(&out)
    );
    serde_json::from_slice(&out.stdout).expect("calibrate JSON")
}

fn pooled(v: &Value, key: &str) -> f64 {
    v["pooled"][key].as_f64().unwrap_or(f64::NAN)
}

#[test]
fn mohler_pooled_pearson_beats_the_best_system_of_the_paper() {
    let v = calibrate(&[
        "calibration/mohler/rubric.yaml",
        "calibration/mohler/answers",
        "--human",
        "calibration/mohler/human-grades.csv",
        "--scale",
        "0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1",
    ]);
    assert_eq!(v["pooled"]["n"], 413);
    let r = pooled(&v, "pearson");
    assert!(r > 0.518, "pooled r on Mohler {r:.3} must beat 0.518");
}

#[test]
fn saf_agreement_holds() {
    let v = calibrate(&[
        "calibration/saf/rubric.yaml",
        "calibration/saf/answers",
        "--human",
        "calibration/saf/human-grades.csv",
    ]);
    assert_eq!(v["pooled"]["n"], 463);
    let r = pooled(&v, "pearson");
    assert!(r >= 0.40, "pooled r on SAF {r:.3}");
}

/// Checks a held-out workshop set against the targets: QWK and misconception
/// precision and recall.
fn held_out_set_holds(set: &str, min_qwk: f64, min_precision: f64, min_recall: f64) {
    let grades = format!("{set}/human-grades.csv");
    let v = calibrate(&["rubrics/scaling-workshop.yaml", set, "--human", &grades]);
    let qwk = pooled(&v, "qwk");
    let precision = v["label_precision"].as_f64().unwrap();
    let recall = v["label_recall"].as_f64().unwrap();
    eprintln!("{set}: QWK {qwk:.3}, misconception precision {precision:.3}, recall {recall:.3}");
    assert!(qwk >= min_qwk, "{set}: QWK {qwk:.3}");
    assert!(
        precision >= min_precision,
        "{set}: misconception precision {precision:.3}"
    );
    assert!(
        recall >= min_recall,
        "{set}: misconception recall {recall:.3}"
    );
}

#[test]
fn workshop_development_set_agreement_holds() {
    held_out_set_holds("calibration/workshop-dev", 0.85, 0.90, 0.85);
}

/// The second held-out set (a new writer, session 3): never tuned on, items never opened.
#[test]
fn workshop_fresh_set_agreement_holds() {
    held_out_set_holds("calibration/workshop-fresh", 0.85, 0.90, 0.84);
}

/// The third held-out set (a new writer, session 28; first measured at QWK 0.831, precision
/// 0.922, recall 0.810): never tuned on, items never opened.
#[test]
fn workshop_fresh2_set_agreement_holds() {
    held_out_set_holds("calibration/workshop-fresh2", 0.80, 0.88, 0.78);
}

/// The fourth held-out set (a new writer, session 38; first measured at QWK 0.815, precision
/// 0.893, recall 0.827): never tuned on, items never opened.
#[test]
fn workshop_fresh3_set_agreement_holds() {
    held_out_set_holds("calibration/workshop-fresh3", 0.85, 0.86, 0.79);
}

/// The fifth held-out set (a new writer, session 42; first measured at QWK 0.887, precision
/// 0.923, recall 0.941): never tuned on, items never opened.
#[test]
fn workshop_fresh4_set_agreement_holds() {
    held_out_set_holds("calibration/workshop-fresh4", 0.85, 0.88, 0.88);
}

/// The sixth held-out set (a new writer, session 49; first measured at QWK 0.821, precision
/// 0.829, recall 0.840): never tuned on, items never opened.
#[test]
fn workshop_fresh5_set_agreement_holds() {
    held_out_set_holds("calibration/workshop-fresh5", 0.87, 0.79, 0.80);
}

/// The seventh held-out set (a new writer asked for ordinary coursework, session 51; first
/// measured at QWK 0.931, precision 0.867, recall 0.912 by the code at the session's start):
/// never tuned on, items never opened.
#[test]
fn workshop_fresh6_set_agreement_holds() {
    held_out_set_holds("calibration/workshop-fresh6", 0.89, 0.83, 0.87);
}

/// The eighth held-out set (a new writer asked for an international cohort, half writing
/// English as a second language and a few extremely terse, session 52; first measured at
/// QWK 0.844, precision 0.877, recall 0.803 by the code at the session's start): never tuned
/// on, items never opened.
#[test]
fn workshop_fresh7_set_agreement_holds() {
    held_out_set_holds("calibration/workshop-fresh7", 0.83, 0.84, 0.77);
}

/// The ninth held-out set (a new writer asked for a professional-certificate cohort, several
/// of whom polish their answers with an AI assistant: fluent, hedged, vague; session 53,
/// first measured at QWK 0.779, precision 0.804, recall 0.849 by the code at the session's
/// start, and once more at QWK 0.851 at the end of session 54): never tuned on, items never
/// opened.
#[test]
fn workshop_fresh8_set_agreement_holds() {
    held_out_set_holds("calibration/workshop-fresh8", 0.82, 0.77, 0.83);
}

/// The tenth held-out set (a new writer asked for an online professional course whose
/// learners cite others, "my team lead says", "the lecture said", endorsing, rejecting or
/// only reporting them; session 55, first measured at QWK 0.827, precision 0.868, recall
/// 0.885 by the code at the session's start, and at QWK 0.830 at its end): never tuned on,
/// items never opened.
#[test]
fn workshop_fresh9_set_agreement_holds() {
    held_out_set_holds("calibration/workshop-fresh9", 0.80, 0.84, 0.85);
}

/// The eleventh held-out set (a new writer asked for an online evening course whose learners
/// mix up terms, pass on hearsay, ask rhetorical questions and correct themselves; session 56,
/// first measured at QWK 0.881, precision 0.841, recall 0.921 by the code at the session's
/// start, and at QWK 0.886 at its end): never tuned on, items never opened.
#[test]
fn workshop_fresh10_set_agreement_holds() {
    held_out_set_holds("calibration/workshop-fresh10", 0.85, 0.82, 0.88);
}

/// The twelfth held-out set (a new writer asked for an online course whose learners try to
/// look right rather than be right: keyword stuffing, bluffing, hedging both ways, copied
/// prompts, unshown evidence; session 57, first measured at QWK 0.902, precision 0.869,
/// recall 0.855 by the code at the session's start, and the same at its end): never tuned on,
/// items never opened.
#[test]
fn workshop_fresh11_set_agreement_holds() {
    held_out_set_holds("calibration/workshop-fresh11", 0.87, 0.84, 0.82);
}

/// The thirteenth held-out set (a new writer asked for a GitHub Classroom cohort writing
/// GitHub-flavoured Markdown: answers crossed out with `~~…~~` and rewritten, LaTeX math in the
/// capacity plan, task lists, code and config blocks, `<details>`, emoji; session 58, first
/// measured at QWK 0.875, precision 0.789, recall 0.882 by the code at the session's start,
/// and at QWK 0.894, precision 0.857 with the struck-text reading, written before the set
/// arrived; 0.900 and 0.870 at the session's end): never tuned on, items never opened.
#[test]
fn workshop_fresh12_set_agreement_holds() {
    held_out_set_holds("calibration/workshop-fresh12", 0.86, 0.82, 0.85);
}

/// The fourteenth held-out set (a new writer asked for "paraphrasers and near misses": an
/// evening professional course whose learners describe ideas in plain words instead of the
/// textbook terms, and answers that miss exactly one key point or a tolerance; session 59,
/// first measured at QWK 0.923, precision 0.981, recall 0.867 by the code at the session's
/// start, and the same at its end): never tuned on, items never opened.
#[test]
fn workshop_fresh13_set_agreement_holds() {
    held_out_set_holds("calibration/workshop-fresh13", 0.91, 0.95, 0.85);
}

/// The fifteenth held-out set (a new writer asked for answers typed on phones or transcribed
/// from paper scripts: lowercase, little punctuation, run-on sentences, autocorrect slips,
/// texting shorthand, numbers in words; session 60, first measured at QWK 0.913, precision
/// 0.930, recall 0.946 by the code at the session's start): never tuned on, items never
/// opened.
#[test]
fn workshop_fresh14_set_agreement_holds() {
    held_out_set_holds("calibration/workshop-fresh14", 0.90, 0.90, 0.90);
}

/// The tuning sets (tuned on: these guard against regressions, they are not evidence).
#[test]
fn workshop_tuning_sets_agreement_holds() {
    // (set, QWK floor, misconception precision floor)
    for (set, min_qwk, min_precision) in [
        ("submissions", 0.93, 0.90),
        ("calibration/workshop-tune", 0.88, 0.90),
        ("calibration/workshop-tune2", 0.85, 0.90),
        ("calibration/workshop-tune3", 0.85, 0.90),
        ("calibration/workshop-tune4", 0.80, 0.90),
        ("calibration/workshop-tune5", 0.80, 0.90),
        ("calibration/workshop-tune6", 0.88, 0.90),
        ("calibration/workshop-tune7", 0.86, 0.90),
        ("calibration/workshop-tune8", 0.88, 0.90),
        ("calibration/workshop-tune9", 0.88, 0.90),
        ("calibration/workshop-tune10", 0.90, 0.90),
        ("calibration/workshop-tune11", 0.88, 0.90),
        ("calibration/workshop-tune12", 0.88, 0.90),
        ("calibration/workshop-tune13", 0.89, 0.90),
        // non-native and terse writers: 0.708 and precision 0.875 before session 52
        ("calibration/workshop-tune14", 0.82, 0.85),
        // AI-polished, fluent but vague writers: 0.823 and precision 0.804 before session 54
        ("calibration/workshop-tune15", 0.88, 0.80),
        // reported speech and sources: 0.897 (one YAML form refused) before session 55
        ("calibration/workshop-tune16", 0.92, 0.95),
        // terminology mix-ups, hearsay, rhetorical questions: 0.863 before session 56
        ("calibration/workshop-tune17", 0.89, 0.90),
        // learners who try to look right (keyword stuffing, bluffing, hedging): 0.909 and
        // precision 0.812 before session 57
        ("calibration/workshop-tune18", 0.90, 0.78),
        // GitHub-flavoured Markdown (struck-through answers, LaTeX, task lists): 0.905 and
        // precision 0.945 before session 58
        ("calibration/workshop-tune19", 0.93, 0.95),
        // paraphrasers and near misses: 0.838 and precision 0.902 before session 59
        ("calibration/workshop-tune20", 0.88, 0.95),
        // typed on phones or transcribed from paper: 0.912 before session 60
        ("calibration/workshop-tune21", 0.92, 0.90),
    ] {
        let grades = format!("{set}/human-grades.csv");
        let v = calibrate(&["rubrics/scaling-workshop.yaml", set, "--human", &grades]);
        let qwk = pooled(&v, "qwk");
        let precision = v["label_precision"].as_f64().unwrap();
        let recall = v["label_recall"].as_f64().unwrap();
        eprintln!("{set}: QWK {qwk:.3}, misconceptions P {precision:.3} R {recall:.3}");
        assert!(qwk >= min_qwk, "{set}: QWK {qwk:.3}");
        assert!(
            precision >= min_precision,
            "{set}: misconception precision {precision:.3}"
        );
        assert!(recall >= 0.85, "{set}: misconception recall {recall:.3}");
    }
}

/// A submissions folder that is not there is said to be missing, not blamed on every row of
/// the human grades.
#[test]
fn a_missing_submissions_folder_is_named() {
    let args = |dir: &'static str| {
        [
            "calibrate",
            "rubrics/scaling-workshop.yaml",
            dir,
            "--human",
            "submissions/human-grades.csv",
        ]
    };
    let out = assay(&args("no-such-folder"));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "error: no-such-folder: no such folder\n");
    let out = assay(&args("README.md"));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: README.md is not a folder"),
        "{}",
        stderr(&out)
    );
}
