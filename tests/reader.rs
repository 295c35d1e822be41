//! The learned reader: deterministic, explainable, measured on the held-out test split, and
//! replaced by the lexicon (with one message) when the encoder files are missing.
#![cfg(feature = "encoder")]

use std::path::Path;
use std::process::Command;

use callsim::understand::eval::{evaluate_by_scenario, load};
use callsim::understand::{Context, Lexicon, Move, Reader, Understander};

fn double_charge() -> callsim::scenario::Scenario {
    callsim::scenario::library::load_valid(Path::new("scenarios/irate-double-charge.ron")).unwrap().scenario
}

#[test]
fn the_learned_reader_is_there_when_setup_has_run() {
    // CI runs `.ci/setup` first, which fetches the encoder; without it every test below would
    // silently measure the lexicon.
    assert!(Reader::shared().is_some(), "the sentence encoder did not load: run `bash .ci/setup`");
}

#[test]
fn same_input_gives_the_same_moves_every_run() {
    let sc = double_charge();
    let a = Understander::new(&Lexicon::built_in(), Some(&sc));
    let b = Understander::new(&Lexicon::built_in(), Some(&sc));
    let caller = vec!["You charged me twice for March!".to_string()];
    for line in [
        "I'd be fed up too. Can I pop you on hold for a couple of minutes while I look?",
        "there's no point, my manager would only tell you the same",
        "I can't transfer you right now but I can have my supervisor call you within the hour",
    ] {
        let first = a.understand(line, Context { customer_said: &caller });
        for _ in 0..3 {
            assert_eq!(a.understand(line, Context { customer_said: &caller }), first, "{line}");
        }
        assert_eq!(b.understand(line, Context { customer_said: &caller }), first, "{line}");
    }
}

#[test]
fn learned_moves_carry_their_score_and_nearest_training_lines() {
    let sc = double_charge();
    let und = Understander::new(&Lexicon::built_in(), Some(&sc));
    let u = und.understand("I'm so sorry about all this, I'd be fed up too.", Context::default());
    assert_eq!(u.reader, "learned");
    let hit = u.hit(Move::Apologize).expect("an apology");
    assert!(hit.score.is_some_and(|s| s > 0.5), "{hit:?}");
    assert!(hit.rule.starts_with("learned reader"), "{}", hit.rule);
    let reader = und.reader().unwrap();
    let v = reader.vector("I'm so sorry about all this, I'd be fed up too.").unwrap();
    let near = reader.nearest(&v, 3);
    assert_eq!(near.len(), 3);
    assert!(near[0].similarity >= near[1].similarity && near[1].similarity >= near[2].similarity);
    assert!(near[0].similarity > 0.5, "{near:?}");
}

#[test]
fn vague_times_are_not_expectations_and_a_guarantee_against_the_facts_is_an_over_promise() {
    let sc =
        callsim::scenario::library::load_valid(Path::new("scenarios/demanding-late-delivery.ron")).unwrap().scenario;
    let und = Understander::new(&Lexicon::built_in(), Some(&sc));
    let u = und.understand("The replacement should be with you in a few days.", Context::default());
    assert!(!u.has(Move::SetExpectation), "{:?}", u.moves);
    assert!(u.notes.iter().any(|n| n.contains("vague")), "{:?}", u.notes);
    let u = und.understand("You'll have the new desk tomorrow, you have my word.", Context::default());
    assert!(u.has(Move::OverPromise), "{:?}", u.moves);
    // "Too long" is vague about what will happen, not about the wait the caller has had.
    let u = und.understand("It shouldn't take too long.", Context::default());
    assert!(u.notes.iter().any(|n| n.contains("vague")), "{:?}", u.notes);
    let u = und.understand("Six days is far too long, I'm sorry.", Context::default());
    assert!(!u.notes.iter().any(|n| n.contains("vague")), "{:?}", u.notes);
}

#[test]
fn without_the_encoder_the_lexicon_reads_the_line_and_says_so_once() {
    let o = Command::new(env!("CARGO_BIN_EXE_callsim"))
        .args([
            "explain",
            "I'm so sorry, that sounds really frustrating.",
            "--scenario",
            "scenarios/irate-double-charge.ron",
        ])
        .env("CALLSIM_ENCODER_DIR", "/nonexistent/encoder")
        .output()
        .unwrap();
    let (out, err) = (String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert_eq!(o.status.code(), Some(0), "{out}{err}");
    assert_eq!(err.matches("no sentence encoder found").count(), 1, "{err}");
    assert!(err.contains("bash .ci/setup"), "{err}");
    assert!(out.contains("Apologize") && out.contains("Acknowledge"), "{out}");
    assert!(out.contains("reader: lexicon"), "{out}");
}

#[test]
fn a_typed_call_runs_to_its_end_without_the_encoder() {
    let o = Command::new(env!("CARGO_BIN_EXE_callsim"))
        .args([
            "playtest",
            "scenarios/irate-double-charge.ron",
            "scenarios/playtests/irate-double-charge/strong.ron",
            "--quiet",
        ])
        .env("CALLSIM_ENCODER_DIR", "/nonexistent/encoder")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("outcome: Resolved"), "{out}");
}

#[test]
fn the_corpus_is_big_enough_and_its_test_split_stays_apart() {
    let train = load(Path::new("tests/data/corpus/train")).unwrap();
    let test = load(Path::new("tests/data/corpus/test")).unwrap();
    assert!(train.len() + test.len() >= 2500, "{} + {}", train.len(), test.len());
    assert!(test.len() >= 600, "{}", test.len());
    for mv in Move::ALL {
        assert!(test.iter().filter(|e| e.moves.contains(&mv)).count() >= 10, "too few test lines of {mv}");
    }
    let seen: std::collections::HashSet<String> = train.iter().map(|e| e.text.to_lowercase()).collect();
    let shared: Vec<&str> =
        test.iter().filter(|e| seen.contains(&e.text.to_lowercase())).map(|e| e.text.as_str()).collect();
    assert!(shared.is_empty(), "test lines also in train: {shared:?}");
}

#[test]
fn on_the_held_out_test_split_the_reader_stays_above_its_measured_floor() {
    let test = load(Path::new("tests/data/corpus/test")).unwrap();
    let report = evaluate_by_scenario(&test, Path::new("scenarios"), false).unwrap();
    assert_eq!(report.reader, "learned");
    // Floors a little under what was measured when the heads were trained (see the README);
    // a drop below them is a regression to look at.
    assert!(report.accuracy() >= ACCURACY_FLOOR, "exact-line accuracy {:.3}", report.accuracy());
    assert!(report.macro_f1() >= MACRO_F1_FLOOR, "macro-F1 {:.3}", report.macro_f1());
}

// Measured on the test split (qa-1, qa-2, qa-3: 985 lines) when these weights were trained
// (2026-12-08, 7,141 training lines from twelve writers and the team): exact-line accuracy
// 0.738, macro-F1 0.877 (the model before, on 4,085 lines: 0.688 and 0.841; the lexicon alone:
// 0.342 and 0.552).
const ACCURACY_FLOOR: f64 = 0.72;
const MACRO_F1_FLOOR: f64 = 0.86;

#[test]
fn training_is_reproducible_same_lines_and_seed_give_the_same_weights() {
    use callsim::understand::model::encoder::find_dir;
    use callsim::understand::model::finetune::{Settings, fine_tune};
    let dir = find_dir().expect("run bash .ci/setup");
    let texts = ["I'm so sorry about that.", "Calm down.", "Can I put you on hold?", "I'll transfer you now."];
    let labels: Vec<Vec<bool>> = [Move::Apologize, Move::Rude, Move::RequestHold, Move::Escalate]
        .iter()
        .map(|m| Move::ALL.iter().map(|x| x == m).collect())
        .collect();
    let s = Settings { layers: 1, epochs: 2, batch: 2, ..Settings::default() };
    let a = fine_tune(&dir, &texts, &labels, &Move::ALL, &s, &mut |_| {}).unwrap();
    let b = fine_tune(&dir, &texts, &labels, &Move::ALL, &s, &mut |_| {}).unwrap();
    assert_eq!(a.heads.w2, b.heads.w2);
    assert_eq!(a.heads.b2, b.heads.b2);
    assert_eq!(a.embed(&texts).unwrap(), b.embed(&texts).unwrap());
    let other = fine_tune(&dir, &texts, &labels, &Move::ALL, &Settings { seed: 8, ..s }, &mut |_| {}).unwrap();
    assert_ne!(a.heads.w2, other.heads.w2, "the seed must matter");
}
