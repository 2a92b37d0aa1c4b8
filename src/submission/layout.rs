//! The shape of a practice sheet as the submission readers need it: exercises in sheet
//! order, their titles and the prompts of their questions. Built from a validated rubric
//! (see `rubric::model::Rubric::layout`), so the readers never depend on the rubric format.

/// The exercises of one practice sheet, in the order they appear on the sheet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SheetLayout {
    pub exercises: Vec<ExerciseLayout>,
}

/// One exercise: its slug, its title on the sheet and other names learners may use for it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExerciseLayout {
    /// The exercise slug, e.g. `capacity-plan`.
    pub id: String,
    /// The title on the sheet, e.g. `Horizontal Capacity Plan`.
    pub title: String,
    /// Other headings that name this exercise, e.g. `capacity planning`.
    pub aliases: Vec<String>,
    /// The questions, in sheet order.
    pub questions: Vec<QuestionLayout>,
}

/// One question: its number as on the sheet and its prompt text.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionLayout {
    pub number: u32,
    pub prompt: String,
}

impl SheetLayout {
    /// The exercise with this slug.
    pub fn exercise(&self, id: &str) -> Option<&ExerciseLayout> {
        self.exercises.iter().find(|e| e.id == id)
    }

    /// The one exercise whose title or an alias is `name`, ignoring case and spacing
    /// (`Horizontal capacity plan`, `capacity  planning`); `None` when none or several are.
    pub fn exercise_named(&self, name: &str) -> Option<&ExerciseLayout> {
        let norm = |s: &str| {
            s.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        let want = norm(name);
        let mut named = self
            .exercises
            .iter()
            .filter(|e| norm(&e.title) == want || e.aliases.iter().any(|a| norm(a) == want));
        let first = named.next()?;
        named.next().is_none().then_some(first)
    }
}
