//! `check` proves a scenario against itself, beyond the branches: each node's `good` model
//! answer is read as a trainee's line would be and must model what the rubric rewards (no
//! critical move, amounts and durations true to the facts, a supervisor offered where one is
//! asked for), and following the model answers from any node must end the call well.

use std::collections::BTreeSet;

use super::good::branch_taken;
use crate::grade::amounts::{is_known, known_amounts};
use crate::scenario::locate::field;
use crate::scenario::validate::at;
use crate::scenario::{Archetype, Loaded, Outcome, Problem, Severity, When};
use crate::understand::intents::MEANING_THRESHOLD;
use crate::understand::settle::CRITICAL;
use crate::understand::{Context, Move, Understander, Verdict, amount_value};

/// Steps after which a path of model answers that has not ended is taken to be a loop.
const MAX_STEPS: usize = 50;

pub fn prove(loaded: &Loaded, understander: &Understander) -> Vec<Problem> {
    let mut out = good_lines_model_the_rubric(loaded, understander);
    out.extend(model_answers_end_the_call(loaded, understander));
    out.extend(intents_apart(loaded, understander));
    out
}

/// Intents whose examples mean nearly the same: a line like one would be read as the other.
fn intents_apart(loaded: &Loaded, understander: &Understander) -> Vec<Problem> {
    let Some(examples) = understander.intent_examples() else { return Vec::new() };
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for (a, pa, b, pb, s) in examples.confusable(MEANING_THRESHOLD) {
        if seen.insert((a.to_string(), b.to_string())) {
            out.push(
                at(
                    loaded,
                    &field("intents", b),
                    Severity::Warning,
                    "intents-too-close",
                    format!("intents `{a}` and `{b}` have examples that mean nearly the same: \"{pa}\" and \"{pb}\" ({s:.2})"),
                )
                .hint("a line like one would match both; make the examples say what sets each intent apart"),
            );
        }
    }
    out
}

fn good_lines_model_the_rubric(loaded: &Loaded, understander: &Understander) -> Vec<Problem> {
    let sc = &loaded.scenario;
    let known = known_amounts(sc);
    let mut out = Vec::new();
    for (name, node) in &sc.nodes {
        let Some(good) = &node.good else { continue };
        let path = field(&field("nodes", name), "good");
        let warn = |code: &'static str, message: String, hint: &str| {
            at(loaded, &path, Severity::Warning, code, message).hint(hint.to_string())
        };
        let u = understander.understand(good, Context { customer_said: &node.say });
        let critical: Vec<String> =
            u.moves.iter().filter(|h| CRITICAL.contains(&h.mv)).map(|h| h.mv.to_string()).collect();
        if !critical.is_empty() {
            out.push(warn(
                "good-breaks-rubric",
                format!("the model answer of node `{name}` reads as {}, a critical item", critical.join(", ")),
                "a model answer must pass the rubric; `callsim try FILE --node NODE \"…\"` shows what reads as what",
            ));
        }
        // The first reply is graded on greeting, and an irate caller's on naming the feeling.
        if *name == sc.start && !u.has(Move::Greet) {
            out.push(warn(
                "good-breaks-rubric",
                format!("the model answer of the first node `{name}` does not greet the caller"),
                "open as a trainee should: \"Thanks for calling, this is Sam.\"",
            ));
        }
        if *name == sc.start
            && sc.archetype == Archetype::Irate
            && !(u.has(Move::Acknowledge) || u.has(Move::Apologize))
        {
            out.push(warn(
                "good-breaks-rubric",
                format!(
                    "the model answer of the first node `{name}` neither acknowledges nor apologises to an irate caller"
                ),
                "name the feeling early: \"I'm sorry, I can hear how frustrating this is.\"",
            ));
        }
        if node.requests_escalation && !(u.has(Move::OfferEscalation) || u.has(Move::Escalate)) {
            out.push(warn(
                "good-breaks-rubric",
                format!("node `{name}` asks for a supervisor, and its model answer neither offers nor arranges one"),
                "say the transfer: \"Of course, I'll get my supervisor for you now.\"",
            ));
        }
        for a in &u.amounts {
            if !amount_value(a).is_some_and(|v| is_known(&known, v)) {
                out.push(warn(
                    "good-wrong-amount",
                    format!("the model answer of node `{name}` says {a}, which no fact backs"),
                    "add the amount to `facts` (a derived one too: \"annual_price\": \"$144\"), or correct the line",
                ));
            }
        }
        let wrong_time = u.checks.iter().chain(&u.lengths).find(|c| c.verdict != Verdict::Fits);
        if let Some(c) = wrong_time {
            out.push(warn(
                "good-wrong-duration",
                format!(
                    "the model answer of node `{name}` says \"{}\", and the fact {} is {}",
                    c.stated.text, c.fact, c.truth
                ),
                "a length that is not a wait goes in a fact named `…_length` (or `_term`); waits in `…_time`",
            ));
        }
        if let Some(note) = u.notes.iter().find(|n| n.contains("is vague")) {
            out.push(warn(
                "good-breaks-rubric",
                format!("the model answer of node `{name}` gives a vague time: {note}"),
                "model a concrete, true timeline from the facts",
            ));
        }
    }
    out
}

/// From every node reached, the model answers (or, where the node waits for a button, that
/// button) must lead to an ending, and from the start to a good one.
fn model_answers_end_the_call(loaded: &Loaded, understander: &Understander) -> Vec<Problem> {
    let sc = &loaded.scenario;
    let mut out = Vec::new();
    let mut reported = BTreeSet::new();
    for name in sc.nodes.keys() {
        let (path, ending) = follow(loaded, understander, name);
        match ending {
            Followed::Ended(outcome) => {
                if *name == sc.start && !matches!(outcome, Outcome::Resolved | Outcome::Escalated) {
                    out.push(
                        at(
                            loaded,
                            "start",
                            Severity::Warning,
                            "good-path",
                            format!(
                                "following the model answers from `{name}` ends the call {outcome:?}: {}",
                                path.join(" → ")
                            ),
                        )
                        .hint("the model answers should make a call that ends Resolved or Escalated"),
                    );
                }
            }
            Followed::MissesItsBranches => {}
            Followed::Stuck(at_node, why) => {
                if reported.insert(at_node.clone()) {
                    out.push(
                        at(loaded, &format!("{}#key", field("nodes", &at_node)), Severity::Warning, "good-path", why)
                            .hint(format!("path of model answers: {}", path.join(" → "))),
                    );
                }
            }
        }
    }
    out
}

enum Followed {
    Ended(Outcome),
    /// Where it stopped, and why.
    Stuck(String, String),
    /// A model answer takes none of its node's branches (`good-misses-branch` says so).
    MissesItsBranches,
}

fn follow(loaded: &Loaded, understander: &Understander, from: &str) -> (Vec<String>, Followed) {
    let sc = &loaded.scenario;
    let mut path = vec![from.to_string()];
    let mut at_node = from.to_string();
    for _ in 0..MAX_STEPS {
        let Some(node) = sc.nodes.get(&at_node) else {
            return (path, Followed::Stuck(at_node.clone(), format!("node `{at_node}` does not exist")));
        };
        if let Some(o) = node.end {
            return (path, Followed::Ended(o));
        }
        let taken = node
            .good
            .as_ref()
            .and_then(|g| branch_taken(loaded, understander, &at_node, g))
            .or_else(|| node.next.iter().position(|b| matches!(b.when, When::Action(_))));
        let Some(i) = taken else {
            let why = match &node.good {
                None => format!("node `{at_node}` has no model answer (`good`), so no path of model answers leads on"),
                Some(_) => return (path, Followed::MissesItsBranches),
            };
            return (path, Followed::Stuck(at_node.clone(), why));
        };
        let b = &node.next[i];
        if let Some(o) = b.end {
            path.push(format!("{o:?}"));
            return (path, Followed::Ended(o));
        }
        let Some(to) = b.goto.clone() else { break };
        if path.contains(&to) {
            path.push(to.clone());
            return (
                path.clone(),
                Followed::Stuck(
                    at_node.clone(),
                    format!("the model answers loop without ending: {}", path.join(" → ")),
                ),
            );
        }
        path.push(to.clone());
        at_node = to;
    }
    (path, Followed::Stuck(at_node, "the model answers never end the call".into()))
}
