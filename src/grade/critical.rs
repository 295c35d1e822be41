//! Critical items: any one fails the call whatever its score, as on a QA form.

use super::{AutoFail, Ctx};
use crate::scenario::{Action, Outcome};
use crate::understand::{Move, Verdict};

pub(super) fn auto_fails(ctx: &Ctx) -> Vec<AutoFail> {
    let d = ctx.d;
    let mut out = Vec::new();
    for turn in &d.refusals {
        if let Some(t) = d.turns.iter().find(|t| t.turn == *turn) {
            out.push(AutoFail {
                id: "refused-supervisor".into(),
                title: "Refused the caller's request for a supervisor".into(),
                evidence: ctx.at(t, "never refuse a supervisor request; offer the transfer"),
            });
        }
    }
    if d.refusals.is_empty()
        && let Some(t) = brushed_off(ctx)
    {
        out.push(AutoFail {
            id: "refused-supervisor".into(),
            title: "Brushed off the caller's request for a supervisor".into(),
            evidence: ctx.at(t, "the caller asked for a supervisor and this reply neither offered nor arranged one"),
        });
    }
    if d.outcome == Some(Outcome::AgentHungUp) {
        out.push(AutoFail {
            id: "hung-up".into(),
            title: "Ended the call on the caller".into(),
            evidence: ctx.event(d.end_t, "[End call]", "never hang up on a caller: resolve, or escalate instead"),
        });
    }
    if let Some(t) = d.first_with(Move::Rude) {
        out.push(AutoFail {
            id: "abuse".into(),
            title: "Abusive or demeaning language".into(),
            evidence: ctx.at(t, "courteous without exception: no put-downs, no telling the caller how to feel"),
        });
    }
    // A misleading claim the scenario names (`promises.misleading`) reads as `Mislead`.
    let misleading = d.turns.iter().find(|t| t.has(Move::Mislead));
    if let Some(t) = misleading {
        out.push(AutoFail {
            id: "misleading-sale".into(),
            title: "A false or misleading sales claim".into(),
            evidence: ctx.at(t, "never sell in a misleading way"),
        });
    }
    let contradicted = d.turns.iter().find(|t| {
        let u = &t.understood;
        !u.forbidden.is_empty()
            || u.checks.iter().any(|c| c.verdict == Verdict::TooFast)
            || u.hit(Move::OverPromise).is_some_and(|h| h.rule.starts_with("a guarantee"))
    });
    if let Some(t) = contradicted {
        let why = t
            .understood
            .forbidden
            .first()
            .map(|f| f.reason.clone())
            .or_else(|| {
                t.understood
                    .checks
                    .iter()
                    .find(|c| c.verdict == Verdict::TooFast)
                    .map(|c| format!("{} is {}", c.fact, c.truth))
            })
            .unwrap_or_else(|| "the facts do not back it".into());
        out.push(AutoFail {
            id: "forbidden-promise".into(),
            title: "A promise the facts contradict".into(),
            evidence: ctx.at(t, format!("promise only what is true: {why}")),
        });
    }
    out
}

/// The first reply after the caller asked for a supervisor, when it neither offers one nor is
/// followed by the transfer.
fn brushed_off<'a>(ctx: &'a Ctx) -> Option<&'a super::digest::Turn> {
    let d = ctx.d;
    let asked = d.supervisor_requested_at?;
    // The reply to the request: the first line after it (the line that prompted it came before).
    let reply = d.replies().find(|t| t.t > asked)?;
    let answered = [Move::OfferEscalation, Move::Escalate].iter().any(|m| reply.has(*m));
    let next_turn = d.replies().find(|t| t.turn > reply.turn).map_or(f64::INFINITY, |t| t.t);
    let transferred = d.actions.iter().any(|(_, t, a)| *a == Action::Escalate && *t >= reply.t && *t <= next_turn);
    (!answered && !transferred).then_some(reply)
}
