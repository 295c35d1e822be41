//! The facts of a call that grading looks at, read once from the record's events.

use crate::scenario::{Action, Mood, Outcome};
use crate::sim::{Event, Seconds, Timed};
use crate::understand::{Move, Understanding};

/// One thing the trainee said.
#[derive(Debug, Clone)]
pub struct Turn {
    pub turn: u32,
    pub t: Seconds,
    pub node: String,
    pub text: String,
    pub understood: Understanding,
    pub interrupted: bool,
    pub on_hold: bool,
}

impl Turn {
    pub fn has(&self, m: Move) -> bool {
        self.understood.has(m)
    }
}

#[derive(Debug, Clone)]
pub struct HoldSpan {
    pub start: Seconds,
    pub asked_first: bool,
    /// Times the trainee spoke to the held caller.
    pub check_ins: Vec<Seconds>,
    pub end: Option<Seconds>,
    pub warnings: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Digest {
    pub turns: Vec<Turn>,
    pub actions: Vec<(u32, Seconds, Action)>,
    pub holds: Vec<HoldSpan>,
    pub supervisor_requested_at: Option<Seconds>,
    pub refusals: Vec<u32>,
    /// When the caller's anger first reached the escalation point.
    pub at_limit_at: Option<Seconds>,
    pub max_anger: f32,
    pub start_mood: Option<Mood>,
    pub final_mood: Option<Mood>,
    pub outcome: Option<Outcome>,
    /// Why the trainee left before the call ended, when they did.
    pub left: Option<String>,
    pub end_t: Seconds,
    /// When the caller asked when or how long (a timeline is owed from the first).
    pub timing_asks: Vec<Seconds>,
    /// When the caller asked it again straight after the trainee's answer to the last ask.
    pub timing_pressed: Vec<Seconds>,
}

/// The anger at which the caller is "at the limit" and escalation should be offered.
pub const AT_LIMIT: f32 = 0.85;

impl Digest {
    pub fn of(events: &[Timed]) -> Digest {
        let mut d = Digest::default();
        let mut on_hold = false;
        // Whether the caller's lines since the trainee last spoke, and before that, asked when.
        let (mut asked_now, mut asked_before) = (false, false);
        for e in events {
            d.end_t = e.t;
            match &e.event {
                Event::CallStarted { mood } => {
                    d.start_mood = Some(*mood);
                    d.final_mood = Some(*mood);
                    d.max_anger = mood.anger;
                }
                Event::CustomerSays { line, at, .. } if asks_about_timing(line) => {
                    d.timing_asks.push(*at);
                    if asked_before {
                        d.timing_pressed.push(*at);
                    }
                    asked_now = true;
                }
                Event::TraineeSaid { turn, node, text, understood, .. } => {
                    // An answer with a time settles the ask; a next "how long?" is a new question.
                    let timed = !understood.expected.is_empty() || understood.has(Move::SetExpectation);
                    (asked_before, asked_now) = (asked_now && !timed, false);
                    d.turns.push(Turn {
                        turn: *turn,
                        t: e.t,
                        node: node.clone(),
                        text: text.clone(),
                        understood: understood.clone(),
                        interrupted: false,
                        on_hold,
                    });
                }
                Event::Interrupted { turn, .. } => {
                    if let Some(t) = d.turns.iter_mut().rev().find(|t| t.turn == *turn) {
                        t.interrupted = true;
                    }
                }
                Event::TraineeAction { turn, action, .. } => {
                    // A hold answers "when?" with "let me find out": the ask before it is not pressed.
                    (asked_before, asked_now) = (asked_now, false);
                    d.actions.push((*turn, e.t, *action));
                }
                Event::MoodChanged { mood, .. } => {
                    d.final_mood = Some(*mood);
                    d.max_anger = d.max_anger.max(mood.anger);
                    if mood.anger >= AT_LIMIT && d.at_limit_at.is_none() {
                        d.at_limit_at = Some(e.t);
                    }
                }
                Event::SupervisorRequested { .. } => {
                    d.supervisor_requested_at.get_or_insert(e.t);
                }
                Event::SupervisorRefused { turn } => d.refusals.push(*turn),
                Event::HoldStarted { asked_first } => {
                    on_hold = true;
                    d.holds.push(HoldSpan {
                        start: e.t,
                        asked_first: *asked_first,
                        check_ins: Vec::new(),
                        end: None,
                        warnings: 0,
                    });
                }
                Event::CheckedIn { .. } => {
                    if let Some(h) = d.holds.last_mut() {
                        h.check_ins.push(e.t);
                    }
                }
                Event::HoldWarning { .. } => {
                    if let Some(h) = d.holds.last_mut() {
                        h.warnings += 1;
                    }
                }
                Event::HoldEnded { .. } => {
                    on_hold = false;
                    if let Some(h) = d.holds.last_mut() {
                        h.end = Some(e.t);
                    }
                }
                Event::TraineeLeft { reason } => d.left = Some(reason.clone()),
                Event::CallEnded { outcome } => {
                    d.outcome = Some(*outcome);
                    if on_hold && let Some(h) = d.holds.last_mut() {
                        h.end = Some(e.t);
                    }
                }
                _ => {}
            }
        }
        if let Some(start) = d.start_mood
            && start.anger >= AT_LIMIT
        {
            d.at_limit_at.get_or_insert(0.0);
        }
        d
    }

    /// Replies spoken to the caller (not to a caller on hold).
    pub fn replies(&self) -> impl Iterator<Item = &Turn> {
        self.turns.iter().filter(|t| !t.on_hold)
    }

    pub fn first_with(&self, m: Move) -> Option<&Turn> {
        self.turns.iter().find(|t| t.has(m))
    }

    pub fn all_with(&self, m: Move) -> Vec<&Turn> {
        self.turns.iter().filter(|t| t.has(m)).collect()
    }

    pub fn escalated(&self) -> Option<(u32, Seconds)> {
        self.actions.iter().find(|a| a.2 == Action::Escalate).map(|a| (a.0, a.1))
    }

    /// Whether the call is about a wait: the caller asked when or how long, or the trainee
    /// spoke of one (an honest time, a vague one or an over-promise). A caller choosing between
    /// deals who never asks how long is owed a fair comparison, not a timeline.
    pub fn timeline_owed(&self) -> bool {
        !self.timing_asks.is_empty()
            || self.turns.iter().any(|t| {
                !t.understood.expected.is_empty()
                    || t.has(Move::OverPromise)
                    || t.understood.notes.iter().any(|n| n.contains("vague"))
            })
    }

    /// The last thing the trainee said before turn `turn`.
    pub fn said_before(&self, turn: u32) -> Option<&Turn> {
        self.turns.iter().rev().find(|t| t.turn < turn)
    }
}

/// A caller line asking when something happens or how long it takes ("When exactly?", "How
/// long does it take?", "Just tell me when it will be fixed!").
fn asks_about_timing(line: &str) -> bool {
    let words: Vec<String> = line
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let has = |a: &str, b: &str| words.windows(2).any(|w| w[0] == a && w[1] == b);
    words.iter().any(|w| w == "when")
        || has("how", "long")
        || has("how", "soon")
        || has("what", "time")
        || (has("how", "many") && words.iter().any(|w| ["hours", "days", "minutes", "weeks"].contains(&w.as_str())))
}

#[cfg(test)]
mod tests {
    use super::asks_about_timing;

    #[test]
    fn timing_questions_are_told_from_other_lines() {
        for asked in [
            "When. Exactly. Give me a number of days.",
            "Yes, cancel it please. How long does it take?",
            "'As soon as possible' means nothing. How many hours?",
            "Just tell me when it will be fixed!",
        ] {
            assert!(asks_about_timing(asked), "{asked}");
        }
        for other in ["So is it just me, or is it everyone?", "How many gigabytes is it?", "I want my money back."] {
            assert!(!asks_about_timing(other), "{other}");
        }
    }
}
