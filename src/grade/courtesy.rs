//! Courtesy: no rude, dismissive or blaming words; an apology where due; greeting and close.

use super::{Criterion, Ctx, Dimension::Courtesy, Status, criterion, met_if};
use crate::scenario::{Archetype, Outcome};
use crate::understand::Move;

pub(super) fn criteria(ctx: &Ctx) -> Vec<Criterion> {
    let d = ctx.d;
    let none = d.turns.is_empty();
    let na_or = |ok: bool| {
        if none { Status::NotApplicable } else { met_if(ok) }
    };
    let mut out = Vec::new();

    let rude: Vec<_> = d.all_with(Move::Rude).into_iter().map(|t| ctx.at(t, hit(t, Move::Rude))).collect();
    out.push(criterion(
        Courtesy,
        "no-rude",
        "No rude words",
        5,
        na_or(rude.is_empty()),
        ("Courteous throughout.", "Stay courteous without exception, however the caller speaks to you."),
        rude,
    ));

    let dismissive: Vec<_> = d
        .turns
        .iter()
        .filter(|t| t.has(Move::Dismiss) || t.has(Move::Blame))
        .map(|t| ctx.at(t, if t.has(Move::Dismiss) { hit(t, Move::Dismiss) } else { hit(t, Move::Blame) }))
        .collect();
    out.push(criterion(
        Courtesy,
        "no-dismiss-blame",
        "Never dismiss or blame the caller",
        5,
        na_or(dismissive.is_empty()),
        (
            "You never dismissed or blamed the caller.",
            "Drop \"calm down\" and \"you should have\": say what you will do instead.",
        ),
        dismissive,
    ));

    let due = ctx.sc.archetype != Archetype::ChoiceShopping || d.start_mood.is_some_and(|m| m.anger >= 0.5);
    let apology = d.first_with(Move::Apologize);
    out.push(criterion(
        Courtesy,
        "apology-where-due",
        "Apologise where it is due",
        4,
        if due && !none { met_if(apology.is_some()) } else { Status::NotApplicable },
        ("You apologised for what went wrong.", "Apologise for what went wrong: \"I'm sorry this happened.\""),
        apology.map(|t| vec![ctx.at(t, "apologised")]).unwrap_or_default(),
    ));

    let first = d.turns.first();
    out.push(criterion(
        Courtesy,
        "greeting",
        "Greet the caller",
        7,
        na_or(first.is_some_and(|t| t.has(Move::Greet))),
        ("You opened with a greeting.", "Open with a greeting and your name."),
        first.map(|t| vec![ctx.at(t, "first words")]).unwrap_or_default(),
    ));

    let ended_well = matches!(d.outcome, Some(Outcome::Resolved | Outcome::Escalated));
    let tail: Vec<_> = d.turns.iter().rev().take(2).collect();
    let closed = tail.iter().find(|t| t.has(Move::Close));
    out.push(criterion(
        Courtesy,
        "close",
        "Close the call properly",
        2,
        if ended_well && !none { met_if(closed.is_some()) } else { Status::NotApplicable },
        ("You closed the call properly.", "Close: ask if there is anything else, thank the caller, say goodbye."),
        closed
            .map(|t| vec![ctx.at(t, "closing")])
            .unwrap_or_else(|| tail.iter().take(1).map(|t| ctx.at(t, "last words")).collect()),
    ));
    out
}

fn hit(t: &super::digest::Turn, m: Move) -> String {
    t.understood.hit(m).map_or(String::new(), |h| format!("{m}: \"{}\"", h.trigger))
}
