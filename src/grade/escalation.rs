//! Escalation handling: never refuse a supervisor, offer escalation at the limit, do not escalate
//! what you can solve, explain the transfer, never leave an angry caller.

use super::digest::AT_LIMIT;
use super::{Criterion, Ctx, Dimension::Escalation, Status, criterion, met_if};
use crate::scenario::Outcome;
use crate::understand::Move;

/// Below this anger, with no supervisor asked for, escalating is passing on what you could solve.
const NEEDLESS_BELOW: f32 = 0.7;
/// Ending the call on a caller this angry is leaving them angry.
const STILL_ANGRY: f32 = 0.5;

pub(super) fn criteria(ctx: &Ctx) -> Vec<Criterion> {
    let d = ctx.d;
    let mut out = Vec::new();

    let refused: Vec<_> = d
        .refusals
        .iter()
        .filter_map(|n| d.turns.iter().find(|t| t.turn == *n))
        .map(|t| ctx.at(t, "refused the supervisor the caller asked for"))
        .collect();
    out.push(criterion(
        Escalation,
        "never-refuse-supervisor",
        "Never refuse a supervisor",
        11,
        if d.supervisor_requested_at.is_some() { met_if(refused.is_empty()) } else { Status::NotApplicable },
        (
            "You honoured the request for a supervisor.",
            "Never refuse a supervisor: \"Of course, I'll get my supervisor for you now.\"",
        ),
        refused,
    ));

    let trigger = match (d.at_limit_at, d.supervisor_requested_at) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let offered = trigger.and_then(|from| {
        d.turns
            .iter()
            .find(|t| t.t >= from && (t.has(Move::OfferEscalation) || t.has(Move::Escalate)))
            .map(|t| ctx.at(t, "offered escalation"))
            .or_else(|| d.escalated().filter(|e| e.1 >= from).map(|e| ctx.event(e.1, "[Escalate]", "escalated")))
            // Calming a caller at the limit down yourself, with no supervisor asked for and the
            // call resolved, is what the offer is for: they did not give up.
            .or_else(|| {
                let calmed = d.supervisor_requested_at.is_none()
                    && d.outcome == Some(Outcome::Resolved)
                    && d.final_mood.is_some_and(|m| m.anger < AT_LIMIT);
                calmed.then(|| {
                    ctx.event(d.end_t, "[whole call]", "brought the caller back from the limit and resolved the call")
                })
            })
    });
    out.push(criterion(
        Escalation,
        "offer-escalation-at-limit",
        "Offer escalation when the caller is at the limit",
        4,
        match trigger {
            None => Status::NotApplicable,
            Some(_) => met_if(offered.is_some()),
        },
        (
            "You offered a senior when the caller reached the limit.",
            "When the caller is at the limit, offer a senior colleague before they give up.",
        ),
        offered.into_iter().collect(),
    ));

    let escalated = d.escalated();
    let needless = escalated.is_some() && d.supervisor_requested_at.is_none() && d.max_anger < NEEDLESS_BELOW;
    out.push(criterion(
        Escalation,
        "no-needless-escalation",
        "Do not escalate what you can solve",
        3,
        if escalated.is_some() { met_if(!needless) } else { Status::NotApplicable },
        (
            "Your escalation was warranted.",
            "Solve it yourself when you can; escalate when the caller asks or it is beyond you.",
        ),
        escalated
            .map(|e| vec![ctx.event(e.1, "[Escalate]", format!("caller's anger at most {:.2}", d.max_anger))])
            .unwrap_or_default(),
    ));

    let explained = escalated
        .and_then(|(turn, _)| d.said_before(turn))
        .filter(|t| t.has(Move::OfferEscalation) || t.has(Move::Escalate));
    out.push(criterion(
        Escalation,
        "explain-transfer",
        "Explain the transfer",
        2,
        if escalated.is_some() { met_if(explained.is_some()) } else { Status::NotApplicable },
        (
            "You told the caller who you were transferring them to.",
            "Before transferring, say who you are passing them to and why.",
        ),
        explained.map(|t| vec![ctx.at(t, "explained the transfer")]).unwrap_or_default(),
    ));

    let final_anger = d.final_mood.map_or(0.0, |m| m.anger);
    let hung_up = d.outcome == Some(Outcome::AgentHungUp);
    out.push(criterion(
        Escalation,
        "no-ending-on-angry-caller",
        "Never end the call on an angry caller",
        3,
        if hung_up { met_if(final_anger < STILL_ANGRY) } else { Status::NotApplicable },
        ("The caller was calm when you ended the call.", "Do not end a call on an angry caller: resolve, or escalate."),
        vec![ctx.event(d.end_t, "[End call]", format!("caller's anger {final_anger:.2}"))],
    ));

    // Leaving after an honest comparison and real options is the caller's choice, not a loss.
    let lost =
        matches!(d.outcome, Some(Outcome::CustomerHungUp | Outcome::WentToRival)) && !super::caps::left_honestly(d);
    out.push(criterion(
        Escalation,
        "kept-the-caller",
        "Keep the caller on the line",
        6,
        if d.outcome.is_some() { met_if(!lost) } else { Status::NotApplicable },
        (
            "The caller stayed with you to the end.",
            "Before a caller gives up, offer options or a senior; customers have choices.",
        ),
        if lost {
            vec![ctx.event(d.end_t, format!("{:?}", d.outcome.unwrap_or(Outcome::CustomerHungUp)), "the caller left")]
        } else {
            vec![]
        },
    ));
    out
}

/// Whether the call gave escalation handling anything to grade.
pub(super) fn came_up(d: &super::digest::Digest) -> bool {
    d.supervisor_requested_at.is_some()
        || d.at_limit_at.is_some()
        || d.escalated().is_some()
        || d.turns
            .iter()
            .any(|t| [Move::OfferEscalation, Move::Escalate, Move::RefuseEscalation].iter().any(|m| t.has(*m)))
        || matches!(d.outcome, Some(Outcome::CustomerHungUp | Outcome::WentToRival | Outcome::AgentHungUp))
}
