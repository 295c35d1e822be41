//! Accuracy: stated facts match the scenario's facts; no false or misleading claims.

use super::amounts::{is_known, known_amounts};
use super::{Criterion, Ctx, Dimension::Accuracy, Status, criterion, met_if};
use crate::understand::{Move, Verdict};

pub(super) fn criteria(ctx: &Ctx) -> Vec<Criterion> {
    let d = ctx.d;
    let none = d.turns.is_empty();
    let mut out = Vec::new();

    let known = known_amounts(ctx.sc);
    let mut wrong = Vec::new();
    let mut stated = Vec::new();
    for t in &d.turns {
        for a in &t.understood.amounts {
            let ok = crate::understand::amount_value(a).is_some_and(|v| is_known(&known, v));
            if ok {
                stated.push(ctx.at(t, format!("{a} matches the facts")));
            } else {
                wrong.push(ctx.at(t, format!("{a} is not an amount in the facts")));
            }
        }
        for c in t
            .understood
            .checks
            .iter()
            .filter(|c| c.verdict == Verdict::TooSlow)
            .chain(t.understood.lengths.iter().filter(|c| c.verdict != Verdict::Fits))
        {
            wrong.push(ctx.at(t, format!("\"{}\" does not match the fact {}: {}", c.stated.text, c.fact, c.truth)));
        }
        for c in t.understood.lengths.iter().filter(|c| c.verdict == Verdict::Fits) {
            stated.push(ctx.at(t, format!("\"{}\" matches the fact {}", c.stated.text, c.fact)));
        }
    }
    let checked = !stated.is_empty() || !wrong.is_empty() || d.turns.iter().any(|t| !t.understood.checks.is_empty());
    out.push(criterion(
        Accuracy,
        "facts-correct",
        "State the facts correctly",
        5,
        if checked { met_if(wrong.is_empty()) } else { Status::NotApplicable },
        ("The figures you gave were correct.", "Check amounts and timelines on the account before you state them."),
        if wrong.is_empty() { stated } else { wrong },
    ));

    let misleading: Vec<_> = d
        .turns
        .iter()
        .filter(|t| t.has(Move::Mislead) || !t.understood.forbidden.is_empty())
        .map(|t| match t.understood.misleading.first().or(t.understood.forbidden.first()) {
            Some(f) => ctx.at(t, format!("\"{}\": {}", f.trigger, f.reason)),
            None => ctx.at(
                t,
                format!("misleading: \"{}\"", t.understood.hit(Move::Mislead).map_or("", |h| h.trigger.as_str())),
            ),
        })
        .collect();
    out.push(criterion(
        Accuracy,
        "no-misleading-claims",
        "No false or misleading claims",
        6,
        if none { Status::NotApplicable } else { met_if(misleading.is_empty()) },
        (
            "Everything you claimed was true.",
            "Compare honestly: say what your offer really includes, never what the rival lacks unless you know it.",
        ),
        misleading,
    ));

    let info = d.first_with(Move::ProvideInfo);
    out.push(criterion(
        Accuracy,
        "gives-information",
        "Give the caller real information",
        6,
        if none { Status::NotApplicable } else { met_if(info.is_some()) },
        ("You gave the caller real information.", "Tell the caller what you found: what happened, and why."),
        info.map(|t| vec![ctx.at(t, "gave information")]).unwrap_or_default(),
    ));
    out
}
