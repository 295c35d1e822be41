//! Spoken calls end to end: espeak-ng speaks, whisper transcribes, the understanding decides the
//! branch — one call per archetype. Needs the model and espeak-ng (`bash .ci/setup`).
#![cfg(feature = "speech")]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use callsim::playtest::{Expect, Script, Step, run};
use callsim::scenario::library::load_valid;
use callsim::sim::{Event, Source};
use callsim::speech::Transcriber;
use callsim::speech::transcriber::WavTranscriber;
use callsim::understand::{Lexicon, Understander};

/// The model and the tools these tests need, or None to skip (a failure in CI).
fn ready() -> Option<PathBuf> {
    common::speech_ready(&["espeak-ng"])
}

fn speak(dir: &Path, name: &str, text: &str) -> String {
    let file = format!("{name}.wav");
    let ok = Command::new("espeak-ng")
        .args(["-v", "en-us", "-s", "160", "-w"])
        .arg(dir.join(&file))
        .arg(text)
        .status()
        .unwrap();
    assert!(ok.success());
    file
}

/// Plays spoken steps against a bundled scenario; returns the nodes visited and the events.
fn spoken_call(model: &Path, id: &str, steps: &[(Option<f64>, &str)]) -> (Vec<String>, Vec<callsim::sim::Timed>) {
    let sc = Arc::new(load_valid(Path::new(&format!("scenarios/{id}.ron"))).unwrap().scenario);
    let dir = tempfile::tempdir().unwrap();
    let steps = steps
        .iter()
        .enumerate()
        .map(|(i, (at, text))| Step {
            at: *at,
            wav: Some(speak(dir.path(), &format!("step{i}"), text)),
            ..Default::default()
        })
        .collect();
    let script = Script { scenario: None, seed: 3, steps, expect: Expect::default(), expert: None };
    let heard = WavTranscriber { transcriber: Transcriber::load(model, 2).unwrap(), prompt: sc.speech_prompt() };
    let und = Arc::new(Understander::lexicon_only(&Lexicon::built_in(), Some(&sc)));
    let r = run(sc, und, &script, dir.path(), Some(&heard));
    assert!(r.failures.is_empty(), "{:?}", r.failures);
    (r.path, r.events)
}

fn said(events: &[callsim::sim::Timed]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match &e.event {
            Event::TraineeSaid { text, source: Source::Spoken, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn an_irate_caller_is_calmed_by_a_spoken_apology() {
    let Some(model) = ready() else { return };
    let (path, events) =
        spoken_call(&model, "irate-double-charge", &[(None, "I'm so sorry, that sounds really frustrating.")]);
    assert_eq!(path, ["vent", "calmer"]);
    assert_eq!(said(&events)[0].to_lowercase(), "i'm so sorry, that sounds really frustrating.");
}

#[test]
fn a_demanding_caller_answers_a_spoken_question() {
    let Some(model) = ready() else { return };
    let (path, _) =
        spoken_call(&model, "demanding-late-delivery", &[(None, "Could I have your order number, please?")]);
    assert_eq!(path, ["demand", "order_number"]);
}

#[test]
fn a_choice_shopper_catches_a_misleading_claim_made_out_loud() {
    let Some(model) = ready() else { return };
    let (path, events) =
        spoken_call(&model, "choice-broadband-cancel", &[(None, "FibreNow has hidden fees, they will rip you off.")]);
    assert_eq!(path, ["opening", "misled"]);
    let card = callsim::grade::grade(
        &load_valid(Path::new("scenarios/choice-broadband-cancel.ron")).unwrap().scenario,
        &events,
    );
    assert_eq!(card.auto_fails[0].id, "misleading-sale");
}

#[test]
fn speaking_while_the_caller_vents_is_an_interruption() {
    let Some(model) = ready() else { return };
    let (path, events) = spoken_call(&model, "irate-double-charge", &[(Some(2.0), "Okay, okay, I understand.")]);
    assert_eq!(path, ["vent"]);
    assert!(events.iter().any(|e| matches!(e.event, Event::Interrupted { .. })));
}

#[test]
fn transcribe_prints_the_words_and_a_missing_model_is_one_clear_message() {
    let Some(_) = ready() else { return };
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join(speak(dir.path(), "t", "Thank you for holding."));
    let out = Command::new(env!("CARGO_BIN_EXE_callsim")).arg("transcribe").arg(&wav).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "Thank you for holding.");
    assert!(String::from_utf8_lossy(&out.stderr).contains("decoded in"));
    let out = Command::new(env!("CARGO_BIN_EXE_callsim"))
        .args(["transcribe", "--model", "no/such/model.bin"])
        .arg(&wav)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no speech model found") && err.contains("Typed answers still work"), "{err}");
}
