//! Grading a call from its record: five dimensions, each criterion backed by the lines it is
//! about, critical items that fail the call whatever the score, and a weighted total.

mod accuracy;
pub mod amounts;
mod caps;
mod courtesy;
mod critical;
pub mod digest;
mod escalation;
mod expectations;
pub mod key_points;
mod listening;
pub mod render;

use serde::{Deserialize, Serialize};

use crate::scenario::{Mood, Outcome, Scenario};
use crate::sim::{Event, Seconds, Timed};
use digest::{Digest, Turn};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Dimension {
    Listening,
    Expectations,
    Escalation,
    Courtesy,
    Accuracy,
}

impl Dimension {
    pub const ALL: [Dimension; 5] = [
        Dimension::Listening,
        Dimension::Expectations,
        Dimension::Escalation,
        Dimension::Courtesy,
        Dimension::Accuracy,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Dimension::Listening => "Listening",
            Dimension::Expectations => "Expectation setting",
            Dimension::Escalation => "Escalation handling",
            Dimension::Courtesy => "Courtesy",
            Dimension::Accuracy => "Accuracy",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Met,
    Missed,
    NotApplicable,
}

/// A line of the call that a point is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub turn: Option<u32>,
    pub t: Seconds,
    /// The trainee's words (or what happened, when it was not something said).
    pub words: String,
    /// What the grader saw in them.
    pub note: String,
    /// The scenario's model answer for the moment it happened, if it has one.
    pub good: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    pub id: String,
    pub dimension: Dimension,
    pub title: String,
    pub weight: u32,
    pub status: Status,
    /// One-line coaching: what to do differently (or what was done well).
    pub tip: String,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AutoFail {
    pub id: String,
    pub title: String,
    pub evidence: Evidence,
}

/// A major miss that caps the score: the caller left because of the handling, a silent hold past
/// two minutes, a required step skipped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cap {
    pub id: String,
    pub title: String,
    /// The highest total the call can have.
    pub limit: u32,
    pub evidence: Evidence,
}

/// A call that did not reach an ending: the debrief covers what happened up to `t`, and the call
/// is never a pass.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interruption {
    pub t: Seconds,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionScore {
    pub dimension: Dimension,
    pub score: u32,
    pub weight: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TranscriptLine {
    pub t: Seconds,
    pub who: String,
    pub text: String,
    pub turn: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    pub scenario_id: String,
    pub title: String,
    pub outcome: Option<Outcome>,
    pub total: u32,
    pub pass_mark: u32,
    pub passed: bool,
    /// Set when the call never ended (the program stopped, or the trainee left).
    #[serde(default)]
    pub interrupted: Option<Interruption>,
    pub dimensions: Vec<DimensionScore>,
    pub auto_fails: Vec<AutoFail>,
    /// Major misses that hold the total below the pass mark, whatever the criteria add up to.
    #[serde(default)]
    pub caps: Vec<Cap>,
    pub criteria: Vec<Criterion>,
    pub transcript: Vec<TranscriptLine>,
    pub mood: Vec<(Seconds, Mood)>,
}

impl Scorecard {
    /// PASS, FAIL, or INTERRUPTED for a call that never ended.
    pub fn verdict(&self) -> &'static str {
        match (&self.interrupted, self.passed) {
            (Some(_), _) => "INTERRUPTED",
            (None, true) => "PASS",
            (None, false) => "FAIL",
        }
    }

    pub fn score(&self, d: Dimension) -> u32 {
        self.dimensions.iter().find(|s| s.dimension == d).map_or(0, |s| s.score)
    }

    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.id == id)
    }

    /// Turns that some criterion or auto-fail points at.
    pub fn evidence_turns(&self) -> Vec<u32> {
        let mut turns: Vec<u32> = self
            .criteria
            .iter()
            .filter(|c| c.status == Status::Missed)
            .flat_map(|c| c.evidence.iter())
            .chain(self.auto_fails.iter().map(|a| &a.evidence))
            .filter_map(|e| e.turn)
            .collect();
        turns.sort_unstable();
        turns.dedup();
        turns
    }
}

/// What criteria look at.
pub(crate) struct Ctx<'a> {
    pub d: &'a Digest,
    pub sc: &'a Scenario,
}

impl Ctx<'_> {
    /// Evidence pointing at a trainee turn, with the node's model answer.
    pub fn at(&self, turn: &Turn, note: impl Into<String>) -> Evidence {
        Evidence {
            turn: Some(turn.turn),
            t: turn.t,
            words: turn.text.clone(),
            note: note.into(),
            good: self.sc.nodes.get(&turn.node).and_then(|n| n.good.clone()),
        }
    }

    /// Evidence about something that happened at a time, not a line.
    pub fn event(&self, t: Seconds, what: impl Into<String>, note: impl Into<String>) -> Evidence {
        Evidence { turn: None, t, words: what.into(), note: note.into(), good: None }
    }
}

/// Builds a criterion; `tips` = (when met, when missed).
pub(crate) fn criterion(
    dimension: Dimension,
    id: &str,
    title: &str,
    weight: u32,
    status: Status,
    tips: (&str, &str),
    evidence: Vec<Evidence>,
) -> Criterion {
    let tip = if status == Status::Missed { tips.1 } else { tips.0 };
    Criterion { id: id.into(), dimension, title: title.into(), weight, status, tip: tip.into(), evidence }
}

pub(crate) fn met_if(ok: bool) -> Status {
    if ok { Status::Met } else { Status::Missed }
}

/// Grades a call.
pub fn grade(scenario: &Scenario, events: &[Timed]) -> Scorecard {
    let d = Digest::of(events);
    let ctx = Ctx { d: &d, sc: scenario };
    let mut criteria = Vec::new();
    criteria.extend(listening::criteria(&ctx));
    criteria.extend(expectations::criteria(&ctx));
    criteria.extend(escalation::criteria(&ctx));
    criteria.extend(courtesy::criteria(&ctx));
    criteria.extend(accuracy::criteria(&ctx));
    criteria.extend(key_points::criteria(&ctx));
    let auto_fails = critical::auto_fails(&ctx);
    let caps = caps::caps(&ctx, &criteria);
    let mut weights = scenario.rubric.weights.resolved();
    // Escalation handling is graded when it came up (a supervisor asked for, a caller at the
    // limit, an escalation offered or made, the caller lost); otherwise its weight goes to the
    // other dimensions rather than handing out a free 100.
    if !escalation::came_up(&d) {
        weights[2] = 0;
    }
    let dimensions: Vec<DimensionScore> = Dimension::ALL
        .iter()
        .zip(weights)
        .map(|(dim, weight)| DimensionScore { dimension: *dim, score: dimension_score(&criteria, *dim), weight })
        .collect();
    let raw = points_left(&criteria, &weights);
    let total = caps.iter().map(|c| c.limit).fold(raw, u32::min);
    let pass_mark = scenario.rubric.pass_mark();
    let interrupted = d.outcome.is_none().then(|| Interruption {
        t: d.end_t,
        reason: match &d.left {
            Some(why) => format!("you left the call before it ended ({why})"),
            None => "the call stopped before it ended (the program was closed or stopped)".into(),
        },
    });
    Scorecard {
        scenario_id: scenario.id.clone(),
        title: scenario.title.clone(),
        outcome: d.outcome,
        total,
        pass_mark,
        passed: total >= pass_mark && auto_fails.is_empty() && interrupted.is_none(),
        interrupted,
        dimensions,
        auto_fails,
        caps,
        criteria,
        transcript: transcript(events),
        mood: mood_series(events),
    }
}

/// The default weights of the dimensions, that criteria's points are set against.
pub const DEFAULT_WEIGHTS: [u32; 5] = [25, 25, 20, 15, 15];

/// Points off, as on a QA form: 100 less what each missed criterion costs. A criterion's weight
/// is its points at the default dimension weights; a scenario that weighs a dimension more makes
/// its misses cost more in proportion (accuracy at 35 instead of 15: each point counts 2.33).
fn points_left(criteria: &[Criterion], weights: &[u32; 5]) -> u32 {
    let lost: f64 = criteria
        .iter()
        .filter(|c| c.status == Status::Missed)
        .map(|c| {
            let i = Dimension::ALL.iter().position(|d| *d == c.dimension).unwrap_or(0);
            f64::from(c.weight) * f64::from(weights[i]) / f64::from(DEFAULT_WEIGHTS[i])
        })
        .sum();
    (100.0 - lost).clamp(0.0, 100.0).round() as u32
}

/// Share of the applicable criteria weight that was met, out of 100 (100 when none applies).
fn dimension_score(criteria: &[Criterion], dim: Dimension) -> u32 {
    let applicable: Vec<&Criterion> =
        criteria.iter().filter(|c| c.dimension == dim && c.status != Status::NotApplicable).collect();
    let total: u32 = applicable.iter().map(|c| c.weight).sum();
    if total == 0 {
        return 100;
    }
    let met: u32 = applicable.iter().filter(|c| c.status == Status::Met).map(|c| c.weight).sum();
    (f64::from(met) * 100.0 / f64::from(total)).round() as u32
}

fn transcript(events: &[Timed]) -> Vec<TranscriptLine> {
    let mut out = Vec::new();
    for e in events {
        match &e.event {
            Event::CustomerSays { line, at, .. } => {
                out.push(TranscriptLine { t: *at, who: "caller".into(), text: line.clone(), turn: None })
            }
            Event::TraineeSaid { turn, text, .. } => {
                out.push(TranscriptLine { t: e.t, who: "you".into(), text: text.clone(), turn: Some(*turn) })
            }
            Event::TraineeAction { turn, action, .. } => out.push(TranscriptLine {
                t: e.t,
                who: "action".into(),
                text: format!("[{action:?}]"),
                turn: Some(*turn),
            }),
            Event::CallEnded { outcome } => out.push(TranscriptLine {
                t: e.t,
                who: "call".into(),
                text: format!("Call ended: {outcome:?}"),
                turn: None,
            }),
            _ => {}
        }
    }
    // Caller lines are revealed at their own pace; keep the transcript in time order.
    out.sort_by(|a, b| a.t.total_cmp(&b.t));
    out
}

fn mood_series(events: &[Timed]) -> Vec<(Seconds, Mood)> {
    events
        .iter()
        .filter_map(|e| match &e.event {
            Event::CallStarted { mood } | Event::MoodChanged { mood, .. } => Some((e.t, *mood)),
            _ => None,
        })
        .collect()
}
