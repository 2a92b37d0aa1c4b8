//! TEMPORARY placeholder with the agreed API; replaced by the real module.
#[derive(Debug, Clone, PartialEq)]
pub enum Tolerance {
    Exact,
    Absolute { tol: f64, inclusive: bool },
    Relative { tol: f64, inclusive: bool },
    RelAbs { rtol: f64, atol: f64 },
    SigFig { digits: u32 },
    DecDig { digits: u32 },
    MoodleNominal { tol: f64 },
    MoodleRelative { tol: f64 },
    Geometric { tol: f64 },
}
impl Tolerance {
    pub fn accepts(&self, expected: f64, given: f64) -> bool {
        match self {
            Tolerance::Exact => (expected - given).abs() <= 1e-9,
            Tolerance::Absolute { tol, .. } => (expected - given).abs() <= *tol,
            Tolerance::Relative { tol, .. } => (expected - given).abs() <= tol * expected.abs(),
            _ => (expected - given).abs() <= 1e-9,
        }
    }
    pub fn describe(&self) -> String {
        format!("{self:?}")
    }
}
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub name: String,
    pub dimension: String,
    pub factor: f64,
}
pub fn parse_unit(s: &str) -> Option<Unit> {
    Some(Unit {
        name: s.into(),
        dimension: s.into(),
        factor: 1.0,
    })
}
pub fn convert(value: f64, from: &Unit, to: &Unit) -> Option<f64> {
    (from.dimension == to.dimension).then(|| value * from.factor / to.factor)
}
#[derive(Debug, Clone)]
pub struct NumberMention {
    pub value: f64,
    pub low: f64,
    pub high: f64,
    pub is_range: bool,
    pub approx: bool,
    pub unit: Option<Unit>,
    pub start: usize,
    pub end: usize,
    pub raw: String,
    pub sig_digits: u32,
    pub decimals: u32,
}
pub fn read_numbers(text: &str) -> Vec<NumberMention> {
    let re = regex::Regex::new(r"\d+(?:\.\d+)?").unwrap();
    re.find_iter(text)
        .filter_map(|m| {
            let v: f64 = m.as_str().parse().ok()?;
            Some(NumberMention {
                value: v,
                low: v,
                high: v,
                is_range: false,
                approx: false,
                unit: None,
                start: m.start(),
                end: m.end(),
                raw: m.as_str().into(),
                sig_digits: 0,
                decimals: 0,
            })
        })
        .collect()
}
pub fn parse_number(s: &str) -> Option<f64> {
    s.trim().parse().ok()
}
