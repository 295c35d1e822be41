//! How each kind of caller reacts beyond the scenario's own script. These are the built-in
//! behaviours the domain guidance describes; a scenario's reactions come on top.

use crate::scenario::{Archetype, MoodChange};
use crate::understand::{Move, Understanding};

use super::mood::change;

/// Built-in lines and effects of one archetype.
pub struct Behaviour {
    /// Said when a reply comes before the caller has finished.
    pub interrupted_line: &'static str,
    pub interrupted: MoodChange,
    /// The irate caller is not finished venting: the reply does not move the call on.
    pub interruption_blocks_reply: bool,
    /// Said when no branch matches the reply.
    pub nudge: &'static str,
    pub hold_complaint: &'static str,
    pub dead_air_line: &'static str,
    pub hang_up_line: &'static str,
}

pub fn behaviour(a: Archetype) -> Behaviour {
    match a {
        Archetype::Irate => Behaviour {
            interrupted_line: "Excuse me, I'm not finished!",
            interrupted: change(0.15, -0.05, -0.05),
            interruption_blocks_reply: true,
            nudge: "Are you even listening to me?",
            hold_complaint: "Hello?! I've been sitting on hold forever. Is anyone there?",
            dead_air_line: "Hello? Are you still there?",
            hang_up_line: "That's it. I'm done with this. Goodbye.",
        },
        Archetype::Demanding => Behaviour {
            interrupted_line: "Let me finish, please.",
            interrupted: change(0.05, -0.05, 0.0),
            interruption_blocks_reply: false,
            nudge: "That's not an answer. What exactly are you going to do, and when?",
            hold_complaint: "I've been on hold for over two minutes. This is unacceptable.",
            dead_air_line: "Hello? I'm waiting.",
            hang_up_line: "I'm not wasting any more time on this. Goodbye.",
        },
        Archetype::ChoiceShopping => Behaviour {
            interrupted_line: "Sorry, can I finish?",
            interrupted: change(0.05, -0.05, 0.0),
            interruption_blocks_reply: false,
            nudge: "So why shouldn't I just switch?",
            hold_complaint: "Still on hold... the other company answered in a minute, you know.",
            dead_air_line: "Hello? Anyone there?",
            hang_up_line: "Forget it. I'll take my business elsewhere.",
        },
    }
}

/// The mood effect an archetype adds to a reply, and why; several may apply.
pub fn reply_effects(a: Archetype, u: &Understanding) -> Vec<(MoodChange, &'static str)> {
    let mut out = Vec::new();
    // Everyone: rudeness and dismissal hurt, acknowledgement and apology soothe a little.
    if u.has(Move::Rude) {
        out.push((change(0.3, -0.2, -0.1), "rude words"));
    }
    if u.has(Move::Dismiss) || u.has(Move::Blame) {
        let anger = if a == Archetype::Irate { 0.2 } else { 0.1 };
        out.push((change(anger, -0.1, -0.05), "dismissed or blamed"));
    }
    match a {
        Archetype::Irate => {
            if u.has(Move::Acknowledge) {
                out.push((change(-0.05, 0.05, 0.0), "feeling acknowledged"));
            }
        }
        Archetype::Demanding => {
            if u.has(Move::OverPromise) {
                out.push((change(0.05, -0.2, 0.0), "an over-promise (heard it before)"));
            }
            let concrete = [
                Move::SetExpectation,
                Move::ProvideInfo,
                Move::OfferOption,
                Move::Question,
                Move::OfferEscalation,
                Move::Escalate,
            ];
            if !concrete.iter().any(|m| u.has(*m)) {
                out.push((change(0.05, 0.0, -0.05), "a vague reply"));
            }
        }
        Archetype::ChoiceShopping => {
            if u.has(Move::Mislead) {
                out.push((change(0.1, -0.35, 0.0), "a misleading claim"));
            } else if u.has(Move::OverPromise) {
                out.push((change(0.0, -0.15, 0.0), "an over-promise"));
            }
        }
    }
    out
}

/// What a choice-shopping caller says when they leave for the rival of their own accord.
pub fn rival_goodbye(sc: &crate::scenario::Scenario) -> String {
    let rival = sc.rival.as_ref().map_or("the other company".to_string(), |r| r.name.clone());
    format!("You know what? I'm going with {rival}. Goodbye.")
}

/// The trust below which a choice-shopping caller walks to the rival.
pub const LEAVES_BELOW_TRUST: f32 = 0.15;

/// The anger at which a demanding caller asks for a supervisor of their own accord.
pub const DEMANDS_SUPERVISOR_AT: f32 = 0.8;
pub const SUPERVISOR_DEMAND: &str = "I want to speak to your supervisor. Now.";
