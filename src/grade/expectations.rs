//! Expectation setting: true, concrete timelines; no over-promising; next steps; hold etiquette;
//! a specific call-back.

use super::{Criterion, Ctx, Dimension::Expectations, Status, criterion, met_if};
use crate::understand::{Move, Verdict};

/// The guidance: check back on a held caller every two minutes at most.
pub const MAX_HOLD_GAP: f64 = 120.0;

pub(super) fn criteria(ctx: &Ctx) -> Vec<Criterion> {
    let d = ctx.d;
    let none = d.turns.is_empty();
    // A timeline and a next step are owed once the call is about a wait (see `timeline_owed`).
    let owed = d.timeline_owed();
    let mut out = Vec::new();

    // An over-promise is not expectation setting, however concrete it sounds.
    let honest = |t: &&crate::grade::digest::Turn| !t.has(Move::OverPromise);
    // A timeline given as what will happen (not "hold for two minutes").
    let timeline = d.turns.iter().filter(honest).find(|t| !t.understood.expected.is_empty());
    out.push(criterion(
        Expectations,
        "concrete-timeline",
        "Give a concrete timeline",
        7,
        if none || !(owed || timeline.is_some()) { Status::NotApplicable } else { met_if(timeline.is_some()) },
        ("You gave a concrete timeline.", "Say when it will happen: \"within 3 to 5 business days\", not \"soon\"."),
        timeline.map(|t| vec![ctx.at(t, format!("timeline: {}", t.understood.expected[0].text))]).unwrap_or_default(),
    ));

    // The caller asking again straight after the answer ("When. Exactly.") means the answer gave
    // them no time to plan by: a timeline pulled out of the agent is not a timeline set.
    let asked_again = d.timing_pressed.first();
    out.push(criterion(
        Expectations,
        "timeline-when-first-asked",
        "Give the timeline when first asked",
        6,
        if d.timing_asks.is_empty() { Status::NotApplicable } else { met_if(asked_again.is_none()) },
        (
            "You gave the time the first time the caller asked.",
            "Answer \"when?\" the first time it is asked, with the real time.",
        ),
        asked_again
            .map(|a| vec![ctx.event(*a, "[caller asked again]", "the caller had to ask a second time when")])
            .unwrap_or_default(),
    ));

    // "Soon", "a few days", "as soon as possible": a time the caller cannot plan by.
    let vague: Vec<_> = d
        .turns
        .iter()
        .filter_map(|t| t.understood.notes.iter().find(|n| n.contains("vague")).map(|n| ctx.at(t, n.clone())))
        .collect();
    out.push(criterion(
        Expectations,
        "no-vague-timelines",
        "No vague timelines",
        11,
        if none { Status::NotApplicable } else { met_if(vague.is_empty()) },
        (
            "Every time you gave was concrete.",
            "Replace \"soon\" or \"a few days\" with the real time: \"3 to 5 business days\".",
        ),
        vague,
    ));

    let over: Vec<_> = d
        .turns
        .iter()
        .filter_map(|t| {
            t.understood
                .hit(Move::OverPromise)
                .map(|h| ctx.at(t, format!("over-promise: \"{}\" ({})", h.trigger, h.rule)))
        })
        .collect();
    out.push(criterion(
        Expectations,
        "no-over-promise",
        "Promise only what you can deliver",
        5,
        if none { Status::NotApplicable } else { met_if(over.is_empty()) },
        (
            "You promised only what can be delivered.",
            "Promise only what you can deliver; give the true timeline even when it disappoints.",
        ),
        over,
    ));

    let checks: Vec<_> = d.turns.iter().flat_map(|t| t.understood.checks.iter().map(move |c| (t, c))).collect();
    let fits = checks.iter().find(|(_, c)| c.verdict == Verdict::Fits);
    let wrong: Vec<_> = checks
        .iter()
        .filter(|(_, c)| c.verdict != Verdict::Fits)
        .map(|(t, c)| ctx.at(t, format!("said \"{}\"; the fact {} is {}", c.stated.text, c.fact, c.truth)))
        .collect();
    out.push(criterion(
        Expectations,
        "timeline-matches-facts",
        "Timelines match the facts",
        3,
        if checks.is_empty() { Status::NotApplicable } else { met_if(fits.is_some() && wrong.is_empty()) },
        ("Your timelines matched the facts.", "Check the real timeline before you state it, and state it exactly."),
        if wrong.is_empty() {
            fits.map(|(t, _)| vec![ctx.at(t, "matches the facts")]).unwrap_or_default()
        } else {
            wrong
        },
    ));

    let next = d.turns.iter().filter(honest).find(|t| t.has(Move::SetExpectation));
    out.push(criterion(
        Expectations,
        "next-steps",
        "Say what happens next",
        4,
        if none || !(owed || next.is_some()) { Status::NotApplicable } else { met_if(next.is_some()) },
        ("You told the caller what happens next.", "Before the call ends, say what happens next and when."),
        next.map(|t| vec![ctx.at(t, "stated the next step")]).unwrap_or_default(),
    ));

    hold_criteria(ctx, &mut out);

    let callback = d.turns.iter().find(|t| mentions_callback(&t.text));
    out.push(criterion(
        Expectations,
        "specific-callback",
        "A call-back is specific",
        3,
        match callback {
            None => Status::NotApplicable,
            Some(t) => met_if(!t.understood.timelines.is_empty()),
        },
        (
            "Your call-back promise had a time.",
            "Make a call-back specific: when you will call and what you will have by then.",
        ),
        callback.map(|t| vec![ctx.at(t, "call-back promised")]).unwrap_or_default(),
    ));
    out
}

fn mentions_callback(text: &str) -> bool {
    let t = text.to_lowercase();
    ["call you back", "callback", "call-back", "ring you back", "call you tomorrow", "call you later"]
        .iter()
        .any(|p| t.contains(p))
}

fn hold_criteria(ctx: &Ctx, out: &mut Vec<Criterion>) {
    let d = ctx.d;
    let held = !d.holds.is_empty();
    let na = |ok: bool| {
        if held { met_if(ok) } else { Status::NotApplicable }
    };

    let unasked: Vec<_> = d
        .holds
        .iter()
        .filter(|h| !h.asked_first)
        .map(|h| ctx.event(h.start, "[Hold]", "put on hold without asking"))
        .collect();
    out.push(criterion(
        Expectations,
        "hold-ask-first",
        "Ask before placing on hold",
        9,
        na(unasked.is_empty()),
        (
            "You asked before placing the caller on hold.",
            "Ask first: \"May I place you on hold for two minutes while I check?\"",
        ),
        unasked,
    ));

    let mut gaps = Vec::new();
    for h in &d.holds {
        let mut last = h.start;
        for t in h.check_ins.iter().copied().chain(h.end) {
            if t - last > MAX_HOLD_GAP {
                gaps.push(ctx.event(
                    last,
                    format!("on hold {:.0} s without a check-in", t - last),
                    "check back every two minutes at most",
                ));
            }
            last = t;
        }
    }
    out.push(criterion(
        Expectations,
        "hold-check-in",
        "Check back on hold within two minutes",
        12,
        na(gaps.is_empty()),
        (
            "You checked back on the held caller in time.",
            "Check back at least every two minutes: \"Thanks for holding, I need two more minutes.\"",
        ),
        gaps,
    ));

    let resumed: Vec<_> = d.holds.iter().filter_map(|h| h.end).collect();
    let unthanked: Vec<_> = resumed
        .iter()
        .filter_map(|end| {
            let next = d.turns.iter().find(|t| t.t >= *end && !t.on_hold)?;
            (!next.has(Move::ThankForWaiting)).then(|| ctx.at(next, "no thanks for waiting after the hold"))
        })
        .collect();
    out.push(criterion(
        Expectations,
        "hold-thanks",
        "Thank the caller for holding",
        1,
        if resumed.is_empty() { Status::NotApplicable } else { met_if(unthanked.is_empty()) },
        ("You thanked the caller for waiting.", "When you come back: \"Thank you for waiting.\""),
        unthanked,
    ));
}
