//! Error-carried-forward formulas: arithmetic over the learner's own earlier numbers, as in
//! `"{capacity-plan.1.peak} / 3"` or `"ceil({1.peak} / 3)"`.

use std::fmt;

/// A reference to a number criterion: exercise slug, question number, number id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NumberRef {
    pub exercise: String,
    pub question: u32,
    pub id: String,
}

impl fmt::Display for NumberRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.exercise, self.question, self.id)
    }
}

/// A parsed formula.
#[derive(Debug, Clone, PartialEq)]
pub enum Formula {
    Num(f64),
    Ref(NumberRef),
    Neg(Box<Formula>),
    Bin(char, Box<Formula>, Box<Formula>),
    Call(String, Vec<Formula>),
}

impl Formula {
    /// Parses a formula; `{question.id}` refers to `exercise` (the formula's own exercise).
    pub fn parse(src: &str, exercise: &str) -> Result<Formula, String> {
        let chars: Vec<char> = src.chars().collect();
        let mut p = P {
            c: &chars,
            i: 0,
            exercise,
            depth: 0,
        };
        let f = p.sum()?;
        p.ws();
        if p.i < chars.len() {
            return Err(format!(
                "unexpected `{}` at character {}",
                chars[p.i],
                p.i + 1
            ));
        }
        Ok(f)
    }

    /// Every reference in the formula.
    pub fn refs(&self) -> Vec<&NumberRef> {
        let mut out = Vec::new();
        self.walk(&mut out);
        out
    }

    fn walk<'a>(&'a self, out: &mut Vec<&'a NumberRef>) {
        match self {
            Formula::Ref(r) => out.push(r),
            Formula::Neg(a) => a.walk(out),
            Formula::Bin(_, a, b) => {
                a.walk(out);
                b.walk(out);
            }
            Formula::Call(_, args) => args.iter().for_each(|a| a.walk(out)),
            Formula::Num(_) => {}
        }
    }

    /// Evaluates, or `None` when a reference has no value or the result is not finite.
    pub fn eval(&self, value: &dyn Fn(&NumberRef) -> Option<f64>) -> Option<f64> {
        let v = match self {
            Formula::Num(x) => *x,
            Formula::Ref(r) => value(r)?,
            Formula::Neg(a) => -a.eval(value)?,
            Formula::Bin(op, a, b) => {
                let (a, b) = (a.eval(value)?, b.eval(value)?);
                match op {
                    '+' => a + b,
                    '-' => a - b,
                    '*' => a * b,
                    _ => a / b,
                }
            }
            Formula::Call(name, args) => {
                let a: Vec<f64> = args.iter().map(|x| x.eval(value)).collect::<Option<_>>()?;
                match (name.as_str(), a.as_slice()) {
                    ("ceil", [x]) => x.ceil(),
                    ("floor", [x]) => x.floor(),
                    ("round", [x]) => x.round(),
                    ("min", [x, y]) => x.min(*y),
                    ("max", [x, y]) => x.max(*y),
                    _ => return None,
                }
            }
        };
        v.is_finite().then_some(v)
    }
}

struct P<'a> {
    c: &'a [char],
    i: usize,
    exercise: &'a str,
    depth: usize,
}

impl P<'_> {
    fn ws(&mut self) {
        while self.c.get(self.i).is_some_and(|c| c.is_whitespace()) {
            self.i += 1;
        }
    }
    fn peek(&mut self) -> Option<char> {
        self.ws();
        self.c.get(self.i).copied()
    }
    fn sum(&mut self) -> Result<Formula, String> {
        let mut a = self.product()?;
        while let Some(op @ ('+' | '-')) = self.peek() {
            self.i += 1;
            a = Formula::Bin(op, Box::new(a), Box::new(self.product()?));
        }
        Ok(a)
    }
    fn product(&mut self) -> Result<Formula, String> {
        let mut a = self.unary()?;
        while let Some(op @ ('*' | '/' | '×')) = self.peek() {
            self.i += 1;
            let op = if op == '/' { '/' } else { '*' };
            a = Formula::Bin(op, Box::new(a), Box::new(self.unary()?));
        }
        Ok(a)
    }
    fn unary(&mut self) -> Result<Formula, String> {
        self.depth += 1;
        if self.depth > 64 {
            return Err("formula nested too deeply".into());
        }
        let r = if self.peek() == Some('-') {
            self.i += 1;
            self.unary().map(|f| Formula::Neg(Box::new(f)))
        } else {
            self.atom()
        };
        self.depth -= 1;
        r
    }
    fn atom(&mut self) -> Result<Formula, String> {
        let at = self.i + 1;
        match self.peek() {
            Some('(') => {
                self.i += 1;
                let f = self.sum()?;
                if self.peek() != Some(')') {
                    return Err(format!("expected `)` at character {}", self.i + 1));
                }
                self.i += 1;
                Ok(f)
            }
            Some('{') => {
                self.i += 1;
                let start = self.i;
                while self.c.get(self.i).is_some_and(|&c| c != '}') {
                    self.i += 1;
                }
                if self.c.get(self.i) != Some(&'}') {
                    return Err(format!("unclosed `{{` at character {at}"));
                }
                let inner: String = self.c[start..self.i].iter().collect();
                self.i += 1;
                let parts: Vec<&str> = inner.trim().split('.').collect();
                let (exercise, q, id) = match parts.as_slice() {
                    [e, q, id] => (e.to_string(), *q, *id),
                    [q, id] => (self.exercise.to_string(), *q, *id),
                    _ => {
                        return Err(format!(
                            "`{{{inner}}}`: write `{{exercise.question.number-id}}` or `{{question.number-id}}`"
                        ));
                    }
                };
                let question = q
                    .parse::<u32>()
                    .map_err(|_| format!("`{{{inner}}}`: `{q}` is not a question number"))?;
                Ok(Formula::Ref(NumberRef {
                    exercise,
                    question,
                    id: id.to_string(),
                }))
            }
            Some(c) if c.is_ascii_digit() || c == '.' => {
                let start = self.i;
                while self
                    .c
                    .get(self.i)
                    .is_some_and(|c| c.is_ascii_digit() || *c == '.' || *c == 'e')
                {
                    self.i += 1;
                }
                let s: String = self.c[start..self.i].iter().collect();
                s.parse::<f64>()
                    .map(Formula::Num)
                    .map_err(|_| format!("bad number `{s}` at character {at}"))
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let start = self.i;
                while self.c.get(self.i).is_some_and(char::is_ascii_alphabetic) {
                    self.i += 1;
                }
                let name: String = self.c[start..self.i].iter().collect();
                if !matches!(name.as_str(), "ceil" | "floor" | "round" | "min" | "max") {
                    return Err(format!(
                        "unknown function `{name}` (choose from ceil, floor, round, min, max)"
                    ));
                }
                if self.peek() != Some('(') {
                    return Err(format!("expected `(` after `{name}`"));
                }
                self.i += 1;
                let mut args = vec![self.sum()?];
                while self.peek() == Some(',') {
                    self.i += 1;
                    args.push(self.sum()?);
                }
                if self.peek() != Some(')') {
                    return Err(format!("expected `)` at character {}", self.i + 1));
                }
                self.i += 1;
                let want = if matches!(name.as_str(), "min" | "max") {
                    2
                } else {
                    1
                };
                if args.len() != want {
                    return Err(format!("`{name}` takes {want} argument(s)"));
                }
                Ok(Formula::Call(name, args))
            }
            Some(c) => Err(format!("unexpected `{c}` at character {at}")),
            None => Err("unexpected end of formula".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evaluates_with_learner_values() {
        let f = Formula::parse(
            "ceil({capacity-plan.1.peak} / 3) + {2.mean} * 0",
            "capacity-plan",
        )
        .unwrap();
        assert_eq!(f.refs().len(), 2);
        let v = f.eval(&|r| match r.id.as_str() {
            "peak" => Some(36.0),
            _ => Some(5.0),
        });
        assert_eq!(v, Some(12.0));
        assert_eq!(f.eval(&|_| None), None);
        assert_eq!(Formula::parse("1/0", "x").unwrap().eval(&|_| None), None);
    }

    #[test]
    fn errors_are_clear() {
        assert!(
            Formula::parse("{a.b}", "x")
                .unwrap_err()
                .contains("not a question number")
        );
        assert!(
            Formula::parse("sqrt(2)", "x")
                .unwrap_err()
                .contains("unknown function")
        );
        assert!(Formula::parse("(1", "x").is_err());
    }
}
