//! Units: dimensions, conversion factors, and the alias table that recognises unit text.
//!
//! Every [`Unit`] belongs to one [`Dimension`] and carries a `factor` that converts a value in
//! that unit to the dimension's base unit (`value_in_base = value * factor`):
//!
//! | dimension | base unit | examples |
//! |---|---|---|
//! | time | second `s` | `ns µs us ms s sec min h hr day wk` |
//! | rate | requests per second `req/s` | `req/s rps qps tps r/s /s per second rpm req/min req/day` |
//! | count | one item (the noun is the unit's `symbol`) | `instances servers pods nodes vCPU cores` |
//! | percent | a fraction (`50%` is 0.5) | `% percent pct` |
//! | times | a multiplier of 1 | `x × times fold` |
//! | bytes | byte `B` | `B KB MB GB TB` (decimal), `KiB MiB GiB TiB` (binary), `bit Mb Gb` |
//! | bandwidth | bytes per second `B/s` | `MB/s GiB/s Mbps Gbps` |
//! | length | metre `m` | `m cm mm km ft mi` |
//! | speed | metres per second `m/s` | `m/s km/s km/h mph ft/s` |
//! | currency | one unit of that currency | `$ USD € EUR £ GBP` |
//!
//! Count and currency units are *nominal*: they convert only to a unit with the same symbol
//! (4 `servers` are not 4 `cores`; dollars are not euros).
//!
//! A bare `m` is ambiguous in learners' prose (metres, minutes or million): [`parse_unit`]
//! reads it as metres, but the prose reader does not attach it as a unit (see `read.rs`).

use crate::fast_hash::FastMap;
use std::fmt;
use std::sync::LazyLock;

/// What a unit measures. Each dimension has one base unit (see the module table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// Durations; base unit the second.
    Time,
    /// Events per unit of time; base unit one request per second.
    Rate,
    /// Counted things (instances, servers, cores); base unit one item. Nominal.
    Count,
    /// Percentages; base unit a fraction (1 = 100%).
    Percent,
    /// Ratios and multipliers (`3x`, `3 times`); base unit 1.
    Times,
    /// Data sizes; base unit the byte.
    Bytes,
    /// Data transfer rates; base unit one byte per second.
    Bandwidth,
    /// Distances; base unit the metre.
    Length,
    /// Velocities; base unit one metre per second.
    Speed,
    /// Money; base unit one unit of the currency. Nominal.
    Currency,
}

impl Dimension {
    /// Lower-case name, as a rubric author would write it (`"time"`, `"rate"`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Dimension::Time => "time",
            Dimension::Rate => "rate",
            Dimension::Count => "count",
            Dimension::Percent => "percent",
            Dimension::Times => "times",
            Dimension::Bytes => "bytes",
            Dimension::Bandwidth => "bandwidth",
            Dimension::Length => "length",
            Dimension::Speed => "speed",
            Dimension::Currency => "currency",
        }
    }

    /// Symbol of the base unit (`factor == 1`). Empty for count and currency, whose base
    /// depends on the noun or currency symbol.
    pub fn base_symbol(self) -> &'static str {
        match self {
            Dimension::Time => "s",
            Dimension::Rate => "req/s",
            Dimension::Percent => "fraction",
            Dimension::Times => "x",
            Dimension::Bytes => "B",
            Dimension::Bandwidth => "B/s",
            Dimension::Length => "m",
            Dimension::Speed => "m/s",
            Dimension::Count | Dimension::Currency => "",
        }
    }

    /// Whether units of this dimension convert only between equal symbols.
    pub fn is_nominal(self) -> bool {
        matches!(self, Dimension::Count | Dimension::Currency)
    }
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A unit of measure. Built-in units have a canonical `symbol` (`"meter"` and `"m"` both give
/// `"m"`; `"instance"` and `"instances"` both give `"instances"`), so two parsed units are
/// the same unit exactly when they compare equal.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// What the unit measures.
    pub dimension: Dimension,
    /// Multiply a value in this unit by `factor` to get the dimension's base unit.
    pub factor: f64,
    /// Canonical symbol. For count units this is the noun, plural and lower-case except for
    /// acronyms (`"instances"`, `"vCPU"`).
    pub symbol: String,
}

impl Unit {
    /// A unit of `dimension` worth `factor` base units, shown as `symbol`.
    pub fn new(dimension: Dimension, factor: f64, symbol: impl Into<String>) -> Unit {
        Unit {
            dimension,
            factor,
            symbol: symbol.into(),
        }
    }

    /// The counted noun (`"instances"`, `"vCPU"`) for a count unit, else `None`.
    pub fn noun(&self) -> Option<&str> {
        (self.dimension == Dimension::Count).then_some(self.symbol.as_str())
    }

    /// `value` (in this unit) expressed in the dimension's base unit.
    pub fn to_base(&self, value: f64) -> f64 {
        value * self.factor
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.symbol)
    }
}

/// Converts `value` from one unit to another: `value * from.factor / to.factor`, with the
/// factor ratio computed first so that equal factors return `value` unchanged.
///
/// `None` across dimensions, between nominal units with different symbols (servers and
/// cores, `$` and `€`), or when the result is not finite.
pub fn convert(value: f64, from: &Unit, to: &Unit) -> Option<f64> {
    if from.dimension != to.dimension || (from.dimension.is_nominal() && from.symbol != to.symbol) {
        return None;
    }
    let v = value * (from.factor / to.factor);
    v.is_finite().then_some(v)
}

/// Parses a rubric author's unit string (`"ms"`, `"req/s"`, `"s"`, `"instances"`,
/// `"feet per second"`) with the built-in table. Surrounding and repeated white space is
/// ignored; symbols are case-sensitive where case carries meaning (`ms`, `Mb` vs `MB`),
/// words are not.
pub fn parse_unit(s: &str) -> Option<Unit> {
    UnitTable::builtin().lookup(s)
}

/// One alias in a [`UnitTable`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    pub unit: Unit,
    /// Whether the prose reader may attach this alias to a number (false for a bare `m`).
    pub prose: bool,
    /// Whether the alias may be written before the number in prose (`$5`).
    pub prefix: bool,
}

/// Recognised unit spellings. [`UnitTable::builtin`] is what [`parse_unit`] and
/// `read_numbers` use; a rubric can declare its own units (Moodle-style) with
/// [`UnitTable::empty`] or extend a clone of the built-in table with [`UnitTable::with_unit`].
#[derive(Debug, Clone, Default)]
pub struct UnitTable {
    /// Case-sensitive aliases (all aliases are here). With the fast hasher: the built-in
    /// table inserts some 4,700 spellings while a rubric loads, where SipHash (hashing and
    /// rehashing as the maps grew) was half of building it; nothing iterates the maps.
    exact: FastMap<String, Entry>,
    /// Lower-cased aliases that may be written in any case.
    folded: FastMap<String, Entry>,
}

static BUILTIN: LazyLock<UnitTable> = LazyLock::new(crate::numeric::unit_table::builtin);

/// Collapses runs of white space to one space and trims.
fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl UnitTable {
    /// The built-in table (see the module documentation).
    pub fn builtin() -> &'static UnitTable {
        &BUILTIN
    }

    /// A table that knows no unit.
    pub fn empty() -> UnitTable {
        UnitTable::default()
    }

    /// Adds (or replaces) `alias` for `unit`. The alias is matched case-sensitively, may be
    /// written after a number, and also before it when it is a currency sign (`$ € £ ¥ ₹`).
    pub fn with_unit(mut self, alias: &str, unit: Unit) -> UnitTable {
        let alias = normalise(alias);
        let prefix = is_currency_sign_alias(&alias);
        self.exact.insert(
            alias,
            Entry {
                unit,
                prose: true,
                prefix,
            },
        );
        self
    }

    /// Adds an alias for the built-in table; the first spelling registered wins.
    pub(crate) fn insert_builtin(&mut self, alias: &str, entry: Entry, any_case: bool) {
        if any_case {
            self.folded
                .entry(alias.to_lowercase())
                .or_insert_with(|| entry.clone());
        }
        self.exact.entry(alias.to_string()).or_insert(entry);
    }

    fn find(&self, s: &str) -> Option<&Entry> {
        self.exact
            .get(s)
            .or_else(|| self.folded.get(&s.to_lowercase()))
    }

    /// The unit written as `s` (any white space is normalised), if known.
    pub fn lookup(&self, s: &str) -> Option<Unit> {
        self.find(&normalise(s)).map(|e| e.unit.clone())
    }

    /// Like [`UnitTable::lookup`] for an exact candidate cut from prose: skips aliases that
    /// are too ambiguous in running text.
    pub(crate) fn lookup_prose(&self, s: &str) -> Option<&Unit> {
        self.find(s).filter(|e| e.prose).map(|e| &e.unit)
    }

    /// The unit for a currency sign written before a number.
    pub(crate) fn lookup_prefix(&self, c: char) -> Option<&Unit> {
        let mut buf = [0u8; 4];
        self.exact
            .get(&*c.encode_utf8(&mut buf))
            .filter(|e| e.prefix)
            .map(|e| &e.unit)
    }

    /// Number of aliases (case-sensitive spellings) in the table.
    pub fn len(&self) -> usize {
        self.exact.len()
    }

    /// Whether the table has no alias.
    pub fn is_empty(&self) -> bool {
        self.exact.is_empty()
    }
}

/// Whether `c` is a currency sign that may stand before a number.
pub(crate) fn is_currency_sign(c: char) -> bool {
    matches!(c, '$' | '€' | '£' | '¥' | '₹')
}

fn is_currency_sign_alias(alias: &str) -> bool {
    let mut chars = alias.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if is_currency_sign(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Unit {
        parse_unit(s).unwrap_or_else(|| panic!("unit {s:?}"))
    }

    #[test]
    fn parses_rubric_unit_strings() {
        assert_eq!(u("ms").dimension, Dimension::Time);
        assert_eq!(u("ms").factor, 1e-3);
        assert_eq!(u("req/s").dimension, Dimension::Rate);
        assert_eq!(u("s").symbol, "s");
        assert_eq!(u("instances").noun(), Some("instances"));
        assert_eq!(u("instance"), u("instances"));
        assert_eq!(u("  requests   per second "), u("req/s"));
        assert_eq!(u("meter"), u("m"));
        assert_eq!(u("feet per second"), u("ft/s"));
        assert_eq!(u("mph"), u("mi/h"));
        assert_eq!(u("vCPUs").symbol, "vCPU");
        assert_eq!(parse_unit("frogs"), None);
        assert_eq!(parse_unit(""), None);
    }

    #[test]
    fn case_matters_only_where_it_carries_meaning() {
        assert_eq!(u("MB").factor, 1e6);
        assert_eq!(u("mb").factor, 1e6);
        assert_eq!(u("Mb").factor, 1e6 / 8.0);
        assert_eq!(u("Mbps").dimension, Dimension::Bandwidth);
        assert_eq!(u("mbps"), u("Mbps"));
        assert_eq!(u("MBps"), u("MB/s"));
        assert_eq!(u("QPS"), u("qps"));
        assert_eq!(u("Seconds"), u("s"));
        assert_eq!(parse_unit("US"), None);
        assert_eq!(parse_unit("MS"), None);
        assert_eq!(u("GiB").factor, 1024.0 * 1024.0 * 1024.0);
    }

    #[test]
    fn converts_within_a_dimension_only() {
        assert_eq!(convert(50.0, &u("ms"), &u("s")), Some(0.05));
        assert_eq!(convert(2.0, &u("min"), &u("s")), Some(120.0));
        assert_eq!(convert(60.0, &u("rpm"), &u("req/s")), Some(1.0));
        assert_eq!(convert(1.0, &u("GiB"), &u("MiB")), Some(1024.0));
        assert_eq!(convert(30.0, &u("%"), &u("percent")), Some(30.0));
        assert_eq!(convert(1.0, &u("mph"), &u("m/s")), Some(0.44704));
        assert_eq!(convert(1.0, &u("ms"), &u("MB")), None);
        assert_eq!(convert(4.0, &u("servers"), &u("cores")), None);
        assert_eq!(convert(4.0, &u("server"), &u("servers")), Some(4.0));
        assert_eq!(convert(5.0, &u("$"), &u("€")), None);
        assert_eq!(convert(f64::MAX, &u("day"), &u("ns")), None);
        assert_eq!(convert(0.7, &u("s"), &u("sec")), Some(0.7));
    }

    #[test]
    fn custom_tables() {
        let t = UnitTable::empty()
            .with_unit("m", Unit::new(Dimension::Length, 1.0, "m"))
            .with_unit("cm", Unit::new(Dimension::Length, 0.01, "cm"))
            .with_unit("$", Unit::new(Dimension::Currency, 1.0, "$"));
        assert_eq!(t.len(), 3);
        assert_eq!(t.lookup("cm").map(|x| x.factor), Some(0.01));
        assert_eq!(t.lookup("CM"), None);
        assert_eq!(t.lookup("ms"), None);
        assert!(t.lookup_prefix('$').is_some());
        assert!(t.lookup_prefix('€').is_none());
        let ext = UnitTable::builtin()
            .clone()
            .with_unit("shards", Unit::new(Dimension::Count, 1.0, "shards"));
        assert!(ext.lookup("ms").is_some());
        assert!(!UnitTable::builtin().is_empty());
    }
}
