//! The built-in moves: what a trainee's line does in the conversation.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Move {
    Greet,
    /// Names or validates the caller's feeling.
    Acknowledge,
    Apologize,
    /// Restates the caller's problem in the trainee's words.
    Paraphrase,
    Question,
    ProvideInfo,
    /// A concrete next step or timeline.
    SetExpectation,
    /// A guarantee, "right now", or a timeline faster than the facts allow.
    OverPromise,
    RequestHold,
    CheckIn,
    ThankForWaiting,
    OfferEscalation,
    Escalate,
    RefuseEscalation,
    Blame,
    Dismiss,
    Rude,
    OfferOption,
    /// A false or misleading sales claim (about the offer or the rival).
    Mislead,
    Close,
}

impl Move {
    pub const ALL: [Move; 20] = [
        Move::Greet,
        Move::Acknowledge,
        Move::Apologize,
        Move::Paraphrase,
        Move::Question,
        Move::ProvideInfo,
        Move::SetExpectation,
        Move::OverPromise,
        Move::RequestHold,
        Move::CheckIn,
        Move::ThankForWaiting,
        Move::OfferEscalation,
        Move::Escalate,
        Move::RefuseEscalation,
        Move::Blame,
        Move::Dismiss,
        Move::Rude,
        Move::OfferOption,
        Move::Mislead,
        Move::Close,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Move::Greet => "Greet",
            Move::Acknowledge => "Acknowledge",
            Move::Apologize => "Apologize",
            Move::Paraphrase => "Paraphrase",
            Move::Question => "Question",
            Move::ProvideInfo => "ProvideInfo",
            Move::SetExpectation => "SetExpectation",
            Move::OverPromise => "OverPromise",
            Move::RequestHold => "RequestHold",
            Move::CheckIn => "CheckIn",
            Move::ThankForWaiting => "ThankForWaiting",
            Move::OfferEscalation => "OfferEscalation",
            Move::Escalate => "Escalate",
            Move::RefuseEscalation => "RefuseEscalation",
            Move::Blame => "Blame",
            Move::Dismiss => "Dismiss",
            Move::Rude => "Rude",
            Move::OfferOption => "OfferOption",
            Move::Mislead => "Mislead",
            Move::Close => "Close",
        }
    }

    pub fn from_name(name: &str) -> Option<Move> {
        Move::ALL.into_iter().find(|m| m.name().eq_ignore_ascii_case(name))
    }
}

impl std::fmt::Display for Move {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
