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
}

/// The anger at which the caller is "at the limit" and escalation should be offered.
pub const AT_LIMIT: f32 = 0.85;

impl Digest {
    pub fn of(events: &[Timed]) -> Digest {
        let mut d = Digest::default();
        let mut on_hold = false;
        for e in events {
            d.end_t = e.t;
            match &e.event {
                Event::CallStarted { mood } => {
                    d.start_mood = Some(*mood);
                    d.final_mood = Some(*mood);
                    d.max_anger = mood.anger;
                }
                Event::TraineeSaid { turn, node, text, understood, .. } => d.turns.push(Turn {
                    turn: *turn,
                    t: e.t,
                    node: node.clone(),
                    text: text.clone(),
                    understood: understood.clone(),
                    interrupted: false,
                    on_hold,
                }),
                Event::Interrupted { turn, .. } => {
                    if let Some(t) = d.turns.iter_mut().rev().find(|t| t.turn == *turn) {
                        t.interrupted = true;
                    }
                }
                Event::TraineeAction { turn, action, .. } => d.actions.push((*turn, e.t, *action)),
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

    /// The last thing the trainee said before turn `turn`.
    pub fn said_before(&self, turn: u32) -> Option<&Turn> {
        self.turns.iter().rev().find(|t| t.turn < turn)
    }
}
