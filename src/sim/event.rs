//! What happens in a call, as a list of timed events. The session record is exactly this list.

use serde::{Deserialize, Serialize};

use crate::scenario::{Action, Mood, Outcome};
use crate::understand::Understanding;

/// Seconds since the call started.
pub type Seconds = f64;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    Typed,
    Spoken,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timed {
    pub t: Seconds,
    #[serde(flatten)]
    pub event: Event,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind")]
// A trainee's line carries its whole `Understanding` (the evidence the grader cites); events are
// made once a turn, so the size is not worth a box in every match.
#[allow(clippy::large_enum_variant)]
pub enum Event {
    /// The call connects; the caller's starting mood.
    CallStarted {
        mood: Mood,
    },
    NodeEntered {
        node: String,
    },
    /// A caller line, to be revealed from `at` until `until` (natural pace).
    CustomerSays {
        node: String,
        line: String,
        at: Seconds,
        until: Seconds,
    },
    /// What the trainee said and what was understood of it.
    TraineeSaid {
        turn: u32,
        node: String,
        text: String,
        source: Source,
        understood: Understanding,
    },
    TraineeAction {
        turn: u32,
        node: String,
        action: Action,
    },
    /// The trainee spoke while the caller was still talking; lines not yet revealed are dropped
    /// (the ones that follow re-deliver what the caller still has to say).
    Interrupted {
        turn: u32,
        caller_until: Seconds,
    },
    BranchTaken {
        from: String,
        condition: String,
        goto: Option<String>,
        end: Option<Outcome>,
    },
    ReactionFired {
        index: usize,
        condition: String,
    },
    /// No branch matched; the caller nudges and waits.
    NoBranchMatched {
        node: String,
    },
    MoodChanged {
        mood: Mood,
        cause: String,
    },
    SupervisorRequested {
        node: String,
    },
    /// The trainee refused a supervisor the caller asked for.
    SupervisorRefused {
        turn: u32,
    },
    HoldStarted {
        asked_first: bool,
    },
    CheckedIn {
        waited: Seconds,
    },
    HoldWarning {
        waited: Seconds,
    },
    HoldEnded {
        held: Seconds,
    },
    DeadAir {
        silence: Seconds,
    },
    CallEnded {
        outcome: Outcome,
    },
    /// The trainee's input ended (Ctrl-D, a closed pipe) before the call did: not a hang-up on
    /// the caller, and not a finished call. The call is graded as interrupted.
    TraineeLeft {
        reason: String,
    },
}
