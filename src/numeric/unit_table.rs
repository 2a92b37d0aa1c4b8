//! The built-in unit aliases. Data only: one function that fills a [`UnitTable`].
//!
//! Symbols whose case carries meaning are case-sensitive (`ms`, `s`, `us`, `B`, `Mb` megabit
//! vs `MB` megabyte, `m`); words and unambiguous symbols match in any case. All-lower-case
//! `mb`, `gb`, `kb` are read as bytes, which is what learners mean. Compound units (rates,
//! bandwidths, speeds) are generated from their parts, so `requests per second`, `req/sec`,
//! `reqs/s` and `r/s` are all `req/s`.

use crate::numeric::unit::{Dimension as D, Entry, Unit, UnitTable};

/// Spellings of one unit: `cs` are case-sensitive, `ci` match in any case.
struct Spell<'a> {
    symbol: &'a str,
    factor: f64,
    cs: &'a [&'a str],
    ci: &'a [&'a str],
}

struct Builder {
    table: UnitTable,
}

impl Builder {
    fn add(&mut self, alias: &str, dim: D, factor: f64, symbol: &str, any_case: bool) {
        let entry = Entry {
            unit: Unit::new(dim, factor, symbol),
            prose: true,
            prefix: false,
        };
        self.table.insert_builtin(alias, entry, any_case);
    }

    fn spell(&mut self, dim: D, s: &Spell<'_>) {
        for a in s.cs {
            self.add(a, dim, s.factor, s.symbol, false);
        }
        for a in s.ci {
            self.add(a, dim, s.factor, s.symbol, true);
        }
    }

    fn special(&mut self, alias: &str, unit: Unit, prose: bool, prefix: bool) {
        let entry = Entry {
            unit,
            prose,
            prefix,
        };
        self.table.insert_builtin(alias, entry, false);
    }
}

/// Time parts of compound units: spellings, seconds, canonical symbol.
const PER_TIME: &[(&[&str], f64, &str)] = &[
    (&["s", "sec", "second"], 1.0, "s"),
    (&["min", "minute"], 60.0, "min"),
    (&["h", "hr", "hour"], 3600.0, "h"),
    (&["day", "d"], 86_400.0, "day"),
    (&["wk", "week"], 604_800.0, "wk"),
    (&["month", "mo"], 2_592_000.0, "month"),
];

/// Nouns that may head a rate (`writes/s`, `requests per second`).
const RATE_NOUNS: &[&str] = &[
    "",
    "req",
    "reqs",
    "request",
    "requests",
    "r",
    "queries",
    "query",
    "ops",
    "op",
    "operations",
    "operation",
    "transactions",
    "transaction",
    "txn",
    "txns",
    "tx",
    "writes",
    "write",
    "reads",
    "read",
    "calls",
    "call",
    "hits",
    "hit",
    "messages",
    "message",
    "msgs",
    "msg",
    "events",
    "event",
    "jobs",
    "tasks",
    "lookups",
    "inserts",
    "updates",
    "records",
    "rows",
    "items",
    "users",
    "uploads",
    "downloads",
    "orders",
    "clicks",
    "views",
    "page views",
    "logins",
    "tweets",
    "posts",
    "visits",
    "visitors",
    "sessions",
    "connections",
    "packets",
    "rpcs",
];

/// Count nouns: canonical (plural) form, then other spellings (the singular is derived).
const COUNT_NOUNS: &[(&str, &[&str])] = &[
    // One copy of a service, whatever learners call it: all convert to one another.
    (
        "instances",
        &[
            "servers",
            "server",
            "machines",
            "machine",
            "hosts",
            "host",
            "nodes",
            "node",
            "pods",
            "pod",
            "containers",
            "container",
            "replicas",
            "replica",
            "boxes",
            "box",
            "VMs",
            "VM",
            "vms",
            "vm",
        ],
    ),
    ("shards", &[]),
    ("partitions", &[]),
    ("brokers", &[]),
    ("workers", &[]),
    ("threads", &[]),
    ("processes", &["process"]),
    ("connections", &["conns"]),
    ("cores", &[]),
    ("vCPU", &["vCPUs", "vcpu", "vcpus"]),
    ("CPUs", &["CPU"]),
    ("GPUs", &["GPU"]),
    ("VMs", &["VM"]),
    ("boxes", &["box"]),
    ("disks", &[]),
    ("drives", &[]),
    ("regions", &[]),
    ("zones", &[]),
    ("AZs", &["AZ"]),
    (
        "datacenters",
        &[
            "datacenter",
            "data centers",
            "data center",
            "datacentres",
            "datacentre",
            "data centres",
            "data centre",
            "DCs",
        ],
    ),
    ("racks", &[]),
    ("clusters", &[]),
    ("databases", &["DBs", "DB"]),
    ("tables", &[]),
    ("users", &[]),
    ("DAU", &["DAUs"]),
    ("MAU", &["MAUs"]),
    ("clients", &[]),
    ("customers", &[]),
    ("devices", &[]),
    ("sessions", &[]),
    ("requests", &["reqs", "req"]),
    ("queries", &["query"]),
    ("messages", &["msgs", "msg"]),
    ("events", &[]),
    ("records", &[]),
    ("rows", &[]),
    ("items", &[]),
    ("objects", &[]),
    ("files", &[]),
    ("keys", &[]),
    ("entries", &["entry"]),
    ("writes", &[]),
    ("reads", &[]),
    ("transactions", &["txns", "txn"]),
    ("operations", &["ops", "op"]),
    ("copies", &["copy"]),
    ("jobs", &[]),
    ("tasks", &[]),
    ("tweets", &[]),
    ("posts", &[]),
    ("photos", &[]),
    ("images", &[]),
    ("videos", &[]),
    ("URLs", &["URL"]),
    ("links", &[]),
    ("pages", &[]),
    ("orders", &[]),
    ("accounts", &[]),
    ("tenants", &[]),
    ("people", &["person"]),
    ("buckets", &[]),
    ("slots", &[]),
    ("tokens", &[]),
    ("retries", &["retry"]),
    ("attempts", &[]),
    ("calls", &[]),
    ("hits", &[]),
];

const BYTES: &[Spell<'static>] = &[
    Spell {
        symbol: "B",
        factor: 1.0,
        cs: &["B"],
        ci: &["byte", "bytes"],
    },
    Spell {
        symbol: "KB",
        factor: 1e3,
        cs: &[],
        ci: &["KB", "kB", "kilobyte", "kilobytes", "kbyte", "kbytes"],
    },
    Spell {
        symbol: "MB",
        factor: 1e6,
        cs: &[],
        ci: &["MB", "megabyte", "megabytes", "mbyte", "mbytes"],
    },
    Spell {
        symbol: "GB",
        factor: 1e9,
        cs: &[],
        ci: &["GB", "gigabyte", "gigabytes", "gbyte", "gbytes"],
    },
    Spell {
        symbol: "TB",
        factor: 1e12,
        cs: &[],
        ci: &["TB", "terabyte", "terabytes"],
    },
    Spell {
        symbol: "PB",
        factor: 1e15,
        cs: &[],
        ci: &["PB", "petabyte", "petabytes"],
    },
    Spell {
        symbol: "KiB",
        factor: 1024.0,
        cs: &[],
        ci: &["KiB", "kibibyte", "kibibytes"],
    },
    Spell {
        symbol: "MiB",
        factor: 1_048_576.0,
        cs: &[],
        ci: &["MiB", "mebibyte", "mebibytes"],
    },
    Spell {
        symbol: "GiB",
        factor: 1_073_741_824.0,
        cs: &[],
        ci: &["GiB", "gibibyte", "gibibytes"],
    },
    Spell {
        symbol: "TiB",
        factor: 1_099_511_627_776.0,
        cs: &[],
        ci: &["TiB", "tebibyte", "tebibytes"],
    },
    Spell {
        symbol: "PiB",
        factor: 1_125_899_906_842_624.0,
        cs: &[],
        ci: &["PiB", "pebibyte", "pebibytes"],
    },
    Spell {
        symbol: "bit",
        factor: 0.125,
        cs: &[],
        ci: &["bit", "bits"],
    },
    Spell {
        symbol: "kbit",
        factor: 125.0,
        cs: &["Kb"],
        ci: &["kbit", "kbits", "kilobit", "kilobits"],
    },
    Spell {
        symbol: "Mbit",
        factor: 125_000.0,
        cs: &["Mb"],
        ci: &["Mbit", "Mbits", "megabit", "megabits"],
    },
    Spell {
        symbol: "Gbit",
        factor: 1.25e8,
        cs: &["Gb"],
        ci: &["Gbit", "Gbits", "gigabit", "gigabits"],
    },
    Spell {
        symbol: "Tbit",
        factor: 1.25e11,
        cs: &["Tb"],
        ci: &["Tbit", "Tbits", "terabit", "terabits"],
    },
];

const LENGTHS: &[Spell<'static>] = &[
    Spell {
        symbol: "m",
        factor: 1.0,
        cs: &[],
        ci: &["metre", "metres", "meter", "meters"],
    },
    Spell {
        symbol: "cm",
        factor: 0.01,
        cs: &["cm"],
        ci: &["centimetre", "centimetres", "centimeter", "centimeters"],
    },
    Spell {
        symbol: "mm",
        factor: 0.001,
        cs: &["mm"],
        ci: &["millimetre", "millimetres", "millimeter", "millimeters"],
    },
    Spell {
        symbol: "µm",
        factor: 1e-6,
        cs: &["µm", "μm"],
        ci: &[
            "micrometre",
            "micrometres",
            "micrometer",
            "micrometers",
            "micron",
            "microns",
        ],
    },
    Spell {
        symbol: "nm",
        factor: 1e-9,
        cs: &["nm"],
        ci: &["nanometre", "nanometres", "nanometer", "nanometers"],
    },
    Spell {
        symbol: "km",
        factor: 1000.0,
        cs: &[],
        ci: &["km", "kilometre", "kilometres", "kilometer", "kilometers"],
    },
    Spell {
        symbol: "ft",
        factor: 0.3048,
        cs: &[],
        ci: &["ft", "foot", "feet"],
    },
    Spell {
        symbol: "kft",
        factor: 304.8,
        cs: &[],
        ci: &["kft", "kilofoot", "kilofeet"],
    },
    Spell {
        symbol: "mi",
        factor: 1609.344,
        cs: &["mi"],
        ci: &["mile", "miles"],
    },
    Spell {
        symbol: "in",
        factor: 0.0254,
        cs: &[],
        ci: &["inch", "inches"],
    },
];

/// Fills the built-in table (called once, lazily).
pub(crate) fn builtin() -> UnitTable {
    let mut b = Builder {
        table: UnitTable::empty(),
    };
    time(&mut b);
    rates(&mut b);
    counts(&mut b);
    b.spell(
        D::Percent,
        &Spell {
            symbol: "%",
            factor: 0.01,
            cs: &["%"],
            ci: &["percent", "per cent", "pct"],
        },
    );
    b.spell(
        D::Times,
        &Spell {
            symbol: "x",
            factor: 1.0,
            cs: &["x", "X", "×"],
            ci: &["times", "fold"],
        },
    );
    bytes(&mut b);
    lengths(&mut b);
    currency(&mut b);
    b.table
}

fn time(b: &mut Builder) {
    let spells = [
        Spell {
            symbol: "ns",
            factor: 1e-9,
            cs: &["ns"],
            ci: &["nsec", "nsecs", "nanosecond", "nanoseconds"],
        },
        Spell {
            symbol: "µs",
            factor: 1e-6,
            cs: &["µs", "μs", "us"],
            ci: &["usec", "usecs", "microsecond", "microseconds"],
        },
        Spell {
            symbol: "ms",
            factor: 1e-3,
            cs: &["ms"],
            ci: &["msec", "msecs", "millisecond", "milliseconds", "millis"],
        },
        Spell {
            symbol: "s",
            factor: 1.0,
            cs: &["s"],
            ci: &["sec", "secs", "second", "seconds"],
        },
        Spell {
            symbol: "min",
            factor: 60.0,
            cs: &[],
            ci: &["min", "mins", "minute", "minutes"],
        },
        Spell {
            symbol: "h",
            factor: 3600.0,
            cs: &["h"],
            ci: &["hr", "hrs", "hour", "hours"],
        },
        Spell {
            symbol: "day",
            factor: 86_400.0,
            cs: &["d"],
            ci: &["day", "days"],
        },
        Spell {
            symbol: "wk",
            factor: 604_800.0,
            cs: &[],
            ci: &["wk", "wks", "week", "weeks"],
        },
        Spell {
            symbol: "month",
            factor: 2_592_000.0,
            cs: &[],
            ci: &["month", "months"],
        },
        Spell {
            symbol: "yr",
            factor: 31_536_000.0,
            cs: &[],
            ci: &["yr", "yrs", "year", "years"],
        },
    ];
    for s in &spells {
        b.spell(D::Time, s);
    }
}

fn rates(b: &mut Builder) {
    for (acronyms, per) in [
        (&["rps", "qps", "tps"][..], 1.0),
        (&["rpm", "qpm"][..], 60.0),
    ] {
        let sym = if per == 1.0 { "req/s" } else { "req/min" };
        for a in acronyms {
            b.add(a, D::Rate, 1.0 / per, sym, true);
        }
    }
    for &(times, secs, tsym) in PER_TIME {
        let sym = format!("req/{tsym}");
        for noun in RATE_NOUNS {
            for t in times {
                let forms = if noun.is_empty() {
                    vec![format!("/{t}"), format!("per {t}")]
                } else {
                    vec![
                        format!("{noun}/{t}"),
                        format!("{noun} / {t}"),
                        format!("{noun} per {t}"),
                        format!("{noun} a {t}"),
                    ]
                };
                for f in forms {
                    b.add(&f, D::Rate, 1.0 / secs, &sym, true);
                }
            }
        }
    }
}

/// The singular of a count unit's canonical noun, for writing "1 instance": a listed
/// spelling its plural ending leads to (`processes` → `process`, `boxes` → `box`), else the
/// irregular one listed (`people` → `person`), else [`singular`] (`databases` → `database`).
/// `None` for a noun that is not a count unit.
pub fn singular_noun(canonical: &str) -> Option<String> {
    let (_, others) = COUNT_NOUNS.iter().find(|(c, _)| *c == canonical)?;
    let endings = [
        canonical.strip_suffix("ies").map(|s| format!("{s}y")),
        canonical.strip_suffix("es").map(str::to_string),
        canonical.strip_suffix('s').map(str::to_string),
    ];
    if let Some(listed) = endings
        .into_iter()
        .flatten()
        .find(|c| others.contains(&c.as_str()))
    {
        return Some(listed);
    }
    if !canonical.ends_with('s') {
        let irregular = others
            .iter()
            .find(|o| !o.ends_with('s') && o.to_lowercase() != canonical.to_lowercase());
        return Some(irregular.map_or(canonical, |o| *o).to_string());
    }
    singular(canonical)
}

/// Singular of a plural count noun (`replicas` -> `replica`, `entries` -> `entry`).
fn singular(plural: &str) -> Option<String> {
    if let Some(stem) = plural.strip_suffix("ies") {
        return Some(format!("{stem}y"));
    }
    plural.strip_suffix('s').map(str::to_string)
}

fn counts(b: &mut Builder) {
    for &(canonical, others) in COUNT_NOUNS {
        b.add(canonical, D::Count, 1.0, canonical, true);
        if let Some(s) = singular(canonical).filter(|s| !others.contains(&s.as_str())) {
            b.add(&s, D::Count, 1.0, canonical, true);
        }
        for o in others {
            b.add(o, D::Count, 1.0, canonical, true);
        }
    }
}

fn bytes(b: &mut Builder) {
    // Explicit bit-rate spellings first, so that case-folded `mbps` means megabits.
    for (aliases, factor, sym) in [
        (&["bps"][..], 0.125, "bit/s"),
        (&["kbps", "Kbps"][..], 125.0, "kbit/s"),
        (&["Mbps"][..], 125_000.0, "Mbit/s"),
        (&["Gbps"][..], 1.25e8, "Gbit/s"),
        (&["Tbps"][..], 1.25e11, "Tbit/s"),
    ] {
        for a in aliases {
            b.add(a, D::Bandwidth, factor, sym, true);
        }
    }
    for s in BYTES {
        b.spell(D::Bytes, s);
        let sym = format!("{}/s", s.symbol);
        for (aliases, any_case) in [(s.cs, false), (s.ci, true)] {
            for a in aliases {
                for per in ["/s", "/sec", "/second", " / s", " per second", " per sec"] {
                    b.add(&format!("{a}{per}"), D::Bandwidth, s.factor, &sym, any_case);
                }
                if a.len() <= 3 {
                    b.add(&format!("{a}ps"), D::Bandwidth, s.factor, &sym, false);
                }
            }
        }
    }
}

fn lengths(b: &mut Builder) {
    // A bare `m` is metres for rubric authors but too ambiguous to attach in prose.
    b.special("m", Unit::new(D::Length, 1.0, "m"), false, false);
    for s in LENGTHS {
        b.spell(D::Length, s);
    }
    let speed_times: [(&[&str], f64, &str); 3] = [
        (&["s", "sec", "second"], 1.0, "s"),
        (&["min", "minute"], 60.0, "min"),
        (&["h", "hr", "hour"], 3600.0, "h"),
    ];
    for s in LENGTHS {
        let cs_m: &[&str] = if s.symbol == "m" { &["m"] } else { &[] };
        for (aliases, any_case) in [(cs_m, false), (s.cs, false), (s.ci, true)] {
            for a in aliases {
                for (times, secs, tsym) in speed_times {
                    let sym = format!("{}/{tsym}", s.symbol);
                    for t in times {
                        for sep in ["/", " / ", " per "] {
                            b.add(
                                &format!("{a}{sep}{t}"),
                                D::Speed,
                                s.factor / secs,
                                &sym,
                                any_case,
                            );
                        }
                    }
                }
            }
        }
    }
    b.add("mph", D::Speed, 1609.344 / 3600.0, "mi/h", true);
    for a in ["kph", "kmh", "kmph"] {
        b.add(a, D::Speed, 1000.0 / 3600.0, "km/h", true);
    }
}

fn currency(b: &mut Builder) {
    for (sign, codes, symbol) in [
        ('$', &["USD", "dollar", "dollars"][..], "$"),
        ('€', &["EUR", "euro", "euros"][..], "€"),
        ('£', &["GBP"][..], "£"),
        ('¥', &["JPY", "yen"][..], "¥"),
        ('₹', &["INR", "rupee", "rupees"][..], "₹"),
    ] {
        let unit = Unit::new(D::Currency, 1.0, symbol);
        b.special(&sign.to_string(), unit.clone(), true, true);
        for c in codes {
            b.add(c, D::Currency, 1.0, symbol, true);
        }
    }
}

#[cfg(test)]
mod singular_tests {
    use super::singular_noun;

    #[test]
    fn the_singular_of_each_kind_of_count_noun() {
        for (plural, one) in [
            ("instances", "instance"),
            ("processes", "process"),
            ("boxes", "box"),
            ("databases", "database"),
            ("queries", "query"),
            ("people", "person"),
            ("vCPU", "vCPU"),
        ] {
            assert_eq!(singular_noun(plural).as_deref(), Some(one), "{plural}");
        }
        assert_eq!(singular_noun("ms"), None);
    }
}

#[cfg(test)]
mod tests {
    use crate::numeric::unit::{Dimension, UnitTable, parse_unit};

    /// Every unit the rubric format's table ("Units" in docs/rubric-format.md) names is one
    /// `unit:` takes, so an instructor who copies one from it never meets "unknown unit".
    #[test]
    fn the_documented_units_are_units() {
        let doc = include_str!("../../docs/rubric-format.md");
        let table = doc
            .split("| dimension | units |")
            .nth(1)
            .and_then(|t| t.split("\n\n").next())
            .expect("the Units table");
        let mut n = 0;
        for row in table.lines().skip(2) {
            let units = row.rsplit('|').nth(1).expect("a units cell");
            // The units are the first backticked words of the cell; after `(` come spellings
            // and examples, checked too where they are single units.
            for (i, piece) in units.split('`').enumerate() {
                if i % 2 == 1 && !piece.contains(' ') || matches!(piece, "queries per second") {
                    assert!(parse_unit(piece).is_some(), "{piece:?} in {row}");
                    n += 1;
                }
            }
        }
        assert!(n > 90, "{n} units read from the table");
    }

    #[test]
    fn generated_compounds() {
        let rate = |s: &str| parse_unit(s).map(|u| (u.dimension, u.symbol, u.factor));
        let per_s = Some((Dimension::Rate, "req/s".to_string(), 1.0));
        for s in [
            "req/s",
            "rps",
            "qps",
            "tps",
            "requests/s",
            "requests per second",
            "req/sec",
            "r/s",
            "/s",
            "per second",
            "writes/s",
            "RPS",
        ] {
            assert_eq!(rate(s), per_s, "{s}");
        }
        let per_min = Some((Dimension::Rate, "req/min".to_string(), 1.0 / 60.0));
        for s in ["req/min", "rpm", "requests per minute", "/min"] {
            assert_eq!(rate(s), per_min, "{s}");
        }
        assert_eq!(
            rate("requests a day").map(|r| r.1),
            Some("req/day".to_string())
        );
        assert_eq!(
            parse_unit("MB/s").map(|u| u.symbol),
            Some("MB/s".to_string())
        );
        assert_eq!(parse_unit("Gbit/s"), parse_unit("Gbps"));
        assert_eq!(parse_unit("Gb/s"), parse_unit("Gbps"));
        assert_eq!(parse_unit("km/h"), parse_unit("kph"));
        assert_eq!(parse_unit("metres per second"), parse_unit("m/s"));
        assert_eq!(parse_unit("kilofeet").map(|u| u.factor), Some(304.8));
    }

    #[test]
    fn count_nouns_fold_singular_and_plural() {
        for (a, b) in [
            ("replica", "replicas"),
            ("entry", "entries"),
            ("process", "processes"),
            ("vcpu", "vCPU"),
            ("data center", "datacenters"),
            ("Server", "servers"),
        ] {
            assert_eq!(parse_unit(a), parse_unit(b), "{a} vs {b}");
            assert_eq!(parse_unit(a).map(|u| u.dimension), Some(Dimension::Count));
        }
    }

    #[test]
    fn bare_m_is_not_for_prose() {
        let t = UnitTable::builtin();
        assert!(t.lookup("m").is_some());
        assert!(t.lookup_prose("m").is_none());
        assert!(t.lookup_prose("m/s").is_some());
        assert!(t.lookup_prefix('$').is_some());
        assert!(t.lookup_prefix('%').is_none());
    }
}
