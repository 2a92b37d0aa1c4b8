//! Scores kept per graded submission for the dashboard's statistics, one byte each.
//!
//! A question's score takes few distinct values across a cohort (multiples of a quarter point
//! up to its maximum), so each column keeps its distinct values once and each row holds a
//! one-byte code per column: a sheet of 37 questions costs 37 bytes per submission instead of
//! 148 (about 11 MB less at 100,000 submissions). A column that meets more than 255 distinct
//! values (a rubric whose partial credit is continuous) keeps a float per row from then on, so
//! no score is ever rounded or lost.

/// Scores by row (a graded submission) and column, each a score or none.
#[derive(Debug)]
pub struct ScoreTable {
    width: usize,
    rows: usize,
    /// `rows × width` codes, row by row: 0 for no score (or a column kept as floats), `i` for
    /// the column's `i`-th distinct value.
    codes: Vec<u8>,
    columns: Vec<Column>,
}

#[derive(Debug)]
enum Column {
    /// The column's distinct scores, in the order first met (compared bit for bit, so that
    /// `-0.0` stays `-0.0`).
    Coded(Vec<f32>),
    /// A score (NaN for none) per row, for a column with too many distinct scores for a code.
    Floats(Vec<f32>),
}

/// Distinct scores a column may hold as codes (code 0 is "none").
const MAX_CODES: usize = u8::MAX as usize;

impl ScoreTable {
    pub fn new(width: usize) -> ScoreTable {
        ScoreTable {
            width,
            rows: 0,
            codes: Vec::new(),
            columns: (0..width).map(|_| Column::Coded(Vec::new())).collect(),
        }
    }

    /// Makes room for `rows` more rows at once (no doubling and copying as the table grows).
    pub fn reserve_exact(&mut self, rows: usize) {
        self.codes.reserve_exact(rows.saturating_mul(self.width));
    }

    /// Adds a row: `scores[c]` is column `c`'s score, NaN for none (missing columns are none).
    pub fn push_row(&mut self, scores: &[f32]) {
        let (row, rows) = (self.codes.len(), self.rows);
        self.codes.resize(row + self.width, 0);
        for (c, column) in self.columns.iter_mut().enumerate() {
            let score = scores.get(c).copied().unwrap_or(f32::NAN);
            if score.is_nan() {
                if let Column::Floats(floats) = column {
                    floats.push(f32::NAN);
                }
                continue;
            }
            if let Column::Coded(values) = column {
                match values.iter().position(|v| v.to_bits() == score.to_bits()) {
                    Some(i) => {
                        self.codes[row + c] = code(i);
                        continue;
                    }
                    None if values.len() < MAX_CODES => {
                        values.push(score);
                        self.codes[row + c] = code(values.len() - 1);
                        continue;
                    }
                    None => {
                        // One distinct score too many: this column keeps floats from now on.
                        let floats = (0..rows)
                            .map(|r| decode(values, self.codes[r * self.width + c]))
                            .collect();
                        for r in 0..rows {
                            self.codes[r * self.width + c] = 0;
                        }
                        *column = Column::Floats(floats);
                    }
                }
            }
            if let Column::Floats(floats) = column {
                floats.push(score);
            }
        }
        self.rows += 1;
    }

    /// Column `c`, row by row: a score, or `None` where the row had none.
    pub fn column(&self, c: usize) -> impl Iterator<Item = Option<f32>> + '_ {
        let column = self.columns.get(c);
        (0..self.rows).map(move |r| {
            let score = match column? {
                Column::Coded(values) => decode(values, self.codes[r * self.width + c]),
                Column::Floats(floats) => floats[r],
            };
            (!score.is_nan()).then_some(score)
        })
    }
}

fn code(index: usize) -> u8 {
    // `index < MAX_CODES`, so the code is at most 255.
    u8::try_from(index + 1).unwrap_or(u8::MAX)
}

/// The score of `code` in a coded column (NaN for none).
fn decode(values: &[f32], code: u8) -> f32 {
    match code {
        0 => f32::NAN,
        c => values[usize::from(c) - 1],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(t: &ScoreTable) -> Vec<Vec<Option<f32>>> {
        (0..t.width).map(|c| t.column(c).collect()).collect()
    }

    #[test]
    fn rows_read_back_by_column_with_their_gaps() {
        let mut t = ScoreTable::new(3);
        t.reserve_exact(2);
        t.push_row(&[0.25, f32::NAN, 1.0]);
        t.push_row(&[0.25, 0.5]);
        assert_eq!(
            columns(&t),
            [
                vec![Some(0.25), Some(0.25)],
                vec![None, Some(0.5)],
                vec![Some(1.0), None]
            ]
        );
        assert_eq!(t.codes.len(), 6, "one byte per score");
        assert_eq!(t.column(7).collect::<Vec<_>>(), [None, None]);
    }

    #[test]
    fn scores_keep_their_bits() {
        let mut t = ScoreTable::new(1);
        for s in [0.0, -0.0, 1.0 / 3.0, f32::MIN_POSITIVE, f32::INFINITY] {
            t.push_row(&[s]);
        }
        let back: Vec<u32> = t.column(0).map(|s| s.unwrap().to_bits()).collect();
        let want: Vec<u32> = [0.0f32, -0.0, 1.0 / 3.0, f32::MIN_POSITIVE, f32::INFINITY]
            .iter()
            .map(|s| s.to_bits())
            .collect();
        assert_eq!(back, want);
    }

    #[test]
    fn a_column_of_many_distinct_scores_keeps_floats_and_loses_none() {
        let mut t = ScoreTable::new(2);
        let mut want = Vec::new();
        for i in 0..1000u16 {
            // Column 0: 1,000 distinct scores, every seventh none; column 1: four.
            let a = if i % 7 == 3 {
                f32::NAN
            } else {
                f32::from(i) / 8.0
            };
            let b = f32::from(i % 4);
            t.push_row(&[a, b]);
            want.push(((!a.is_nan()).then_some(a), Some(b)));
        }
        assert!(matches!(t.columns[0], Column::Floats(_)));
        assert!(matches!(t.columns[1], Column::Coded(ref v) if v.len() == 4));
        let (a, b): (Vec<_>, Vec<_>) = want.into_iter().unzip();
        assert_eq!(columns(&t), [a, b]);
    }

    #[test]
    fn a_table_without_columns_counts_its_rows() {
        let mut t = ScoreTable::new(0);
        t.push_row(&[]);
        t.push_row(&[1.0]);
        assert_eq!(t.rows, 2);
        assert!(t.codes.is_empty());
    }
}
