//! Test fixture: the layout of the Scaling Design Workshop sheet
//! (shared/seed/scaling-design-workshop.txt), prompts copied from the sheet, and a file read
//! against it.

use crate::submission::layout::{ExerciseLayout, QuestionLayout, SheetLayout};

/// The eight exercises of the workshop sheet, in sheet order. Only `capacity-plan` has an
/// alias, so the other matches are made on titles and slugs alone.
pub(crate) fn workshop() -> SheetLayout {
    let exercise = |id: &str, title: &str, aliases: &[&str], prompts: &[&str]| ExerciseLayout {
        id: id.to_string(),
        title: title.to_string(),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        questions: prompts
            .iter()
            .zip(1..)
            .map(|(p, number)| QuestionLayout {
                number,
                prompt: p.to_string(),
            })
            .collect(),
    };
    SheetLayout {
        exercises: vec![
            exercise(
                "retrieval",
                "Retrieval Prompts",
                &[],
                &[
                    "State the defining difference between vertical and horizontal scaling and give one failure-mode implication of each.",
                    "Define stateless service and name the two most common ways a service that looks stateless is actually stateful.",
                    "State the three most common session-affinity strategies and one drawback of each.",
                    "Name the four cache update patterns and the dominant failure mode of each.",
                    "State at least three caching layers between the user's keystroke and the database row.",
                ],
            ),
            exercise(
                "compare",
                "Compare and Distinguish",
                &[],
                &[
                    "scale up vs scale out",
                    "stateless vs sticky vs external session store",
                    "cache-aside vs write-through vs write-behind",
                    "CDN cache vs reverse-proxy cache vs application cache",
                    "cache invalidation vs TTL expiry",
                    "thundering herd vs cache stampede (same thing, or different?)",
                ],
            ),
            exercise(
                "mistakes",
                "Common Mistake Check",
                &[],
                &[
                    "\"We made the service horizontally scalable by adding a load balancer.\"",
                    "\"Sticky sessions are fine as long as the load balancer is smart.\"",
                    "\"Write-behind is safe because we eventually write to the DB.\"",
                    "\"We have a CDN, so we don't need any other caching.\"",
                    "\"The cache was slow so we doubled its memory.\"",
                ],
            ),
            exercise(
                "audit",
                "Stateful-Component Audit",
                &[],
                &[
                    "Does it hold per-user state between requests? What kind?",
                    "If the current instance disappears, what does the user notice?",
                    "What would it take to make this hop truly stateless (or confirm it already is)?",
                ],
            ),
            exercise(
                "cache-design",
                "Cache Design Exercise: Product Catalog",
                &[],
                &[
                    "What layers of cache do you use? (CDN? Reverse proxy? App-level? DB-level?)",
                    "Which update pattern (cache-aside, write-through, write-behind, refresh-ahead) for each layer, and why?",
                    "Where and how do you invalidate on a price change?",
                    "How do you avoid a thundering herd when a hot product expires?",
                    "What do you do on cache-server failure? (Fail open? Fail closed? Fallback?)",
                    "What SLI/SLOs would you instrument to validate this design?",
                ],
            ),
            exercise(
                "session-redesign",
                "Session-Management Redesign",
                &[],
                &[
                    "List everything that breaks about the current design.",
                    "Propose three alternative designs: (a) pure stateless JWT, (b) external session store, (c) sticky sessions with failover. For each, give one pro, one con, and one non-obvious failure mode.",
                    "Pick one and write the migration plan in 5 bullet points.",
                ],
            ),
            exercise(
                "capacity-plan",
                "Horizontal Capacity Plan",
                &["capacity planning"],
                &[
                    "How many instances at peak?",
                    "How many instances at steady-state mean?",
                    "What do you set the HPA min/max to?",
                    "Apply Little's Law: what is the average concurrency per instance, and how does it compare to the thread-pool size you should configure?",
                    "What signal would tell you the capacity model is wrong?",
                ],
            ),
            exercise(
                "evidence",
                "Evidence Check",
                &[],
                &[
                    "Justify, in 60 seconds, why a team should pick stateless-with-external-store over sticky sessions for a new service.",
                    "Sketch a three-layer cache with update patterns and invalidation paths for a real system.",
                    "Translate a request rate and latency into an instance count with headroom.",
                    "Spot a hidden stateful dependency in what looks like a stateless tier.",
                ],
            ),
        ],
    }
}

/// (exercise, question, text) of every answer of `src` read against [`workshop`], and the text
/// of everything unplaced.
pub(crate) fn placed(src: &str) -> (Vec<(String, u32, String)>, Vec<String>) {
    let read = crate::submission::markdown::read_markdown(src, &workshop())
        .unwrap_or_else(|e| panic!("{e}\n{src}"));
    let answers = (read.answers.into_iter())
        .map(|a| (a.exercise, a.question, a.text))
        .collect();
    (answers, read.unplaced.into_iter().map(|u| u.text).collect())
}
