//! The flags an example expects (`flags:` of an example): `keyword-list`, `copied-prompt`
//! and `contradiction of ID`, where ID is a concept or mistake of the example's question
//! (written bare or in backticks, as `assay test` prints a flag). Each is read into the form
//! `assay test` prints and compares: ``contradiction of `sessions` ``.

use crate::text::edit_distance::did_you_mean;

/// The flags without an argument.
const PLAIN: [&str; 2] = ["keyword-list", "copied-prompt"];

/// The form `assay test` prints of the flag `written`, or why it names none. `ids` are the
/// concepts and mistakes of the question, which a contradiction may be about.
pub fn read(written: &str, ids: &[&str]) -> Result<String, String> {
    let text = written.trim();
    if PLAIN.contains(&text) {
        return Ok(text.to_string());
    }
    let Some(rest) = text.strip_prefix("contradiction") else {
        return Err(format!(
            "unknown flag `{text}`: a flag is `keyword-list`, `copied-prompt` or \
             `contradiction of ID`{}",
            did_you_mean(text, PLAIN.into_iter().chain(["contradiction of"]))
        ));
    };
    let id = rest
        .trim_start()
        .strip_prefix("of ")
        .map(|id| id.trim().trim_matches('`'))
        .filter(|id| !id.is_empty());
    let Some(id) = id else {
        return Err(format!(
            "flag `{text}` needs what it is about: `contradiction of ID`, ID a concept or \
             mistake of this question ({})",
            ids_listed(ids)
        ));
    };
    if !ids.contains(&id) {
        return Err(format!(
            "flag `{text}`: `{id}` is no concept or mistake of this question{}",
            match did_you_mean(id, ids.iter().copied()) {
                hint if hint.is_empty() => format!(" ({})", ids_listed(ids)),
                hint => hint,
            }
        ));
    }
    Ok(format!("contradiction of `{id}`"))
}

fn ids_listed(ids: &[&str]) -> String {
    match ids {
        [] => "it has none".to_string(),
        _ => format!(
            "it has {}",
            ids.iter()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::Flag;

    const IDS: [&str; 3] = ["sessions", "local-cache", "sticky-is-fine"];

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
                    rule: "sticky-is-fine".into(),
                },
                "contradiction of `sticky-is-fine`",
            ),
        ] {
            assert_eq!(read(written, &IDS), Ok(flag.to_string()), "{written}");
        }
    }

    #[test]
    fn an_unknown_flag_is_refused_with_the_one_meant() {
        let err = read("keyword-lists", &IDS).unwrap_err();
        assert_eq!(
            err,
            "unknown flag `keyword-lists`: a flag is `keyword-list`, `copied-prompt` or \
             `contradiction of ID`; did you mean `keyword-list`?"
        );
        assert!(
            read("typo", &IDS)
                .unwrap_err()
                .starts_with("unknown flag `typo`")
        );
    }

    #[test]
    fn a_contradiction_names_a_concept_or_mistake_of_the_question() {
        assert_eq!(
            read("contradiction", &IDS).unwrap_err(),
            "flag `contradiction` needs what it is about: `contradiction of ID`, ID a concept \
             or mistake of this question (it has `sessions`, `local-cache`, `sticky-is-fine`)"
        );
        assert_eq!(
            read("contradiction of session", &IDS).unwrap_err(),
            "flag `contradiction of session`: `session` is no concept or mistake of this \
             question; did you mean `sessions`?"
        );
        assert_eq!(
            read("contradiction of zzz", &[]).unwrap_err(),
            "flag `contradiction of zzz`: `zzz` is no concept or mistake of this question \
             (it has none)"
        );
    }
}
