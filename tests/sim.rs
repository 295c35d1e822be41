//! The conversation engine: determinism, archetype behaviour, hold etiquette, limits, records.
//! (Conversations here read lines with the phrase lexicon, so the engine is tested apart from
//! the learned reader, which `tests/reader.rs` and the calibration measure.)

use std::sync::Arc;

use callsim::record::{Header, RecordWriter, read};
use callsim::scenario::{Action, Outcome, Scenario, load_str};
use callsim::sim::{Conversation, Event, Source, Timed};
use callsim::understand::{Lexicon, Understander};

fn scenario(archetype: &str, mood: &str) -> Arc<Scenario> {
    let src = format!(
        r#"Scenario(
    id: "s", title: "S", archetype: {archetype}, customer: (name: "C", mood: {mood}), start: "vent",
    rival: (name: "Rivalco", offer: "cheaper"),
    nodes: {{
        "vent": (
            say: ["First I was charged twice.", "Then I waited forty minutes.", "And nobody called me back."],
            variants: [["Variant one line.", "Variant two line."]],
            next: [
                (when: Move(Acknowledge), goto: "calm"),
                (when: Action(Resume), goto: "calm"),
                (when: Otherwise, goto: "vent2"),
            ],
        ),
        "vent2": (say: ["Hello?"], next: [(when: Move(Acknowledge), goto: "calm"), (when: Otherwise, goto: "vent2")]),
        "calm": (say: ["Okay. Thanks."], requests_escalation: true, next: [(when: Action(Escalate), end: Escalated), (when: Otherwise, goto: "calm")]),
    }},
)"#
    );
    Arc::new(load_str("s.ron", src).unwrap().scenario)
}

fn conv(sc: &Arc<Scenario>, seed: u64) -> Conversation {
    Conversation::new(sc.clone(), Arc::new(Understander::lexicon_only(&Lexicon::built_in(), Some(sc))), seed)
}

fn kinds(events: &[Timed]) -> Vec<String> {
    events.iter().map(|e| serde_json::to_value(e).unwrap()["kind"].as_str().unwrap().to_string()).collect()
}

fn lines(events: &[Timed]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match &e.event {
            Event::CustomerSays { line, .. } => Some(line.clone()),
            _ => None,
        })
        .collect()
}

fn play(c: &mut Conversation) {
    let t = c.caller_speaking_until() + 2.0;
    c.say("Hello, I'm so sorry, that must be frustrating.", Source::Typed, t);
    c.act(Action::Hold, t + 5.0);
    c.tick(t + 200.0);
    c.act(Action::Resume, t + 210.0);
    c.act(Action::Escalate, t + 230.0);
}

#[test]
fn same_scenario_seed_and_inputs_give_an_identical_record() {
    let sc = scenario("Irate", "(anger: 0.5, trust: 0.5, patience: 0.5)");
    let (mut a, mut b) = (conv(&sc, 42), conv(&sc, 42));
    play(&mut a);
    play(&mut b);
    let ja = serde_json::to_string(a.log()).unwrap();
    assert_eq!(ja, serde_json::to_string(b.log()).unwrap());
    assert!(a.log().len() > 10);
}

#[test]
fn the_seed_picks_the_line_variant() {
    let sc = scenario("Irate", "(anger: 0.5, trust: 0.5, patience: 0.5)");
    let firsts: std::collections::BTreeSet<String> =
        (0..16).map(|seed| lines(conv(&sc, seed).log())[0].clone()).collect();
    assert_eq!(firsts.into_iter().collect::<Vec<_>>(), ["First I was charged twice.", "Variant one line."]);
}

#[test]
fn replying_while_an_irate_caller_vents_is_an_interruption_and_they_finish_first() {
    let sc = scenario("Irate", "(anger: 0.5, trust: 0.5, patience: 0.5)");
    let seed = (0..).find(|s| lines(conv(&sc, *s).log())[0] == "First I was charged twice.").unwrap();
    let mut c = conv(&sc, seed);
    let still_talking = c.caller_speaking_until() - 3.0;
    let events = c.say("I understand.", Source::Typed, still_talking);
    let k = kinds(&events);
    assert!(k.contains(&"Interrupted".to_string()), "{k:?}");
    assert!(!k.contains(&"BranchTaken".to_string()), "an interrupted vent does not move on: {k:?}");
    assert_eq!(lines(&events), ["Excuse me, I'm not finished!", "And nobody called me back."]);
    assert_eq!(c.node(), "vent");
    assert!((c.mood().anger - 0.65).abs() < 1e-5, "anger {}", c.mood().anger);
    // Waiting until they finish lets the reply count.
    let t = c.caller_speaking_until() + 1.0;
    c.say("I understand.", Source::Typed, t);
    assert_eq!(c.node(), "calm");
}

#[test]
fn a_demanding_caller_interrupted_lets_the_reply_through() {
    let sc = scenario("Demanding", "(anger: 0.5, trust: 0.5, patience: 0.5)");
    let mut c = conv(&sc, 0);
    let events = c.say("I understand.", Source::Typed, 1.0);
    assert!(kinds(&events).contains(&"Interrupted".to_string()));
    assert_eq!(c.node(), "calm");
}

#[test]
fn a_demanding_caller_asks_for_a_supervisor_at_the_limit() {
    let sc = scenario("Demanding", "(anger: 0.75, trust: 0.5, patience: 0.5)");
    let mut c = conv(&sc, 0);
    let t = c.caller_speaking_until() + 1.0;
    // A vague reply angers the demanding caller past the point where they want a supervisor.
    let events = c.say("Okay.", Source::Typed, t);
    assert!(kinds(&events).contains(&"SupervisorRequested".to_string()), "{:?}", kinds(&events));
    assert!(lines(&events).contains(&"I want to speak to your supervisor. Now.".to_string()));
    assert!(c.supervisor_requested());
}

#[test]
fn a_choice_shopper_misled_walks_to_the_rival() {
    let sc = scenario("ChoiceShopping", "(anger: 0.2, trust: 0.4, patience: 0.5)");
    let mut c = conv(&sc, 0);
    let t = c.caller_speaking_until() + 1.0;
    let events = c.say("Rivalco has hidden fees, they will rip you off.", Source::Typed, t);
    assert!(lines(&events).last().unwrap().contains("Rivalco"));
    // They are gone when their goodbye ends, not when it starts.
    assert!(c.is_closing() && c.outcome().is_none());
    let gone = c.caller_speaking_until();
    let end = c.tick(gone);
    assert_eq!(c.outcome(), Some(Outcome::WentToRival));
    assert_eq!(end.last().map(|e| e.t), Some(gone));
}

#[test]
fn the_caller_hangs_up_when_anger_reaches_the_limit() {
    let sc = scenario("Irate", "(anger: 0.85, trust: 0.5, patience: 0.5)");
    let mut c = conv(&sc, 0);
    let t = c.caller_speaking_until() + 1.0;
    let events = c.say("Calm down, that's not my problem.", Source::Typed, t);
    assert_eq!(lines(&events).last().unwrap(), "That's it. I'm done with this. Goodbye.");
    assert!(c.is_closing() && c.outcome().is_none());
    let gone = c.caller_speaking_until();
    c.tick(gone);
    assert_eq!(c.outcome(), Some(Outcome::CustomerHungUp));
    assert_eq!(c.log().last().map(|e| e.t), Some(gone));
}

#[test]
fn a_hold_past_the_limit_without_a_check_in_brings_a_complaint_at_the_limit() {
    let sc = scenario("Irate", "(anger: 0.3, trust: 0.5, patience: 0.8)");
    let mut c = conv(&sc, 0);
    let t0 = c.caller_speaking_until() + 1.0;
    c.say("May I place you on hold for two minutes?", Source::Typed, t0);
    let held = t0 + 10.0;
    c.act(Action::Hold, held);
    assert!(!kinds(&c.tick(held + 119.0)).contains(&"HoldWarning".to_string()));
    let events = c.tick(held + 300.0);
    let warning = events.iter().find(|e| matches!(e.event, Event::HoldWarning { .. })).unwrap();
    assert_eq!(warning.t, held + 120.0, "the complaint comes at the limit, not at the next tick");
    assert_eq!(lines(&events)[0], "Hello?! I've been sitting on hold forever. Is anyone there?");
    // The complaint restarts the clock: the second one is another 120 s later.
    let second = events.iter().filter(|e| matches!(e.event, Event::HoldWarning { .. })).nth(1).unwrap();
    assert_eq!(second.t, held + 240.0);
}

#[test]
fn checking_in_on_hold_resets_the_timer() {
    let sc = scenario("Irate", "(anger: 0.3, trust: 0.5, patience: 0.8)");
    let mut c = conv(&sc, 0);
    let held = c.caller_speaking_until() + 1.0;
    c.act(Action::Hold, held);
    let k = kinds(&c.say("Thanks for holding, I'm still checking.", Source::Typed, held + 100.0));
    assert!(k.contains(&"CheckedIn".to_string()));
    assert!(!kinds(&c.tick(held + 210.0)).contains(&"HoldWarning".to_string()));
    let events = c.tick(held + 221.0);
    assert_eq!(events.iter().find(|e| matches!(e.event, Event::HoldWarning { .. })).unwrap().t, held + 220.0);
    // Holding without asking first is noticed.
    assert!(c.log().iter().any(|e| matches!(e.event, Event::HoldStarted { asked_first: false })));
}

#[test]
fn a_refused_supervisor_request_is_recorded_as_such() {
    let sc = scenario("Irate", "(anger: 0.3, trust: 0.5, patience: 0.8)");
    let mut c = conv(&sc, 0);
    let t = c.caller_speaking_until() + 1.0;
    c.say("I understand.", Source::Typed, t);
    assert!(c.supervisor_requested());
    let t = c.caller_speaking_until() + 1.0;
    let events = c.say("No, you can't speak to my supervisor.", Source::Typed, t);
    assert!(kinds(&events).contains(&"SupervisorRefused".to_string()), "{:?}", kinds(&events));
    let t = c.caller_speaking_until() + 1.0;
    c.act(Action::Escalate, t);
    assert_eq!(c.outcome(), Some(Outcome::Escalated));
}

#[test]
fn silence_after_the_caller_finishes_is_dead_air() {
    let sc = scenario("Irate", "(anger: 0.3, trust: 0.5, patience: 0.8)");
    let mut c = conv(&sc, 0);
    let done = c.caller_speaking_until();
    let events = c.tick(done + 30.0);
    let dead = events.iter().find(|e| matches!(e.event, Event::DeadAir { .. })).unwrap();
    assert_eq!(dead.t, done + 15.0);
    assert!(c.mood().patience < 0.8);
}

#[test]
fn a_crash_mid_call_loses_at_most_the_last_turn() {
    let sc = scenario("Irate", "(anger: 0.3, trust: 0.5, patience: 0.8)");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("call.jsonl");
    let mut c = conv(&sc, 1);
    let mut w =
        RecordWriter::create(&path, &Header::new("s", std::path::Path::new("s.ron"), "text", 1), false).unwrap();
    w.append(c.log()).unwrap();
    let t = c.caller_speaking_until() + 1.0;
    let turn = c.say("I understand.", Source::Typed, t);
    w.append(&turn).unwrap();
    let saved = c.log().len();
    // The program dies while writing the next turn: half a line reaches the disk.
    drop(w);
    let mut f = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
    std::io::Write::write_all(&mut f, br#"{"t":9.5,"kind":"TraineeSa"#).unwrap();
    let rec = read(&path).unwrap();
    assert!(rec.truncated);
    assert_eq!(rec.events.len(), saved);
    assert_eq!(serde_json::to_string(&rec.events).unwrap(), serde_json::to_string(c.log()).unwrap());
    assert_eq!(rec.header.seed, 1);
}
