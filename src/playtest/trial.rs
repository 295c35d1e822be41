//! One trainee line tried at one node, the way the call would really take it: which branch it
//! takes and why, and for every other branch what was missing. The trainer's main authoring loop
//! (`callsim try`, the window's trainer view) is built on this.

use std::sync::Arc;

use serde::Serialize;

use super::why::{Evidence, closeness, missing, said_by_line};
use crate::scenario::graph::describe;
use crate::scenario::{Mood, Outcome, Scenario};
use crate::sim::condition::{Now, holds};
use crate::sim::{Conversation, Event, Source, Timed};
use crate::understand::{Understander, Understanding};

/// A pause before the trainee speaks, so the caller has finished (a try is never an interruption).
const REPLY_GAP: f64 = 1.0;

/// One branch of the node and how the line fared against it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BranchCheck {
    /// 1-based, as a trainer counts the branches in the file.
    pub number: usize,
    pub condition: String,
    /// Where it goes: a node name or an ending.
    pub to: String,
    pub holds: bool,
    /// Why it did not hold, one reason per unmet part ("no Escalate (learned 0.31, needs 0.55)").
    pub missing: Vec<String>,
    /// Whether the branch looks at what is said (not a button, the mood or the clock alone).
    pub about_the_line: bool,
    /// How close the line came, 0 to 1 (1: it holds); a move by its learned score over its threshold.
    pub closeness: f32,
}

/// A branch not taken counts as a near miss from this closeness on (or when it held but an
/// earlier branch won).
pub const NEAR: f32 = 0.5;

/// What one line did at one node.
#[derive(Debug, Clone, Serialize)]
pub struct Trial {
    pub node: String,
    pub line: String,
    pub understood: Understanding,
    pub branches: Vec<BranchCheck>,
    /// The branch taken (its `number`), if one was.
    pub taken: Option<usize>,
    /// A reaction that answered the line instead of the node's branches.
    pub reaction: Option<String>,
    pub mood_before: Mood,
    pub mood_after: Mood,
    /// Each mood change and its cause ("dismissed or blamed", "branch").
    pub mood_changes: Vec<(String, Mood)>,
    /// The node the call moved to.
    pub next_node: Option<String>,
    pub ended: Option<Outcome>,
    /// What the caller says in answer.
    pub caller: Vec<String>,
}

impl Trial {
    /// The branches the line almost took: ones that look at the line and held (an earlier
    /// branch won) or came close.
    pub fn near_misses(&self) -> impl Iterator<Item = &BranchCheck> {
        self.branches.iter().filter(|b| {
            Some(b.number) != self.taken && b.about_the_line && b.condition != "otherwise" && b.closeness >= NEAR
        })
    }
}

/// A call opened at `node` (the scenario's start when None), at the caller's starting mood.
pub fn open_at(
    scenario: &Arc<Scenario>,
    understander: &Arc<Understander>,
    node: Option<&str>,
    seed: u64,
) -> Result<Conversation, String> {
    let sc = match node {
        Some(n) if !scenario.nodes.contains_key(n) => {
            let names: Vec<&str> = scenario.nodes.keys().map(String::as_str).collect();
            return Err(format!(
                "no node `{n}` in {}: {}",
                scenario.id,
                crate::scenario::load::did_you_mean(n, &names)
            ));
        }
        Some(n) => Arc::new(Scenario { start: n.to_string(), ..(**scenario).clone() }),
        None => scenario.clone(),
    };
    Ok(Conversation::new(sc, understander.clone(), seed))
}

/// Says `line` in the call once the caller has finished, and reports what happened.
pub fn try_line(conv: &mut Conversation, understander: &Understander, line: &str) -> Trial {
    let mood_before = conv.mood();
    let node = conv.node().to_string();
    let t = conv.caller_speaking_until() + REPLY_GAP;
    let events = conv.say(line, Source::Typed, t);
    let mut trial = trial_of(conv.scenario(), understander, &events, mood_before)
        .unwrap_or_else(|| Trial::unsaid(&node, line, mood_before));
    trial.mood_after = conv.mood();
    trial
}

impl Trial {
    /// A line the call did not take (it had already ended).
    fn unsaid(node: &str, line: &str, mood: Mood) -> Trial {
        Trial {
            node: node.to_string(),
            line: line.to_string(),
            understood: Understanding::default(),
            branches: Vec::new(),
            taken: None,
            reaction: None,
            mood_before: mood,
            mood_after: mood,
            mood_changes: Vec::new(),
            next_node: None,
            ended: None,
            caller: Vec::new(),
        }
    }

    /// One line for the trainer view: the branch taken and the near misses.
    pub fn summary(&self) -> String {
        let taken = match (self.taken, &self.reaction) {
            (_, Some(r)) => format!("{r} answered"),
            (Some(n), None) => {
                let b = &self.branches[n - 1];
                format!("branch {n} ({}) {}", b.condition, b.to)
            }
            (None, None) if self.ended.is_some() => "the call ended".into(),
            (None, None) => "no branch matched".into(),
        };
        let near: Vec<String> = self
            .near_misses()
            .map(|b| {
                let how = if b.holds { "held, an earlier branch won".to_string() } else { b.missing.join("; ") };
                format!("near miss {} ({}): {how}", b.number, b.condition)
            })
            .collect();
        std::iter::once(taken).chain(near).collect::<Vec<_>>().join(" · ")
    }
}

/// What a turn's events say the line did: the branch taken, each branch's verdict, the mood.
/// `mood_before` is the caller's mood before the line. None when the events hold no line.
pub fn trial_of(sc: &Scenario, understander: &Understander, events: &[Timed], mood_before: Mood) -> Option<Trial> {
    let (node, line, understood) = events.iter().find_map(|e| match &e.event {
        Event::TraineeSaid { node, text, understood, .. } => Some((node.clone(), text.clone(), understood.clone())),
        _ => None,
    })?;
    let mut mood_changes = Vec::new();
    let mut mood_at_branch = mood_before;
    let mut mood_after = mood_before;
    let (mut reaction, mut next_node, mut ended, mut caller, mut branched) = (None, None, None, Vec::new(), false);
    for e in events {
        match &e.event {
            Event::MoodChanged { mood, cause } => {
                if !branched && cause != "branch" {
                    mood_at_branch = *mood;
                }
                mood_after = *mood;
                mood_changes.push((cause.clone(), *mood));
            }
            Event::BranchTaken { .. } => branched = true,
            Event::ReactionFired { condition, index } => {
                reaction = Some(format!("reaction {} ({condition})", index + 1))
            }
            Event::NodeEntered { node } => next_node = Some(node.clone()),
            Event::CallEnded { outcome } => ended = Some(*outcome),
            Event::CustomerSays { line, .. } => caller.push(line.clone()),
            _ => {}
        }
    }
    let reader_scores = understander.reader().map(|r| (r.read(&line), r));
    let now = Now {
        said: Some(&understood),
        action: None,
        interrupted: false,
        mood: mood_at_branch,
        on_hold_for: None,
        silence: 0.0,
    };
    let evidence = Evidence { reader: reader_scores.as_ref().map(|(s, r)| (s, *r)), intents: &sc.intents };
    let mut branches = Vec::new();
    let mut taken = None;
    for (i, b) in sc.nodes.get(&node).map(|n| &n.next[..]).unwrap_or_default().iter().enumerate() {
        let h = holds(&b.when, &now);
        if h && taken.is_none() && reaction.is_none() {
            taken = Some(i + 1);
        }
        let to = match (&b.goto, b.end) {
            (_, Some(o)) => format!("ends {o:?}"),
            (Some(g), None) => format!("→ {g}"),
            (None, None) => "stays".into(),
        };
        branches.push(BranchCheck {
            number: i + 1,
            condition: describe(&b.when),
            to,
            holds: h,
            missing: if h { Vec::new() } else { missing(&b.when, &now, evidence) },
            about_the_line: said_by_line(&b.when),
            closeness: closeness(&b.when, &now, evidence),
        });
    }
    // A branch can hold and still not be taken when the reply was cut short (an interruption,
    // a reaction, a mood limit): only a BranchTaken event says a branch was taken.
    if !branched {
        taken = None;
    }
    Some(Trial {
        node,
        line,
        understood,
        branches,
        taken,
        reaction,
        mood_before,
        mood_after,
        mood_changes,
        next_node,
        ended,
        caller,
    })
}
