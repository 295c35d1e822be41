//! Major misses that cap the score below the pass mark, whatever the criteria add up to: the
//! caller leaving because of the handling, a silent hold past two minutes, a required step
//! never taken.

use super::{Cap, Criterion, Ctx, Status};
use crate::scenario::{Action, Outcome};
use crate::sim::condition::{Now, holds};
use crate::understand::Move;

/// How far below the pass mark a capped call stays.
pub const BELOW_PASS: u32 = 10;

pub(super) fn caps(ctx: &Ctx, criteria: &[Criterion]) -> Vec<Cap> {
    let d = ctx.d;
    let limit = ctx.sc.rubric.pass_mark().saturating_sub(BELOW_PASS);
    let mut out = Vec::new();
    let left = match d.outcome {
        Some(Outcome::CustomerHungUp) => Some("The caller hung up on the handling"),
        Some(Outcome::WentToRival) => {
            (!left_honestly(d)).then_some("The caller left for the rival without a real, honest option")
        }
        _ => None,
    };
    if let Some(title) = left {
        out.push(Cap {
            id: "caller-left".into(),
            title: title.into(),
            limit,
            evidence: ctx.event(d.end_t, "[Call ended]", "keep the caller: acknowledge, give real options, escalate"),
        });
    }
    if let Some(c) = criteria.iter().find(|c| c.id == "hold-check-in" && c.status == Status::Missed) {
        out.push(Cap {
            id: "silent-hold".into(),
            title: "A hold past two minutes with no check-in".into(),
            limit,
            evidence: c.evidence.first().cloned().unwrap_or_else(|| ctx.event(d.end_t, "[Hold]", "")),
        });
    }
    for req in &ctx.sc.rubric.required {
        if met_by(ctx, &req.when).is_none() {
            out.push(Cap {
                id: "required-step".into(),
                title: format!("Required step skipped: {}", req.title),
                limit,
                evidence: ctx.event(d.end_t, "[whole call]", format!("this call needs: {}", req.title)),
            });
        }
    }
    out
}

/// A choice-shopper who leaves after honest options made a choice; one who leaves a call with no
/// real option, or after a misleading claim, was lost by it.
pub(super) fn left_honestly(d: &super::digest::Digest) -> bool {
    d.outcome == Some(Outcome::WentToRival)
        && d.turns.iter().any(|t| t.has(Move::OfferOption))
        && !d.turns.iter().any(|t| t.has(Move::Mislead) || !t.understood.forbidden.is_empty())
}

/// Where in the call `when` was met: the line or the button press (its time and what it was).
pub(super) fn met_by(ctx: &Ctx, when: &crate::scenario::When) -> Option<super::Evidence> {
    let d = ctx.d;
    if let Some(t) = d.turns.iter().find(|t| holds(when, &now(Some(&t.understood), None))) {
        return Some(ctx.at(t, "covered here"));
    }
    d.actions
        .iter()
        .find(|(_, _, a)| holds(when, &now(None, Some(*a))))
        .map(|(_, t, a)| ctx.event(*t, format!("[{a:?}]"), "covered here"))
}

fn now(said: Option<&crate::understand::Understanding>, action: Option<Action>) -> Now<'_> {
    Now { said, action, interrupted: false, mood: Default::default(), on_hold_for: None, silence: 0.0 }
}
