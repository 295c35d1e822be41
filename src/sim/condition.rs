//! Deciding whether a `When` holds at this moment of the call.

use crate::scenario::{Action, Mood, When};
use crate::understand::Understanding;

use super::event::Seconds;

/// What a condition can look at.
pub struct Now<'a> {
    /// The trainee's line being answered, if this is a reply.
    pub said: Option<&'a Understanding>,
    /// The button pressed, if this is an action.
    pub action: Option<Action>,
    pub interrupted: bool,
    pub mood: Mood,
    /// Seconds on hold since the last check-in, when on hold.
    pub on_hold_for: Option<Seconds>,
    /// Seconds of silence since the caller finished.
    pub silence: Seconds,
}

pub fn holds(when: &When, now: &Now) -> bool {
    match when {
        When::Move(m) => now.said.is_some_and(|u| u.has(*m)),
        When::Intent(i) => now.said.is_some_and(|u| u.has_intent(i)),
        When::Action(a) => now.action == Some(*a),
        When::All(parts) => parts.iter().all(|p| holds(p, now)),
        When::Any(parts) => parts.iter().any(|p| holds(p, now)),
        When::Not(inner) => !holds(inner, now),
        // A fallback for what the trainee says; pressing Hold is not "anything else".
        When::Otherwise => now.said.is_some(),
        When::AngerAtLeast(x) => now.mood.anger >= *x,
        When::AngerBelow(x) => now.mood.anger < *x,
        When::TrustAtLeast(x) => now.mood.trust >= *x,
        When::TrustBelow(x) => now.mood.trust < *x,
        When::PatienceBelow(x) => now.mood.patience < *x,
        When::HoldLongerThan(s) => now.on_hold_for.is_some_and(|h| h > f64::from(*s)),
        When::SilenceLongerThan(s) => now.silence > f64::from(*s),
        When::Interrupted => now.interrupted,
    }
}

/// True when the condition depends only on the state of the call (mood, hold, silence), so it
/// is checked as time passes and fires once each time it becomes true.
pub fn is_state_only(when: &When) -> bool {
    match when {
        When::Move(_) | When::Intent(_) | When::Action(_) | When::Otherwise | When::Interrupted => false,
        When::All(parts) | When::Any(parts) => parts.iter().all(is_state_only),
        When::Not(inner) => is_state_only(inner),
        _ => true,
    }
}
