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
            evidence: ctx
                .at(t, "the caller asked for a supervisor and neither this reply nor the next offered or arranged one"),
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

/// How many replies a trainee has to take up a supervisor request: the caller often asks for a
/// supervisor and something else in one breath, and answering the other question first is not
/// a brush-off; ignoring the request twice is.
const REPLIES_TO_ANSWER: usize = 2;

/// The reply that left the caller's request for a supervisor unanswered: none of the first
/// replies after it offers or arranges one, and no transfer follows them.
fn brushed_off<'a>(ctx: &'a Ctx) -> Option<&'a super::digest::Turn> {
    let d = ctx.d;
    let asked = d.supervisor_requested_at?;
    // The replies to the request: the lines after it (the line that prompted it came before).
    let replies: Vec<_> = d.replies().filter(|t| t.t > asked).take(REPLIES_TO_ANSWER).collect();
    let first = *replies.first()?;
    let last = replies.last().copied().unwrap_or(first);
    let answered = replies.iter().any(|r| [Move::OfferEscalation, Move::Escalate].iter().any(|m| r.has(*m)));
    let next_turn = d.replies().find(|t| t.turn > last.turn).map_or(f64::INFINITY, |t| t.t);
    let transferred = d.actions.iter().any(|(_, t, a)| *a == Action::Escalate && *t >= first.t && *t <= next_turn);
    (!answered && !transferred).then_some(first)
}
