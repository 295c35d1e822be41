//! The scenario proved against itself: each node's `good` model answer, said at that node, must
//! take one of the node's own branches (not `Otherwise`), or the debrief shows a model answer the
//! caller would not follow.

use super::why::said_by_line;
use crate::scenario::locate::field;
use crate::scenario::validate::at;
use crate::scenario::{Loaded, Problem, Severity, When};
use crate::sim::condition::{Now, holds};
use crate::understand::{Context, Understander};

/// The branch (index) a line takes from `node`, judged on what it says (mood at the caller's
/// starting mood); None when nothing but `Otherwise` matches.
pub fn branch_taken(loaded: &Loaded, understander: &Understander, node: &str, line: &str) -> Option<usize> {
    let sc = &loaded.scenario;
    let n = sc.nodes.get(node)?;
    let context: Vec<String> = n.say.clone();
    let u = understander.understand(line, Context { customer_said: &context });
    let now = Now {
        said: Some(&u),
        action: None,
        interrupted: false,
        mood: sc.customer.mood,
        on_hold_for: None,
        silence: 0.0,
    };
    n.next.iter().position(|b| holds(&b.when, &now)).filter(|&i| said_by_line(&n.next[i].when))
}

/// Warnings for the `good` answers that fall through to `Otherwise` (or match nothing).
pub fn check_good_answers(loaded: &Loaded, understander: &Understander) -> Vec<Problem> {
    let mut out = Vec::new();
    for (name, node) in &loaded.scenario.nodes {
        let Some(good) = &node.good else { continue };
        // Only branches a spoken line can take count (not `Action(Hold)`, not mood or time); a
        // node with a button branch may have a model answer that goes with the button.
        let has_specific = node.next.iter().any(|b| said_by_line(&b.when) && b.goto.as_deref() != Some(name));
        let has_button = node.next.iter().any(|b| matches!(b.when, When::Action(_)));
        if node.next.is_empty() || !has_specific || has_button {
            continue;
        }
        if branch_taken(loaded, understander, name, good).is_none() {
            let u = understander.understand(good, Context { customer_said: &node.say });
            let found = u.labels().join(", ");
            out.push(
                at(
                    loaded,
                    &field(&field("nodes", name), "good"),
                    Severity::Warning,
                    "good-misses-branch",
                    format!(
                        "the model answer of node `{name}` takes none of its branches (it reads as: {})",
                        if found.is_empty() { "no moves".to_string() } else { found }
                    ),
                )
                .hint(format!("reword it to make the move its branch waits for; `callsim try FILE --node {name} \"…\"` shows what each branch needed")),
            );
        }
    }
    out
}
