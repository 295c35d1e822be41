//! Running a playtest script against a scenario and checking its expectations.

use std::sync::Arc;

use crate::grade::{Scorecard, grade};
use crate::scenario::{Outcome, Scenario};
use crate::sim::{Conversation, Event, Seconds, Source, Timed};
use crate::understand::Understander;

use super::script::{DEFAULT_WAIT, Script, Step};

/// Turns a spoken step (`wav`) into text; the speech feature provides one.
pub trait Transcriber {
    fn transcribe(&self, wav: &std::path::Path) -> Result<String, String>;
}

#[derive(Debug, Clone)]
pub struct Run {
    pub events: Vec<Timed>,
    /// Nodes entered, in order.
    pub path: Vec<String>,
    pub outcome: Option<Outcome>,
    pub card: Scorecard,
    /// Expectations that did not hold, in words.
    pub failures: Vec<String>,
}

/// Where a step happens on the call's clock.
fn step_time(step: &Step, prev: Seconds, caller_until: Seconds) -> Seconds {
    match step.at {
        Some(at) => at.max(prev),
        None => prev.max(caller_until) + step.wait.unwrap_or(DEFAULT_WAIT),
    }
}

/// Plays the script; `wav_dir` resolves `wav` steps, `transcriber` hears them.
pub fn run(
    scenario: Arc<Scenario>,
    understander: Arc<Understander>,
    script: &Script,
    wav_dir: &std::path::Path,
    transcriber: Option<&dyn Transcriber>,
) -> Run {
    let mut conv = Conversation::new(scenario.clone(), understander, script.seed);
    let mut failures = Vec::new();
    let mut t: Seconds = 0.0;
    for (i, step) in script.steps.iter().enumerate() {
        if conv.is_over() {
            // A trailing "end call" after the caller has already gone is harmless.
            if script.steps[i..].iter().any(|s| s.act != Some(crate::scenario::Action::EndCall)) {
                failures.push(format!("step {} and after were not played: the call ended first", i + 1));
            }
            break;
        }
        t = step_time(step, t, conv.caller_speaking_until());
        if let Some(text) = &step.say {
            conv.say(text, Source::Typed, t);
        } else if let Some(wav) = &step.wav {
            match transcriber.map(|tr| tr.transcribe(&wav_dir.join(wav))) {
                Some(Ok(text)) => {
                    conv.say(&text, Source::Spoken, t);
                }
                Some(Err(e)) => failures.push(format!("step {}: {e}", i + 1)),
                None => failures.push(format!(
                    "step {}: `wav` needs speech (build with the `speech` feature and give a model)",
                    i + 1
                )),
            }
        } else if let Some(action) = step.act {
            conv.act(action, t);
        } else {
            conv.tick(t);
        }
    }
    // The script has run out: a caller already saying goodbye finishes and the call ends as it
    // was going to, as when a piped call's input ends.
    if conv.is_closing()
        && let Some(due) = conv.next_deadline()
    {
        conv.tick(due.max(t));
    }
    let events = conv.log().to_vec();
    let card = grade(&scenario, &events);
    let path: Vec<String> = events
        .iter()
        .filter_map(|e| match &e.event {
            Event::NodeEntered { node } => Some(node.clone()),
            _ => None,
        })
        .collect();
    failures.extend(check(script, &path, conv.outcome(), &card));
    Run { events, path, outcome: conv.outcome(), card, failures }
}

fn check(script: &Script, path: &[String], outcome: Option<Outcome>, card: &Scorecard) -> Vec<String> {
    let e = &script.expect;
    let mut out = Vec::new();
    for node in &e.visits {
        if !path.contains(node) {
            out.push(format!("expected to visit node `{node}`, path was {}", path.join(" → ")));
        }
    }
    for node in &e.never_visits {
        if path.contains(node) {
            out.push(format!("expected never to visit node `{node}`, path was {}", path.join(" → ")));
        }
    }
    if let Some(want) = e.outcome
        && outcome != Some(want)
    {
        out.push(format!(
            "expected outcome {want:?}, got {}",
            outcome.map_or("no ending (call still open)".into(), |o| format!("{o:?}"))
        ));
    }
    if let Some((lo, hi)) = e.score
        && !(lo..=hi).contains(&card.total)
    {
        out.push(format!("expected a score in {lo}..={hi}, got {}", card.total));
    }
    if let Some(want) = e.passed
        && card.passed != want
    {
        out.push(format!(
            "expected {}, got {} (score {})",
            if want { "a pass" } else { "a fail" },
            if card.passed { "a pass" } else { "a fail" },
            card.total
        ));
    }
    for id in &e.auto_fails {
        if !card.auto_fails.iter().any(|a| &a.id == id) {
            out.push(format!("expected auto-fail `{id}`"));
        }
    }
    out
}
