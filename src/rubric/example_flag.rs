//! The flags an example expects (`flags:` of an example): `keyword-list`, `copied-prompt`
//! and `contradiction of ID`, where ID is a concept or mistake of the example's question
//! (written bare or in backticks, as `assay test` prints a flag). Each is read into the form
//! `assay test` prints and compares: ``contradiction of `sessions` ``.

use crate::text::edit_distance::did_you_mean;

/// The flags without an argument.
const PLAIN: [&str; 2] = ["keyword-list", "copied-prompt"];

/// What a contradiction may be about: the question's concepts and mistakes, each with why
/// no answer is ever flagged for contradicting it, if that is so (a weakness, or a point
/// taken with either polarity).
pub struct Ids<'a> {
    pub ids: Vec<(&'a str, Option<&'static str>)>,
}

impl Ids<'_> {
    fn flaggable(&self) -> impl Iterator<Item = &str> {
        self.ids
            .iter()
            .filter(|(_, never)| never.is_none())
            .map(|(id, _)| *id)
    }
}

/// The form `assay test` prints of the flag `written`, or why it names none.
pub fn read(written: &str, ids: &Ids<'_>) -> Result<String, String> {
    let words: Vec<&str> = written.split_whitespace().collect();
    let text = words.join(" ");
    match words.as_slice() {
        [] => Err(
            "an empty flag: a flag is `keyword-list`, `copied-prompt` or \
                   `contradiction of ID`"
                .to_string(),
        ),
        [plain] if PLAIN.contains(plain) => Ok(plain.to_string()),
        ["contradiction"] => Err(format!(
            "flag `contradiction` needs what it is about: `contradiction of ID`, ID a concept \
             or mistake of this question ({})",
            listed(ids)
        )),
        ["contradiction", "of", id] => {
            let bare = id
                .strip_prefix('`')
                .and_then(|id| id.strip_suffix('`'))
                .unwrap_or(id);
            contradiction_of(bare, &text, ids)
        }
        _ => Err(format!(
            "unknown flag `{text}`: a flag is `keyword-list`, `copied-prompt` or \
             `contradiction of ID`{}",
            match text.starts_with("contradiction") {
                true => "; did you mean `contradiction of ID`?".to_string(),
                false => did_you_mean(&text, PLAIN),
            }
        )),
    }
}

/// A contradiction of `id` (written `text`).
fn contradiction_of(id: &str, text: &str, ids: &Ids<'_>) -> Result<String, String> {
    match ids.ids.iter().find(|(known, _)| *known == id) {
        Some((_, None)) => Ok(format!("contradiction of `{id}`")),
        Some((_, Some(never))) => Err(format!(
            "flag `{text}`: `{id}` is {never}, which is never flagged as a contradiction, so \
             the example can never pass"
        )),
        None => Err(format!(
            "flag `{text}`: `{id}` is no concept or mistake of this question{}",
            match did_you_mean(id, ids.ids.iter().map(|(id, _)| *id)) {
                hint if hint.is_empty() => format!(" ({})", listed(ids)),
                hint => hint,
            }
        )),
    }
}

/// The IDs a contradiction may be about, for a message.
fn listed(ids: &Ids<'_>) -> String {
    let flaggable: Vec<String> = ids.flaggable().map(|id| format!("`{id}`")).collect();
    match flaggable.as_slice() {
        [] => "it has none that can be".to_string(),
        _ => format!("it has {}", flaggable.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::Flag;

    fn ids() -> Ids<'static> {
        Ids {
            ids: vec![
                ("sessions", None),
                ("vague", Some("a weakness")),
                ("sticky-is-fine", None),
            ],
        }
    }

    #[test]
    fn each_flag_reads_as_assay_test_prints_it() {
        for (flag, written) in [
            (Flag::KeywordList, "keyword-list"),
            (Flag::CopiedPrompt, " copied-prompt "),
            (
                Flag::Contradiction {
                    rule: "sessions".into(),
                },
                "contradiction of sessions",
            ),
            (
                Flag::Contradiction {
                    rule: "sessions".into(),
                },
                "contradiction  of\u{a0}sessions",
            ),
            (
                Flag::Contradiction {
                    rule: "sticky-is-fine".into(),
                },
                "contradiction of `sticky-is-fine`",
            ),
        ] {
            assert_eq!(read(written, &ids()), Ok(flag.to_string()), "{written}");
        }
    }

    #[test]
    fn an_unknown_flag_is_refused_with_the_one_meant() {
        let unknown = |written: &str, hint: &str| {
            assert_eq!(
                read(written, &ids()).unwrap_err(),
                format!(
                    "unknown flag `{}`: a flag is `keyword-list`, `copied-prompt` or \
                     `contradiction of ID`{hint}",
                    written.trim()
                ),
                "{written}"
            );
        };
        unknown("keyword-lists", "; did you mean `keyword-list`?");
        unknown("typo", "");
        for written in [
            "contradictionof sessions",
            "contradictions of sessions",
            "contradiction of sessions and more",
        ] {
            unknown(written, "; did you mean `contradiction of ID`?");
        }
        assert!(read(" ", &ids()).unwrap_err().starts_with("an empty flag"));
    }

    #[test]
    fn a_contradiction_names_a_concept_or_mistake_that_can_be_contradicted() {
        assert_eq!(
            read("contradiction", &ids()).unwrap_err(),
            "flag `contradiction` needs what it is about: `contradiction of ID`, ID a concept \
             or mistake of this question (it has `sessions`, `sticky-is-fine`)"
        );
        assert_eq!(
            read("contradiction of session", &ids()).unwrap_err(),
            "flag `contradiction of session`: `session` is no concept or mistake of this \
             question; did you mean `sessions`?"
        );
        // Backticks only in pairs.
        assert!(read("contradiction of `sessions", &ids()).is_err());
        assert_eq!(
            read("contradiction of vague", &ids()).unwrap_err(),
            "flag `contradiction of vague`: `vague` is a weakness, which is never flagged as a \
             contradiction, so the example can never pass"
        );
        assert_eq!(
            read("contradiction of zzz", &Ids { ids: vec![] }).unwrap_err(),
            "flag `contradiction of zzz`: `zzz` is no concept or mistake of this question \
             (it has none that can be)"
        );
    }
}
