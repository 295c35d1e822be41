//! Listening: let the caller vent, acknowledge the feeling, show you heard, ask before solving,
//! never make them repeat themselves.

use super::{Criterion, Ctx, Dimension::Listening, Status, criterion, met_if};
use crate::understand::Move;

/// How many replies "early" means for acknowledging the feeling.
const EARLY_REPLIES: usize = 2;

/// The anger under which a caller is not upset: there is no feeling to name.
const UPSET: f32 = 0.4;

/// Moves that start solving the problem (a hold or a timeline alone does not).
const SOLUTIONS: [Move; 3] = [Move::OfferOption, Move::OfferEscalation, Move::Escalate];

pub(super) fn criteria(ctx: &Ctx) -> Vec<Criterion> {
    let d = ctx.d;
    let replies: Vec<_> = d.replies().collect();
    let none = replies.is_empty();
    let mut out = Vec::new();

    let interruptions: Vec<_> = replies
        .iter()
        .filter(|t| t.interrupted)
        .map(|t| ctx.at(t, "spoke while the caller was still talking"))
        .collect();
    out.push(criterion(
        Listening,
        "no-interruption",
        "Let the caller finish",
        3,
        if none { Status::NotApplicable } else { met_if(interruptions.is_empty()) },
        (
            "You let the caller finish every time.",
            "Wait until the caller has finished before you reply, above all while they vent.",
        ),
        interruptions,
    ));

    let early = replies.iter().take(EARLY_REPLIES).find(|t| t.has(Move::Acknowledge));
    let evidence = match early {
        Some(t) => vec![ctx.at(t, "acknowledged the feeling")],
        None => replies
            .iter()
            .take(EARLY_REPLIES)
            .map(|t| ctx.at(t, "no acknowledgement of how the caller feels"))
            .collect(),
    };
    out.push(criterion(
        Listening,
        "acknowledge-early",
        "Acknowledge the feeling early",
        12,
        if none || d.max_anger < UPSET { Status::NotApplicable } else { met_if(early.is_some()) },
        (
            "You named the caller's feeling early.",
            "In your first or second reply, name the feeling: \"I can hear how frustrating this is.\"",
        ),
        evidence,
    ));

    let paraphrase = d.first_with(Move::Paraphrase);
    out.push(criterion(
        Listening,
        "paraphrase",
        "Restate the problem",
        10,
        if none { Status::NotApplicable } else { met_if(paraphrase.is_some()) },
        (
            "You showed you heard by restating the problem.",
            "Restate the problem in your words: \"So you were charged twice for March.\"",
        ),
        paraphrase.map(|t| vec![ctx.at(t, "restated the caller's problem")]).unwrap_or_default(),
    ));

    let first_solution = replies.iter().find(|t| SOLUTIONS.iter().any(|m| t.has(*m)));
    let status = match first_solution {
        None => Status::NotApplicable,
        Some(s) => {
            met_if(replies.iter().any(|t| t.turn < s.turn && t.has(Move::Question) && !only_stock_opener(&t.text)))
        }
    };
    out.push(criterion(
        Listening,
        "ask-before-solving",
        "Ask before solving",
        3,
        status,
        ("You asked before you offered a solution.", "Ask a question to understand before you offer a fix."),
        first_solution.map(|t| vec![ctx.at(t, "first solution offered")]).unwrap_or_default(),
    ));

    let repeats: Vec<_> = d
        .turns
        .iter()
        .filter(|t| !t.understood.asks_again.is_empty())
        .map(|t| ctx.at(t, format!("asked again for: {}", t.understood.asks_again.join(", "))))
        .collect();
    out.push(criterion(
        Listening,
        "no-asking-again",
        "Never ask again for what was given",
        3,
        if none { Status::NotApplicable } else { met_if(repeats.is_empty()) },
        (
            "You never made the caller repeat themselves.",
            "The caller already told you this: use what they said instead of asking again.",
        ),
        repeats,
    ));
    out
}

/// Whether the line's only question is the stock opener ("how can I help you today?"): said to a
/// caller who has just explained the problem, it asks nothing about it, so it is not discovery.
fn only_stock_opener(text: &str) -> bool {
    const OPENERS: [&str; 5] =
        ["how can i help", "how may i help", "what can i do for you", "how can i assist", "how may i assist"];
    let t = text.to_lowercase();
    // Any second question mark is a second question.
    OPENERS.iter().any(|o| t.contains(o)) && t.matches('?').count() <= 1
}

#[cfg(test)]
mod tests {
    use super::only_stock_opener;

    #[test]
    fn a_stock_opener_is_not_a_discovery_question() {
        assert!(only_stock_opener("Thanks for calling billing, how can I help you today?"));
        assert!(only_stock_opener("Good morning, how may I help you?"));
        assert!(!only_stock_opener("How can I help? Which charge is it, the one on the 3rd?"));
        assert!(!only_stock_opener("Can you read me the account number?"));
    }
}
