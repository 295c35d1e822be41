//! Exploration: seeded random trainees drive a scenario to find nodes and endings no one reaches,
//! and calls that never end.

use std::collections::BTreeMap;
use std::sync::Arc;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::scenario::{Action, Outcome, Scenario, When};
use crate::sim::{Conversation, Event, Source};
use crate::understand::{Lexicon, Move, Understander};

#[derive(Debug, Clone, Default)]
pub struct Exploration {
    pub calls: usize,
    pub turns: usize,
    pub visits: BTreeMap<String, usize>,
    pub outcomes: BTreeMap<String, usize>,
    pub never_reached: Vec<String>,
    pub endings_never_reached: Vec<Outcome>,
    /// Calls still open after the turn limit: a loop with no way out for a plausible trainee.
    pub unfinished: usize,
    /// (outcome, cause) → calls: a node's `end:`, a branch, a reaction, a built-in mood limit.
    pub causes: BTreeMap<(String, String), usize>,
    /// For calls still open: the node cycle they were going round → calls.
    pub stuck: BTreeMap<String, usize>,
    /// Nodes where a reply matched no branch, with how often.
    pub unmatched: BTreeMap<String, usize>,
}

const MAX_TURNS: usize = 30;

/// Plays `calls` random calls from `seed`.
pub fn explore(scenario: Arc<Scenario>, lexicon: &Lexicon, seed: u64, calls: usize) -> Exploration {
    let understander = Arc::new(Understander::new(lexicon, Some(&scenario)));
    let pool = PhrasePool::new(lexicon, &scenario);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut ex = Exploration { calls, ..Default::default() };
    for _ in 0..calls {
        let mut conv = Conversation::new(scenario.clone(), understander.clone(), rng.random());
        let mut t: f64 = 0.0;
        for _ in 0..MAX_TURNS {
            if conv.is_over() {
                break;
            }
            ex.turns += 1;
            t = t.max(conv.caller_speaking_until()) + rng.random_range(0.2..8.0);
            if rng.random_bool(0.03) {
                t += 130.0; // a long silence or hold
            }
            let roll: f64 = rng.random();
            if roll < 0.12 {
                let actions =
                    [Action::Hold, Action::Resume, Action::Escalate, Action::Hold, Action::Resume, Action::EndCall];
                let pick = if conv.on_hold() { Action::Resume } else { actions[rng.random_range(0..actions.len())] };
                conv.act(pick, t);
            } else {
                let text = pool.line(&scenario, conv.node(), &mut rng);
                conv.say(&text, Source::Typed, t);
            }
        }
        if conv.is_over() {
            let outcome = conv.outcome().map_or("open".to_string(), |o| format!("{o:?}"));
            let cause = super::cause::ending_cause(conv.log(), &scenario).unwrap_or_default();
            *ex.causes.entry((outcome, cause)).or_default() += 1;
        } else {
            ex.unfinished += 1;
            *ex.stuck.entry(super::cause::stuck_in(conv.log(), &scenario)).or_default() += 1;
        }
        for e in conv.log() {
            match &e.event {
                Event::NodeEntered { node } => *ex.visits.entry(node.clone()).or_default() += 1,
                Event::CallEnded { outcome } => *ex.outcomes.entry(format!("{outcome:?}")).or_default() += 1,
                Event::NoBranchMatched { node } => *ex.unmatched.entry(node.clone()).or_default() += 1,
                _ => {}
            }
        }
    }
    ex.never_reached = scenario.nodes.keys().filter(|n| !ex.visits.contains_key(*n)).cloned().collect();
    ex.endings_never_reached =
        scenario.endings().into_iter().filter(|o| !ex.outcomes.contains_key(&format!("{o:?}"))).collect();
    ex
}

/// Phrases to build random replies from: every move's lexicon phrases and the scenario's intents.
struct PhrasePool {
    moves: BTreeMap<Move, Vec<String>>,
    intents: BTreeMap<String, Vec<String>>,
}

impl PhrasePool {
    fn new(lexicon: &Lexicon, sc: &Scenario) -> PhrasePool {
        let mut moves: BTreeMap<Move, Vec<String>> =
            lexicon.moves.iter().map(|(m, e)| (*m, e.phrases.clone())).collect();
        for (m, extra) in &sc.phrases {
            moves.entry(*m).or_default().extend(extra.iter().cloned());
        }
        moves
            .entry(Move::Question)
            .or_default()
            .extend(["Can you tell me your account number?".to_string(), "When did this start?".to_string()]);
        moves.entry(Move::SetExpectation).or_default().push("It will take 3 to 5 business days.".into());
        moves.entry(Move::Paraphrase).or_default().push("So you were charged twice, is that right?".into());
        PhrasePool { moves, intents: sc.intents.clone() }
    }

    /// Half the time aims at one of the current node's branches, otherwise anything at all.
    fn line(&self, sc: &Scenario, node: &str, rng: &mut ChaCha8Rng) -> String {
        let mut wanted = Vec::new();
        if let Some(n) = sc.nodes.get(node) {
            for b in &n.next {
                leaves(&b.when, &mut wanted);
            }
        }
        let mut parts = Vec::new();
        for _ in 0..rng.random_range(1..=2) {
            let leaf = if !wanted.is_empty() && rng.random_bool(0.5) {
                wanted[rng.random_range(0..wanted.len())].clone()
            } else if rng.random_bool(0.2) && !self.intents.is_empty() {
                let keys: Vec<&String> = self.intents.keys().collect();
                When::Intent(keys[rng.random_range(0..keys.len())].clone())
            } else {
                When::Move(Move::ALL[rng.random_range(0..Move::ALL.len())])
            };
            let choices = match &leaf {
                When::Move(m) => self.moves.get(m),
                When::Intent(i) => self.intents.get(i),
                _ => None,
            };
            if let Some(c) = choices.filter(|c| !c.is_empty()) {
                parts.push(c[rng.random_range(0..c.len())].clone());
            }
        }
        if parts.is_empty() { "Okay.".to_string() } else { parts.join(". ") }
    }
}

fn leaves(w: &When, out: &mut Vec<When>) {
    match w {
        When::Move(_) | When::Intent(_) => out.push(w.clone()),
        When::All(p) | When::Any(p) => p.iter().for_each(|w| leaves(w, out)),
        _ => {}
    }
}
