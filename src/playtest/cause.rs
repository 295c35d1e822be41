//! Why a call ended, and where an unfinished one was going round: what `playtest --explore`
//! reports so a trainer can tell a scripted ending from a built-in mood limit.

use crate::scenario::{Action, Scenario, When};
use crate::sim::archetype::{LEAVES_BELOW_TRUST, behaviour, rival_goodbye};
use crate::sim::mood::HANG_UP_ANGER;
use crate::sim::{Event, Timed};

/// The cause of a call's ending, in a trainer's words, or None while it is open.
pub fn ending_cause(log: &[Timed], sc: &Scenario) -> Option<String> {
    let hang_up = behaviour(sc.archetype).hang_up_line;
    let rival = rival_goodbye(sc);
    // A scripted or built-in cause ends the call at once; a button press only when none did.
    let mut cause: Option<String> = None;
    let mut pressed: Option<String> = None;
    for e in log {
        match &e.event {
            Event::BranchTaken { from, end: Some(_), condition, .. } => {
                cause = Some(format!("a branch of `{from}` ends the call ({condition})"));
            }
            Event::NodeEntered { node } if sc.nodes.get(node).is_some_and(|n| n.end.is_some()) => {
                cause = Some(format!("node `{node}` ends the call (its `end:`)"));
            }
            Event::ReactionFired { index, condition } if sc.reactions.get(*index).is_some_and(|r| r.end.is_some()) => {
                cause = Some(format!("reaction {} ends the call ({condition})", index + 1));
            }
            Event::CustomerSays { line, .. } if line == hang_up => {
                cause =
                    Some(format!("the built-in anger limit: the caller hung up (anger reached {HANG_UP_ANGER:.1})"));
            }
            Event::CustomerSays { line, .. } if *line == rival => {
                cause = Some(format!(
                    "the built-in trust limit: the caller left for the rival (trust fell below {LEAVES_BELOW_TRUST})"
                ));
            }
            Event::TraineeAction { action: a @ (Action::EndCall | Action::Escalate), .. } => {
                pressed = Some(format!("the trainee pressed [{a:?}]"));
            }
            Event::CallEnded { .. } => return cause.or(pressed).or(Some("the call ended".into())),
            _ => {}
        }
    }
    None
}

/// For a call still open: the cycle of nodes it was going round at the end ("a → b → a"), or
/// the one node it stayed at.
pub fn stuck_in(log: &[Timed], sc: &Scenario) -> String {
    let nodes: Vec<&str> = log
        .iter()
        .filter_map(|e| match &e.event {
            Event::NodeEntered { node } => Some(node.as_str()),
            _ => None,
        })
        .collect();
    let Some(last) = nodes.last() else { return "no node".into() };
    match nodes[..nodes.len() - 1].iter().rposition(|n| n == last) {
        Some(i) => nodes[i..].join(" → "),
        // `Otherwise` takes any spoken line: a call that stays despite it was on hold or
        // answered with buttons.
        None if sc.nodes.get(*last).is_some_and(|n| n.next.iter().any(|b| b.when == When::Otherwise)) => {
            format!("stayed at `{last}` (on hold or pressing buttons: `Otherwise` takes only spoken lines)")
        }
        None => format!("stayed at `{last}` (no branch led on)"),
    }
}
