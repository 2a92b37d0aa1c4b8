//! Runs the numeric test vectors (`tests/data/numeric_vectors.tsv`: Moodle's `qtype_numerical`
//! and PrairieLearn's own tests, plus boundary cases derived from PrairieLearn's formulas)
//! through assay's `numeric` module and asserts each row's `expected_result`.
//!
//! - Tolerance rows: the expected and submitted values are read with `parse_number` (and the
//!   submitted one must read identically with `read_numbers`), then `Tolerance::accepts`.
//! - Moodle parsing rows: `parse_quantity_with` and the question's own unit table.
//! - Moodle grading rows: Moodle's answer-matching and unit-penalty loop (`grade_response`,
//!   `get_matching_answer`, `apply_unit_penalty`) re-expressed here on top of assay's
//!   primitives; the penalty model itself belongs to the grading engine, not to `numeric`.
//! - PrairieLearn `pl-units-input` rows: `parse_quantity`, `parse_unit`, `convert` and
//!   `Tolerance::RelAbs` / `Tolerance::Exact`.
//!
//! Rows where assay deliberately differs are listed in `SKIPPED` with the reason (and the
//! behaviour assay has instead, which is asserted); see `tests/data/numeric_vectors.md`.

use assay::numeric::{
    Dimension, Quantity, Tolerance, Unit, UnitSide, UnitTable, convert, parse_number,
    parse_quantity, parse_quantity_with, parse_unit, read_numbers,
};

const TSV: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/numeric_vectors.tsv"
);

/// Data rows in the file.
const TOTAL_ROWS: usize = 228;
/// Rows that must be checked; the test fails if fewer are.
const MIN_CHECKED: usize = 222;

/// What assay does instead on a skipped row (asserted, so a change is noticed).
#[derive(Debug, Clone, Copy)]
enum Instead {
    /// `parse_number(submitted)` is `None`: not a number for assay.
    NotANumber,
    /// The row's tolerance rejects the (non-finite) pair.
    Rejected,
}

struct Skip {
    /// 1-based data row (the header is row 0).
    row: usize,
    /// The row's `submitted` field, to catch renumbering.
    submitted: &'static str,
    reason: &'static str,
    instead: Instead,
}

/// Rows assay does not reproduce, on purpose.
const SKIPPED: &[Skip] = &[
    // Moodle with decsep=',' reads "3,14159" as 3.14159. assay does not support decimal
    // commas: a comma before exactly three digits is a thousands separator, any other comma
    // is punctuation (so `3,14159` is not one number).
    Skip {
        row: 80,
        submitted: "3,14159",
        reason: "decimal comma (assay: unsupported, documented)",
        instead: Instead::NotANumber,
    },
    // numpy.allclose treats equal infinities as close; assay never accepts a non-finite value.
    Skip {
        row: 175,
        submitted: "inf",
        reason: "PrairieLearn relabs accepts inf == inf (assay: NaN/inf never accepted)",
        instead: Instead::Rejected,
    },
    // PrairieLearn sigfig compares infinite expected values by equality; assay rejects them.
    Skip {
        row: 208,
        submitted: "inf",
        reason: "PrairieLearn sigfig accepts inf == inf (assay: NaN/inf never accepted)",
        instead: Instead::Rejected,
    },
    // PrairieLearn sigfig accepts NaN for a NaN expected value; assay rejects NaN.
    Skip {
        row: 209,
        submitted: "nan",
        reason: "PrairieLearn sigfig accepts NaN for NaN (assay: NaN/inf never accepted)",
        instead: Instead::Rejected,
    },
    // Complex numbers: assay reads real numbers only.
    Skip {
        row: 227,
        submitted: "(1.04+2.04j)",
        reason: "complex number (assay: real numbers only)",
        instead: Instead::NotANumber,
    },
    Skip {
        row: 228,
        submitted: "(1.06+2j)",
        reason: "complex number (assay: real numbers only)",
        instead: Instead::NotANumber,
    },
];

#[derive(Debug)]
struct Row {
    n: usize,
    kind: String,
    correct: String,
    params: String,
    submitted: String,
    expected: String,
}

fn load() -> Vec<Row> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .quote(b'"')
        .from_path(TSV)
        .unwrap_or_else(|e| panic!("cannot read {TSV}: {e}"));
    let headers = rdr.headers().expect("header row").clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("missing column {name}"))
    };
    let (kind, correct, params, submitted, expected) = (
        col("comparison_kind"),
        col("correct_value"),
        col("tolerance_params"),
        col("submitted"),
        col("expected_result"),
    );
    rdr.records()
        .enumerate()
        .map(|(i, rec)| {
            let rec = rec.unwrap_or_else(|e| panic!("row {}: {e}", i + 1));
            let f = |c: usize| rec.get(c).unwrap_or("").to_string();
            Row {
                n: i + 1,
                kind: f(kind),
                correct: f(correct),
                params: f(params),
                submitted: f(submitted),
                expected: f(expected),
            }
        })
        .collect()
}

type Check = Result<(), String>;

fn ensure(ok: bool, msg: impl FnOnce() -> String) -> Check {
    if ok { Ok(()) } else { Err(msg()) }
}

/// `key=value` pairs of a `;`-separated parameter string.
fn param<'a>(params: &'a str, key: &str) -> Option<&'a str> {
    params.split(';').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k.trim() == key).then_some(v.trim())
    })
}

fn num_param(params: &str, key: &str) -> Result<f64, String> {
    let v = param(params, key).ok_or_else(|| format!("no `{key}` in {params:?}"))?;
    if v.starts_with("''") {
        return Ok(0.0); // Moodle's blank tolerance, treated as 0
    }
    parse_number(v).ok_or_else(|| format!("`{key}={v}` is not a number"))
}

/// Non-finite values as a YAML rubric or a Python test can hold them; the learner-text
/// reader never produces these.
fn non_finite(s: &str) -> Option<f64> {
    match s.trim() {
        "inf" => Some(f64::INFINITY),
        "-inf" => Some(f64::NEG_INFINITY),
        "nan" => Some(f64::NAN),
        _ => None,
    }
}

fn expected_value(s: &str) -> Result<f64, String> {
    parse_number(s)
        .or_else(|| non_finite(s))
        .ok_or_else(|| format!("correct value {s:?} does not parse"))
}

/// The learner's value: `parse_number`, and `read_numbers` must find the same single number.
fn submitted_value(s: &str) -> Result<f64, String> {
    if let Some(v) = non_finite(s) {
        return Ok(v);
    }
    let v = parse_number(s).ok_or_else(|| format!("submitted {s:?} does not parse"))?;
    let found = read_numbers(s);
    ensure(
        found.len() == 1 && found[0].value == v && found[0].raw == s.trim(),
        || format!("read_numbers({s:?}) = {found:?}, parse_number = {v}"),
    )?;
    Ok(v)
}

fn expected_bool(row: &Row) -> Result<bool, String> {
    match row.expected.as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        other => Err(format!("expected_result {other:?} is not a boolean")),
    }
}

fn expected_fraction(row: &Row) -> Result<f64, String> {
    parse_number(&row.expected)
        .ok_or_else(|| format!("expected_result {:?} is not a number", row.expected))
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    a == b || (a - b).abs() <= rel * a.abs().max(b.abs())
}

fn tolerance_of(row: &Row) -> Result<Tolerance, String> {
    let p = row.params.as_str();
    Ok(match row.kind.as_str() {
        "moodle_nominal" => Tolerance::MoodleNominal {
            tol: num_param(p, "tolerance")?,
        },
        "moodle_relative" => Tolerance::MoodleRelative {
            tol: num_param(p, "tolerance")?,
        },
        "moodle_geometric" => Tolerance::Geometric {
            tol: num_param(p, "tolerance")?,
        },
        "pl_relabs" => Tolerance::RelAbs {
            rtol: num_param(p, "rtol")?,
            atol: num_param(p, "atol")?,
        },
        "pl_sigfig" | "pl_decdig" => {
            let d = num_param(p, "digits")?;
            let digits = u32::try_from(d as i64).map_err(|e| e.to_string())?;
            if row.kind == "pl_sigfig" {
                Tolerance::SigFig { digits }
            } else {
                Tolerance::DecDig { digits }
            }
        }
        k => return Err(format!("no tolerance for kind {k}")),
    })
}

fn check_tolerance(row: &Row) -> Check {
    let tol = tolerance_of(row)?;
    let e = expected_value(&row.correct)?;
    let g = submitted_value(&row.submitted)?;
    let want = expected_bool(row)?;
    let got = tol.accepts(e, g);
    ensure(got == want, || {
        format!("{tol:?}.accepts({e:e}, {g:e}) = {got}, want {want}")
    })
}

// ---------------------------------------------------------------- Moodle unit tables

/// A Moodle question's units (`units={m:1,cm:100}`): unit `u` with multiplier `k` means
/// `1 base = k u`, so assay's factor (to the question's base unit) is `1 / k`. The dimension
/// is the one assay's built-in table gives any of the names (Moodle has no dimensions).
struct MoodleUnits {
    table: UnitTable,
    base: Option<Unit>,
    left: bool,
}

fn moodle_units(params: &str) -> Result<MoodleUnits, String> {
    let left = params.contains("LEFT");
    let Some(open) = params.find("units={") else {
        return Ok(MoodleUnits {
            table: UnitTable::empty(),
            base: None,
            left,
        });
    };
    let body = &params[open + "units={".len()..];
    let body = &body[..body.find('}').ok_or("unclosed units={")?];
    let mut pairs = Vec::new();
    for item in body.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let (name, mult) = item
            .split_once(':')
            .ok_or_else(|| format!("bad unit {item:?}"))?;
        let mult = parse_number(mult.trim()).ok_or_else(|| format!("bad multiplier {mult:?}"))?;
        pairs.push((name.trim().to_string(), mult));
    }
    let dimension = pairs
        .iter()
        .find_map(|(name, _)| parse_unit(name).map(|u| u.dimension))
        .unwrap_or(Dimension::Count);
    let base_name = pairs
        .iter()
        .find(|(_, m)| *m == 1.0)
        .map(|(n, _)| n.clone());
    let mut table = UnitTable::empty();
    for (name, mult) in &pairs {
        table = table.with_unit(name, Unit::new(dimension, 1.0 / mult, name.clone()));
    }
    let base = Some(Unit::new(dimension, 1.0, base_name.unwrap_or_default()));
    Ok(MoodleUnits { table, base, left })
}

/// Moodle reads unit text only on the side the question puts units.
fn side_ok(q: &Quantity, left: bool) -> bool {
    match q.unit_side {
        None => true,
        Some(UnitSide::Before) => left,
        Some(UnitSide::After) => !left,
    }
}

fn check_apply_units(row: &Row) -> Check {
    let mu = moodle_units(&row.params)?;
    let got = parse_quantity_with(&row.submitted, &mu.table);
    let exp = &row.expected;
    let value = param(exp, "value").ok_or("no value=")?;
    if value == "null" {
        return ensure(got.is_none(), || {
            format!("{:?} parsed as {got:?}", row.submitted)
        });
    }
    let q = got.ok_or_else(|| format!("{:?} did not parse", row.submitted))?;
    let want_value = parse_number(value).ok_or("bad expected value")?;
    ensure(close(q.value, want_value, 1e-12), || {
        format!("value {} want {want_value}", q.value)
    })?;
    ensure(side_ok(&q, mu.left), || {
        format!("unit on the wrong side: {q:?}")
    })?;
    let unit = param(exp, "unit").unwrap_or("");
    ensure(q.unit_text == unit, || {
        format!("unit text {:?} want {unit:?}", q.unit_text)
    })?;
    match param(exp, "multiplier").unwrap_or("null") {
        "null" => ensure(q.unit.is_none(), || {
            format!("unit {:?} should be unknown", q.unit)
        }),
        m => {
            let want = parse_number(m).ok_or("bad multiplier")?;
            let got = q
                .unit
                .as_ref()
                .map(|u| u.factor)
                .ok_or("unit not recognised")?;
            ensure(close(got, want, 1e-9), || {
                format!("multiplier {got} want {want}")
            })
        }
    }
}

fn check_parse_response(row: &Row) -> Check {
    let mu = moodle_units(&row.params)?;
    let got = parse_quantity_with(&row.submitted, &mu.table);
    let (_, parts) = row.expected.split_once('=').ok_or("bad expected_result")?;
    if parts == "null" {
        return ensure(got.is_none(), || {
            format!("{:?} parsed as {got:?}", row.submitted)
        });
    }
    let f: Vec<&str> = parts.split('|').collect();
    let [int, frac, exp, unit] = f[..] else {
        return Err(format!("bad parts {parts:?}"));
    };
    let q = got.ok_or_else(|| format!("{:?} did not parse", row.submitted))?;
    let or0 = |s: &str| {
        if s.is_empty() || s == "+" || s == "-" {
            format!("{s}0")
        } else {
            s.to_string()
        }
    };
    let canonical = format!("{}.{}e{}", or0(int), or0(frac), or0(exp));
    let want: f64 = canonical.parse().map_err(|e| format!("{canonical}: {e}"))?;
    ensure(q.value == want, || {
        format!("value {} want {want} ({canonical})", q.value)
    })?;
    ensure(q.decimals as usize == frac.len(), || {
        format!("decimals {} want {}", q.decimals, frac.len())
    })?;
    ensure(q.unit_text == unit, || {
        format!("unit text {:?} want {unit:?}", q.unit_text)
    })
}

// ---------------------------------------------------------------- Moodle grading

#[derive(Debug, Clone, Copy, PartialEq)]
enum Penalty {
    /// No unit grading (`UNITOPTIONAL`, or a question without units).
    None,
    /// `UNITGRADED` / `UNITGRADEDOUTOFMARK`: a fraction of the matched answer's mark.
    OfMark(f64),
    /// `UNITGRADEDOUTOFMAX`: a fraction of the maximum mark.
    OfMax(f64),
}

struct MoodleAnswer {
    /// `None` for the catch-all `*`.
    value: Option<f64>,
    tol: f64,
    fraction: f64,
}

fn moodle_answers(params: &str) -> Result<Vec<MoodleAnswer>, String> {
    let open = params.find('[').ok_or("no answers")?;
    let close = params.find(']').ok_or("no answers")?;
    params[open + 1..close]
        .split(';')
        .map(|a| {
            let (lhs, frac) = a
                .split_once("->")
                .ok_or_else(|| format!("bad answer {a:?}"))?;
            let fraction = parse_number(frac.trim()).ok_or("bad fraction")?;
            let lhs = lhs.trim();
            if lhs == "*" {
                return Ok(MoodleAnswer {
                    value: None,
                    tol: 0.0,
                    fraction,
                });
            }
            let (v, t) = lhs
                .split_once(" tol ")
                .ok_or_else(|| format!("bad answer {a:?}"))?;
            Ok(MoodleAnswer {
                value: Some(parse_number(v).ok_or("bad answer value")?),
                tol: parse_number(t).ok_or("bad answer tolerance")?,
                fraction,
            })
        })
        .collect()
}

fn moodle_penalty(params: &str) -> Result<Penalty, String> {
    let kind = param(params, "unitgradingtype").unwrap_or("none");
    let p = || num_param(params, "unitpenalty");
    Ok(if kind.starts_with("UNITGRADEDOUTOFMAX") {
        Penalty::OfMax(p()?)
    } else if kind.starts_with("UNITGRADED") {
        Penalty::OfMark(p()?)
    } else {
        Penalty::None
    })
}

/// Moodle's `grade_response` for one response, with assay's parsing, units and tolerance.
fn moodle_grade(row: &Row) -> Result<f64, String> {
    let answers = moodle_answers(&row.params)?;
    let penalty = moodle_penalty(&row.params)?;
    let mu = moodle_units(&row.params)?;
    let separate_field = row.params.contains("chosen from select");
    let (value, unit) = if separate_field {
        let answer = param(&row.submitted, "answer").unwrap_or("");
        let unit = param(&row.submitted, "unit").unwrap_or("");
        let Some(v) = parse_number(answer) else {
            return Ok(0.0);
        };
        (
            v,
            if unit.is_empty() {
                None
            } else {
                mu.table.lookup(unit)
            },
        )
    } else {
        match parse_quantity_with(&row.submitted, &mu.table) {
            Some(q) if side_ok(&q, mu.left) => (q.value, q.unit),
            _ => return Ok(0.0),
        }
    };
    // get_matching_answer: try the value converted to the base unit, then the raw value.
    let scaled = match (&unit, &mu.base) {
        (Some(u), Some(base)) => convert(value, u, base),
        _ => None,
    };
    for a in &answers {
        let within = |v: f64| {
            a.value
                .is_none_or(|x| Tolerance::MoodleNominal { tol: a.tol }.accepts(x, v))
        };
        let unit_right = if within(scaled.unwrap_or(value)) {
            scaled.is_some()
        } else if within(value) {
            false
        } else {
            continue;
        };
        // apply_unit_penalty
        let f = a.fraction;
        let graded = match penalty {
            _ if unit_right => f,
            Penalty::None => f,
            Penalty::OfMark(p) => f - p * f,
            Penalty::OfMax(p) => f - p,
        };
        return Ok(graded.max(0.0));
    }
    Ok(0.0)
}

fn check_grade(row: &Row) -> Check {
    let got = moodle_grade(row)?;
    let want = expected_fraction(row)?;
    ensure(close(got, want, 1e-12), || {
        format!("grade {got} want {want}")
    })
}

// ---------------------------------------------------------------- PrairieLearn units

fn quantity(s: &str) -> Result<(f64, Unit), String> {
    let q = parse_quantity(s).ok_or_else(|| format!("{s:?} does not parse"))?;
    let unit = q
        .unit
        .ok_or_else(|| format!("{s:?}: unknown unit {:?}", q.unit_text))?;
    Ok((q.value, unit))
}

fn check_pl_units(row: &Row) -> Check {
    let p = row.params.as_str();
    match row.kind.as_str() {
        "pl_units_only" => {
            let want = expected_bool(row)?;
            let correct = row.correct.strip_prefix("units=").ok_or("no units=")?;
            let e = parse_unit(correct).ok_or_else(|| format!("unit {correct:?} unknown"))?;
            let got = parse_unit(&row.submitted).is_some_and(|g| g == e);
            ensure(got == want, || format!("same unit {got}, want {want}"))
        }
        "pl_units_with_units_relabs" => {
            let want = expected_bool(row)?;
            let (ev, eu) = quantity(&row.correct)?;
            let (av, au) = quantity(param(p, "atol").ok_or("no atol")?)?;
            let rtol = num_param(p, "rtol")?;
            let (gv, gu) = quantity(&row.submitted)?;
            // Both sides in the expected value's unit; a dimension mismatch is wrong.
            let got = match (convert(gv, &gu, &eu), convert(av, &au, &eu)) {
                (Some(g), Some(atol)) => Tolerance::RelAbs { rtol, atol }.accepts(ev, g),
                _ => false,
            };
            ensure(got == want, || format!("accepted {got}, want {want}"))
        }
        "pl_units_exact_units" => {
            let want = expected_fraction(row)?;
            let (ev, eu) = quantity(&row.correct)?;
            let (gv, gu) = quantity(&row.submitted)?;
            let mpc = match param(p, "magnitude-partial-credit") {
                Some("none") | None => None,
                Some(v) => Some(parse_number(v).ok_or("bad partial credit")?),
            };
            let magnitude = Tolerance::Exact.accepts(ev, gv);
            let units = gu == eu;
            let got = match (magnitude, units) {
                (true, true) => 1.0,
                (true, false) => mpc.unwrap_or(0.0),
                (false, true) => mpc.map_or(0.0, |m| 1.0 - m),
                (false, false) => 0.0,
            };
            ensure(close(got, want, 1e-12), || {
                format!("score {got}, want {want}")
            })
        }
        k => Err(format!("unknown kind {k}")),
    }
}

fn check_row(row: &Row) -> Check {
    match row.kind.as_str() {
        "moodle_nominal" | "moodle_relative" | "moodle_geometric" | "pl_relabs" | "pl_sigfig"
        | "pl_decdig" => check_tolerance(row),
        "moodle_grade_response"
        | "moodle_grade_response_units"
        | "moodle_grade_response_currency" => check_grade(row),
        "moodle_apply_units" => check_apply_units(row),
        "moodle_parse_response" => check_parse_response(row),
        "pl_units_only" | "pl_units_with_units_relabs" | "pl_units_exact_units" => {
            check_pl_units(row)
        }
        k => Err(format!("unknown comparison_kind {k:?}")),
    }
}

/// Asserts what assay does instead on a skipped row.
fn check_instead(row: &Row, skip: &Skip) -> Check {
    match skip.instead {
        Instead::NotANumber => ensure(parse_number(&row.submitted).is_none(), || {
            format!("{:?} now parses: update SKIPPED", row.submitted)
        }),
        Instead::Rejected => {
            let tol = tolerance_of(row)?;
            let e = expected_value(&row.correct)?;
            let g = submitted_value(&row.submitted)?;
            ensure(!tol.accepts(e, g), || {
                format!("{tol:?} now accepts {e} / {g}: update SKIPPED")
            })
        }
    }
}

#[test]
fn numeric_vectors() {
    let rows = load();
    assert_eq!(
        rows.len(),
        TOTAL_ROWS,
        "the vector file changed: review SKIPPED and the counts"
    );
    let mut failures = Vec::new();
    for s in SKIPPED {
        match rows.get(s.row.wrapping_sub(1)) {
            Some(r) if r.submitted == s.submitted => {}
            Some(r) => failures.push(format!(
                "skipped row {} now holds {:?}, not {:?}: review SKIPPED",
                s.row, r.submitted, s.submitted
            )),
            None => failures.push(format!(
                "skipped row {} does not exist: review SKIPPED",
                s.row
            )),
        }
    }
    let mut checked = 0;
    let mut skipped = 0;
    for row in &rows {
        let result = match SKIPPED.iter().find(|s| s.row == row.n) {
            Some(skip) => {
                skipped += 1;
                check_instead(row, skip).map_err(|e| format!("(skipped: {}) {e}", skip.reason))
            }
            None => {
                checked += 1;
                check_row(row)
            }
        };
        if let Err(e) = result {
            failures.push(format!(
                "row {} [{}] submitted {:?}: {e}",
                row.n, row.kind, row.submitted
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing rows:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(skipped, SKIPPED.len());
    assert_eq!(checked + skipped, rows.len());
    assert!(
        checked >= MIN_CHECKED,
        "only {checked} rows checked, expected at least {MIN_CHECKED}"
    );
}
