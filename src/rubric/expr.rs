//! `when` expressions of scoring levels: `a & (b | !c)`, `2 of (a, b, c)`, `peak >= 0.75`.
//! Names are the question's concept, number and mistake ids; they are checked, and resolved
//! to the question's value slots (see `Question::slot`), at load time, so that grading
//! evaluates an expression by index, never by looking a name up.

use std::fmt;

/// A parsed `when` expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Name(Name),
    Compare(Name, Cmp, f64),
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    AtLeast(usize, Vec<Expr>),
    Const(bool),
}

/// A name in an expression: a concept, number or mistake id of the question, and its slot
/// in the question's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub id: String,
    /// Where its value is in the values of a graded answer ([`Name::UNRESOLVED`] until the
    /// rubric resolves it; an unresolved name's value is 0).
    pub slot: usize,
}

impl Name {
    pub const UNRESOLVED: usize = usize::MAX;

    /// `id`, not resolved yet.
    pub fn new(id: String) -> Name {
        Name {
            id,
            slot: Name::UNRESOLVED,
        }
    }

    /// Its value in `values` (0 when it has no slot there).
    pub fn value(&self, values: &[f64]) -> f64 {
        values.get(self.slot).copied().unwrap_or(0.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Ge,
    Gt,
    Le,
    Lt,
    Eq,
}

/// A syntax error in an expression, at a character offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    pub message: String,
    pub offset: usize,
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (at character {} of the expression)",
            self.message,
            self.offset + 1
        )
    }
}

impl Expr {
    /// Parses an expression.
    pub fn parse(src: &str) -> Result<Expr, ExprError> {
        let toks = lex(src)?;
        let mut p = P {
            toks: &toks,
            i: 0,
            depth: 0,
            len: src.chars().count(),
        };
        let e = p.or()?;
        if p.i < toks.len() {
            return Err(ExprError {
                message: format!("unexpected `{}`", toks[p.i].1),
                offset: toks[p.i].0,
            });
        }
        Ok(e)
    }

    /// Every name the expression uses.
    pub fn names(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.each_name(&mut |n: &Name| out.push(n.id.as_str()));
        out
    }

    pub fn each_name<'a>(&'a self, f: &mut dyn FnMut(&'a Name)) {
        match self {
            Expr::Name(n) | Expr::Compare(n, _, _) => f(n),
            Expr::Not(e) => e.each_name(f),
            Expr::And(v) | Expr::Or(v) | Expr::AtLeast(_, v) => {
                v.iter().for_each(|e| e.each_name(f))
            }
            Expr::Const(_) => {}
        }
    }

    /// Gives every name its slot, `slot(id)` (names it has none for stay unresolved).
    pub fn resolve(&mut self, slot: &dyn Fn(&str) -> Option<usize>) {
        match self {
            Expr::Name(n) | Expr::Compare(n, _, _) => {
                n.slot = slot(&n.id).unwrap_or(Name::UNRESOLVED)
            }
            Expr::Not(e) => e.resolve(slot),
            Expr::And(v) | Expr::Or(v) | Expr::AtLeast(_, v) => {
                v.iter_mut().for_each(|e| e.resolve(slot))
            }
            Expr::Const(_) => {}
        }
    }

    /// Evaluates with `values[slot]` being 1.0 for a found concept or held mistake, the score
    /// fraction of a number. A bare name is true when its value is 1.
    pub fn eval(&self, values: &[f64]) -> bool {
        match self {
            Expr::Name(n) => n.value(values) >= 1.0 - 1e-9,
            Expr::Compare(n, op, x) => {
                let v = n.value(values);
                match op {
                    Cmp::Ge => v >= x - 1e-9,
                    Cmp::Gt => v > x + 1e-9,
                    Cmp::Le => v <= x + 1e-9,
                    Cmp::Lt => v < x - 1e-9,
                    Cmp::Eq => (v - x).abs() <= 1e-9,
                }
            }
            Expr::Not(e) => !e.eval(values),
            Expr::And(v) => v.iter().all(|e| e.eval(values)),
            Expr::Or(v) => v.iter().any(|e| e.eval(values)),
            Expr::AtLeast(n, v) => v.iter().filter(|e| e.eval(values)).count() >= *n,
            Expr::Const(b) => *b,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Name(String),
    Num(f64),
    Sym(&'static str),
}

impl fmt::Display for Tok {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tok::Name(n) => f.write_str(n),
            Tok::Num(x) => write!(f, "{x}"),
            Tok::Sym(s) => f.write_str(s),
        }
    }
}

fn lex(src: &str) -> Result<Vec<(usize, Tok)>, ExprError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) {
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let s: String = chars[start..i].iter().collect();
            let x = s.parse::<f64>().map_err(|_| ExprError {
                message: format!("bad number `{s}`"),
                offset: start,
            })?;
            out.push((start, Tok::Num(x)));
            continue;
        }
        if c.is_alphanumeric() || c == '_' {
            while i < chars.len()
                && (chars[i].is_alphanumeric()
                    || chars[i] == '-'
                    || chars[i] == '_'
                    || chars[i] == '.')
            {
                i += 1;
            }
            let s: String = chars[start..i].iter().collect();
            let tok = match s.as_str() {
                "and" => Tok::Sym("&"),
                "or" => Tok::Sym("|"),
                "not" => Tok::Sym("!"),
                "of" => Tok::Sym("of"),
                "true" => Tok::Name("true".into()),
                _ => Tok::Name(s),
            };
            out.push((start, tok));
            continue;
        }
        let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
        let sym = match two.as_str() {
            ">=" => Some(">="),
            "<=" => Some("<="),
            "==" => Some("=="),
            "&&" => Some("&"),
            "||" => Some("|"),
            _ => None,
        };
        if let Some(s) = sym {
            out.push((start, Tok::Sym(s)));
            i += 2;
            continue;
        }
        let one = match c {
            '&' => "&",
            '|' => "|",
            '!' => "!",
            '(' => "(",
            ')' => ")",
            ',' => ",",
            '>' => ">",
            '<' => "<",
            _ => {
                return Err(ExprError {
                    message: format!("unexpected `{c}`"),
                    offset: start,
                });
            }
        };
        out.push((start, Tok::Sym(one)));
        i += 1;
    }
    Ok(out)
}

struct P<'a> {
    toks: &'a [(usize, Tok)],
    i: usize,
    depth: usize,
    len: usize,
}

impl P<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i).map(|t| &t.1)
    }
    fn offset(&self) -> usize {
        self.toks.get(self.i).map_or(self.len, |t| t.0)
    }
    fn eat(&mut self, s: &'static str) -> bool {
        if self.peek() == Some(&Tok::Sym(s)) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn err<T>(&self, message: &str) -> Result<T, ExprError> {
        Err(ExprError {
            message: message.to_string(),
            offset: self.offset(),
        })
    }

    fn or(&mut self) -> Result<Expr, ExprError> {
        let mut v = vec![self.and()?];
        while self.eat("|") {
            v.push(self.and()?);
        }
        Ok(if v.len() == 1 {
            v.remove(0)
        } else {
            Expr::Or(v)
        })
    }

    fn and(&mut self) -> Result<Expr, ExprError> {
        let mut v = vec![self.not()?];
        while self.eat("&") {
            v.push(self.not()?);
        }
        Ok(if v.len() == 1 {
            v.remove(0)
        } else {
            Expr::And(v)
        })
    }

    fn not(&mut self) -> Result<Expr, ExprError> {
        if self.eat("!") {
            return Ok(Expr::Not(Box::new(self.not()?)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Expr, ExprError> {
        self.depth += 1;
        if self.depth > 64 {
            return self.err("expression nested too deeply");
        }
        let r = self.atom_inner();
        self.depth -= 1;
        r
    }

    fn atom_inner(&mut self) -> Result<Expr, ExprError> {
        match self.peek().cloned() {
            Some(Tok::Sym("(")) => {
                self.i += 1;
                let e = self.or()?;
                if !self.eat(")") {
                    return self.err("expected `)`");
                }
                Ok(e)
            }
            Some(Tok::Num(n)) => {
                self.i += 1;
                if !self.eat("of") {
                    return self.err("expected `of` after a count (as in `2 of (a, b, c)`)");
                }
                if !self.eat("(") {
                    return self.err("expected `(` after `of`");
                }
                let mut v = vec![self.or()?];
                while self.eat(",") {
                    v.push(self.or()?);
                }
                if !self.eat(")") {
                    return self.err("expected `)` or `,`");
                }
                if n < 0.0 || n.fract() != 0.0 {
                    return self.err("the count in `N of (…)` must be a whole number");
                }
                if n as usize > v.len() {
                    return self.err(&format!(
                        "`{n} of (…)` names only {} condition{}: it can never hold",
                        v.len(),
                        if v.len() == 1 { "" } else { "s" }
                    ));
                }
                Ok(Expr::AtLeast(n as usize, v))
            }
            Some(Tok::Name(name)) => {
                self.i += 1;
                if name == "true" {
                    return Ok(Expr::Const(true));
                }
                for (s, op) in [
                    (">=", Cmp::Ge),
                    ("<=", Cmp::Le),
                    ("==", Cmp::Eq),
                    (">", Cmp::Gt),
                    ("<", Cmp::Lt),
                ] {
                    if self.eat(s) {
                        return match self.peek().cloned() {
                            Some(Tok::Num(x)) => {
                                self.i += 1;
                                Ok(Expr::Compare(Name::new(name), op, x))
                            }
                            _ => self.err("expected a number after the comparison"),
                        };
                    }
                }
                Ok(Expr::Name(Name::new(name)))
            }
            Some(t) => self.err(&format!("unexpected `{t}`")),
            None => self.err("unexpected end of expression"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(src: &str, truths: &[(&str, f64)]) -> bool {
        let mut e = Expr::parse(src).unwrap();
        e.resolve(&|n| truths.iter().position(|(k, _)| *k == n));
        e.eval(&truths.iter().map(|(_, v)| *v).collect::<Vec<_>>())
    }

    #[test]
    fn boolean_logic_and_counts() {
        assert!(eval("a & (b | !c)", &[("a", 1.0)]));
        assert!(!eval("a and b", &[("a", 1.0)]));
        assert!(eval("2 of (a, b, c)", &[("a", 1.0), ("c", 1.0)]));
        assert!(!eval("2 of (a, b, c)", &[("a", 1.0)]));
        assert!(eval("peak >= 0.75", &[("peak", 0.75)]));
        assert!(!eval("peak", &[("peak", 0.75)]));
        assert!(eval("true", &[]));
    }

    #[test]
    fn names_are_listed() {
        assert_eq!(
            Expr::parse("a & 1 of (b, c >= 0.5)").unwrap().names(),
            ["a", "b", "c"]
        );
    }

    #[test]
    fn errors_point_at_the_place() {
        for (src, at) in [
            ("a &", 3),
            ("(a", 2),
            ("2 (a)", 2),
            ("a $ b", 2),
            ("x >= y", 5),
        ] {
            assert_eq!(Expr::parse(src).unwrap_err().offset, at, "{src}");
        }
    }
}
