//! Why a branch's condition did not hold for a line, in words a trainer can act on: the move
//! that was not found and how close the learned reader came, the intent phrases that would have
//! matched, the mood it waited for.

use std::collections::BTreeMap;

use crate::scenario::When;
use crate::scenario::graph::describe;
use crate::sim::condition::{Now, holds};
use crate::understand::reader::{Reader, Reading};

/// Intent phrases shown as examples of what would have matched.
const EXAMPLES: usize = 3;

/// Whether a condition looks at what the trainee said (a move or an intent somewhere in it).
pub fn said_by_line(when: &When) -> bool {
    match when {
        When::Move(_) | When::Intent(_) => true,
        When::All(parts) | When::Any(parts) => parts.iter().any(said_by_line),
        When::Not(inner) => said_by_line(inner),
        _ => false,
    }
}

/// What a reason can draw on besides the line: the learned reader's scores, the scenario's intents.
#[derive(Clone, Copy)]
pub struct Evidence<'a> {
    pub reader: Option<(&'a Reading, &'a Reader)>,
    pub intents: &'a BTreeMap<String, Vec<String>>,
}

/// The unmet parts of `when` (empty when it holds), each with what would have met it.
pub fn missing(when: &When, now: &Now, ev: Evidence) -> Vec<String> {
    if holds(when, now) {
        return Vec::new();
    }
    match when {
        When::Move(m) => {
            let mut why = format!("no {m}");
            if let Some((reading, reader)) = ev.reader
                && let Some(threshold) = reader.heads().threshold(*m)
            {
                let score = reading.score(*m);
                if score >= threshold {
                    // Read, then set aside by a rule: say which.
                    let rules = now.said.map(|u| u.notes.join("; ")).unwrap_or_default();
                    let rule = set_aside(*m, now.said, &rules);
                    why = format!("no {m}: the learned reader found it ({score:.2}) but {rule}");
                } else {
                    why.push_str(&format!(" (learned score {score:.2}, needs {threshold:.2})"));
                }
            }
            if let Some(u) = now.said
                && let Some(d) = u.disagreements.iter().find(|d| d.mv == *m && !d.kept)
            {
                why.push_str(&format!(
                    "; the learned reader scored it {:.2} but the phrase lexicon did not confirm it",
                    d.score
                ));
            }
            vec![why]
        }
        When::Intent(i) => match ev.intents.get(i) {
            Some(phrases) => vec![format!("no phrase of intent `{i}` (such as {})", intent_examples(phrases))],
            None => vec![format!("intent `{i}` is not in the scenario's `intents`")],
        },
        When::All(parts) => parts.iter().flat_map(|p| missing(p, now, ev)).collect(),
        When::Any(parts) => {
            let each: Vec<String> = parts.iter().map(|p| missing(p, now, ev).join(" and ")).collect();
            vec![format!("none of: {}", each.join(" / "))]
        }
        When::Not(inner) => vec![format!("{} holds, and the branch wants it not to", describe(inner))],
        When::Otherwise => vec!["only a spoken line takes it".into()],
        When::Action(a) => vec![format!("waits for the [{a:?}] button")],
        When::AngerAtLeast(x) => vec![format!("anger is {:.2}, needs at least {x}", now.mood.anger)],
        When::AngerBelow(x) => vec![format!("anger is {:.2}, needs below {x}", now.mood.anger)],
        When::TrustAtLeast(x) => vec![format!("trust is {:.2}, needs at least {x}", now.mood.trust)],
        When::TrustBelow(x) => vec![format!("trust is {:.2}, needs below {x}", now.mood.trust)],
        When::PatienceBelow(x) => vec![format!("patience is {:.2}, needs below {x}", now.mood.patience)],
        When::HoldLongerThan(s) => vec![format!("waits for a hold of more than {s} s without a check-in")],
        When::SilenceLongerThan(s) => vec![format!("waits for more than {s} s of silence")],
        When::Interrupted => vec!["only when the trainee talks over the caller".into()],
    }
}

/// Why a move the learned reader scored over its threshold was not counted.
fn set_aside(mv: crate::understand::Move, u: Option<&crate::understand::Understanding>, notes: &str) -> String {
    use crate::understand::Move;
    let has = |m: Move| u.is_some_and(|u| u.has(m));
    match mv {
        Move::SetExpectation if has(Move::OverPromise) => "an over-promise is not honest expectation setting".into(),
        Move::OfferEscalation if has(Move::Escalate) => {
            "the line transfers (Escalate), which is more than offering".into()
        }
        Move::OfferOption if has(Move::Escalate) || has(Move::OfferEscalation) => {
            "a supervisor offered is not another option".into()
        }
        _ if !notes.is_empty() => format!("a rule set it aside: {notes}"),
        _ => "the phrase lexicon did not confirm it (a critical move needs both, or a higher score)".into(),
    }
}

/// How close the line came to meeting `when`, 0 to 1 (1: it holds). A move counts by its
/// learned score against its threshold; an intent, a button or a mood has no "almost".
pub fn closeness(when: &When, now: &Now, ev: Evidence) -> f32 {
    if holds(when, now) {
        return 1.0;
    }
    match when {
        When::Move(m) => match ev.reader {
            Some((reading, reader)) => {
                reader.heads().threshold(*m).map_or(0.0, |t| (reading.score(*m) / t.max(1e-3)).min(0.99))
            }
            None => 0.0,
        },
        When::Any(parts) => parts.iter().map(|p| closeness(p, now, ev)).fold(0.0, f32::max),
        When::All(parts) => parts.iter().map(|p| closeness(p, now, ev)).fold(1.0, f32::min),
        _ => 0.0,
    }
}

/// Up to three of an intent's phrases, quoted, to show what would have matched.
pub fn intent_examples(phrases: &[String]) -> String {
    let shown: Vec<String> = phrases.iter().take(EXAMPLES).map(|p| format!("\"{p}\"")).collect();
    let more = phrases.len().saturating_sub(EXAMPLES);
    if more > 0 { format!("{} (+{more} more)", shown.join(", ")) } else { shown.join(", ") }
}
