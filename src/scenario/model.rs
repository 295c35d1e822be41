//! The serde types of a scenario: what a trainer writes in a `.ron` file.
//!
//! Everything optional has a default so a small scenario stays small. Field names are the
//! words trainers use (node, reaction, move, intent, rubric), not engine jargon.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::understand::Move;

/// One scripted customer and the call they make.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    pub archetype: Archetype,
    #[serde(default = "default_difficulty")]
    pub difficulty: u8,
    #[serde(default)]
    pub brief: String,
    /// Who calls; left out, the caller is "Customer" at an even mood.
    #[serde(default)]
    pub customer: Customer,
    /// True facts the trainee may state ("refund_time": "3 to 5 business days").
    #[serde(default)]
    pub facts: BTreeMap<String, String>,
    #[serde(default)]
    pub promises: Promises,
    /// Scenario words: intent name → phrases that signal it.
    #[serde(default)]
    pub intents: BTreeMap<String, Vec<String>>,
    /// Extra phrases for built-in moves, on top of the shared lexicon.
    #[serde(default)]
    pub phrases: BTreeMap<Move, Vec<String>>,
    /// The rival's offer a choice-shopping caller quotes, if any.
    #[serde(default)]
    pub rival: Option<Rival>,
    pub start: String,
    pub nodes: BTreeMap<String, Node>,
    #[serde(default)]
    pub reactions: Vec<Reaction>,
    /// Longest hold, in seconds, before the caller expects a check-in.
    #[serde(default = "default_hold_limit")]
    pub hold_limit: u32,
    #[serde(default)]
    pub rubric: Rubric,
}

fn default_difficulty() -> u8 {
    1
}

fn default_hold_limit() -> u32 {
    120
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Archetype {
    /// Needs to vent; punishes interruption and dismissal.
    Irate,
    /// Wants specifics, deadlines, a supervisor; punishes vagueness and over-promising.
    Demanding,
    /// Quotes a rival's offer; punishes false or misleading claims.
    ChoiceShopping,
}

impl Archetype {
    pub fn label(self) -> &'static str {
        match self {
            Archetype::Irate => "irate",
            Archetype::Demanding => "demanding",
            Archetype::ChoiceShopping => "choice-shopping",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    #[serde(default = "default_customer_name")]
    pub name: String,
    #[serde(default)]
    pub voice: Option<String>,
    #[serde(default)]
    pub mood: Mood,
}

fn default_customer_name() -> String {
    "Customer".into()
}

impl Default for Customer {
    fn default() -> Customer {
        Customer { name: default_customer_name(), voice: None, mood: Mood::default() }
    }
}

/// How the caller feels, each from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Mood {
    pub anger: f32,
    pub trust: f32,
    pub patience: f32,
}

impl Default for Mood {
    fn default() -> Self {
        Mood { anger: 0.5, trust: 0.5, patience: 0.5 }
    }
}

/// A change to the caller's mood; omitted parts do not change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MoodChange {
    pub anger: f32,
    pub trust: f32,
    pub patience: f32,
}

impl MoodChange {
    pub fn is_zero(&self) -> bool {
        self.anger == 0.0 && self.trust == 0.0 && self.patience == 0.0
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Promises {
    /// What the agent may commit to in this call ("refund", "callback").
    pub allowed: Vec<String>,
    /// (phrase, why it is wrong): saying it is an over-promise, a critical item in any call.
    pub forbidden: Vec<(String, String)>,
    /// (phrase, why it is untrue): saying it is a misleading sales claim (`Mislead`), a critical item.
    pub misleading: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rival {
    pub name: String,
    pub offer: String,
}

/// One step of the call: the caller says `say` (or one of `variants`), then waits for the
/// trainee; the first branch in `next` whose condition holds decides what happens.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub say: Vec<String>,
    /// Alternative wordings of `say`; the seed picks one per call.
    #[serde(default)]
    pub variants: Vec<Vec<String>>,
    #[serde(default)]
    pub next: Vec<Branch>,
    /// Reaching this node ends the call with this outcome after its lines.
    #[serde(default)]
    pub end: Option<Outcome>,
    /// The caller asks for a supervisor here; refusing is an auto-fail.
    #[serde(default)]
    pub requests_escalation: bool,
    /// "What good looks like": a model answer shown in the debrief.
    #[serde(default)]
    pub good: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    pub when: When,
    #[serde(default)]
    pub goto: Option<String>,
    #[serde(default)]
    pub end: Option<Outcome>,
    #[serde(default)]
    pub mood: MoodChange,
}

/// A rule that can fire at any node: rudeness, long holds, anger at the limit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reaction {
    pub when: When,
    #[serde(default)]
    pub say: Vec<String>,
    #[serde(default)]
    pub mood: MoodChange,
    #[serde(default)]
    pub goto: Option<String>,
    #[serde(default)]
    pub end: Option<Outcome>,
}

/// A condition on what the trainee just did or on the state of the call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum When {
    /// The trainee's line contains this built-in move.
    Move(Move),
    /// The trainee's line matches one of the scenario's intents.
    Intent(String),
    /// The trainee pressed a button: Hold, Resume, Escalate, EndCall.
    Action(Action),
    All(Vec<When>),
    Any(Vec<When>),
    Not(Box<When>),
    /// Nothing earlier in the branch list matched.
    Otherwise,
    AngerAtLeast(f32),
    AngerBelow(f32),
    TrustAtLeast(f32),
    TrustBelow(f32),
    PatienceBelow(f32),
    /// On hold this many seconds without a check-in.
    HoldLongerThan(u32),
    /// The trainee said nothing for this many seconds after the caller finished.
    SilenceLongerThan(u32),
    /// The trainee spoke while the caller was still talking.
    Interrupted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Action {
    Hold,
    Resume,
    Escalate,
    EndCall,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Outcome {
    /// The caller's problem was handled and they are satisfied.
    Resolved,
    /// The call was passed to a supervisor.
    Escalated,
    /// The caller gave up and hung up.
    CustomerHungUp,
    /// The caller left for the rival.
    WentToRival,
    /// The trainee ended the call before it was over.
    AgentHungUp,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Rubric {
    pub weights: Weights,
    /// Pass mark out of 100.
    pub pass: Option<u32>,
    /// Steps the call cannot pass without ("try the remote reset"): a call that never meets one
    /// is capped below the pass mark.
    pub required: Vec<Required>,
    /// What a good call covers ("offer the $15 credit", "state the 12-month term"): each one
    /// missed costs its points in accuracy, but does not by itself fail the call.
    pub key_points: Vec<KeyPoint>,
}

/// A step the scenario requires: met when a trainee line or button press meets `when`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Required {
    pub title: String,
    pub when: When,
}

/// Something a good call covers: met when a trainee line or button press meets `when`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyPoint {
    pub title: String,
    pub when: When,
    /// What missing it costs, out of 100 (default `grade::KEY_POINT`).
    #[serde(default)]
    pub points: Option<u32>,
}

/// Weights of the five dimensions. Leave them all out for the defaults (25/25/20/15/15);
/// give any and the ones left out count as 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Weights {
    pub listening: Option<u32>,
    pub expectations: Option<u32>,
    pub escalation: Option<u32>,
    pub courtesy: Option<u32>,
    pub accuracy: Option<u32>,
}

pub const DEFAULT_PASS_MARK: u32 = 70;

impl Rubric {
    pub fn pass_mark(&self) -> u32 {
        self.pass.unwrap_or(DEFAULT_PASS_MARK)
    }
}

impl Weights {
    /// [listening, expectations, escalation, courtesy, accuracy], defaults applied.
    pub fn resolved(&self) -> [u32; 5] {
        let all = [self.listening, self.expectations, self.escalation, self.courtesy, self.accuracy];
        if all.iter().all(Option::is_none) { crate::grade::DEFAULT_WEIGHTS } else { all.map(|w| w.unwrap_or(0)) }
    }
}

impl Scenario {
    /// The node's lines for one variant index (0 = `say`).
    pub fn lines(&self, node: &str, variant: usize) -> &[String] {
        match self.nodes.get(node) {
            Some(n) if variant == 0 || n.variants.is_empty() => &n.say,
            Some(n) => n.variants.get(variant - 1).map_or(&n.say[..], |v| &v[..]),
            None => &[],
        }
    }

    /// A short prompt naming the people, amounts and terms of the call, so speech recognition
    /// spells them the way the scenario does ("Dana", "$49.99", "FibreNow").
    pub fn speech_prompt(&self) -> String {
        let mut words: Vec<String> = vec![self.customer.name.clone()];
        if let Some(r) = &self.rival {
            words.push(r.name.clone());
        }
        words.extend(self.facts.values().filter(|v| v.len() <= 40).cloned());
        words.extend(self.intents.values().filter_map(|p| p.first().cloned()));
        let mut prompt = format!("A customer service call. {}.", words.join(", "));
        prompt.truncate(400);
        prompt
    }

    /// Every outcome the scenario can end with, from node ends, branch ends and reactions.
    pub fn endings(&self) -> Vec<Outcome> {
        let mut out: Vec<Outcome> = self
            .nodes
            .values()
            .flat_map(|n| n.end.into_iter().chain(n.next.iter().filter_map(|b| b.end)))
            .chain(self.reactions.iter().filter_map(|r| r.end))
            .collect();
        out.sort();
        out.dedup();
        out
    }
}
