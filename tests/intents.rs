//! Scenario intents matched by meaning as well as by words, measured on lines written by people
//! outside the team (`tests/data/intents/`): the test part never chose anything.

use std::path::Path;

use callsim::scenario::load_file;
use callsim::understand::intent_eval::{load, measure, score};
use callsim::understand::intents::MEANING_THRESHOLD;
use callsim::understand::{Context, Lexicon, Understander};

fn encoder_present() -> bool {
    callsim::understand::Reader::shared().is_some()
}

#[test]
fn meaning_finds_intents_the_words_miss_without_more_false_ones() {
    if !encoder_present() {
        eprintln!("skipped: no sentence encoder (run .ci/setup)");
        return;
    }
    for (file, floor_exact, floor_precision) in [("tune", 0.60, 0.76), ("test", 0.44, 0.52)] {
        let lines = load(&Path::new("tests/data/intents").join(format!("{file}.tsv"))).unwrap();
        assert!(lines.len() >= 250, "{file}: {} lines", lines.len());
        let scored = score(&lines, Path::new("scenarios")).unwrap();
        let words = measure(&scored, None);
        let both = measure(&scored, Some(MEANING_THRESHOLD));
        assert!(both.0 > words.0 && both.2 > words.2, "{file}: words {words:?}, with meaning {both:?}");
        assert!(both.1 >= words.1, "{file}: precision fell: words {words:?}, with meaning {both:?}");
        assert!(both.0 >= floor_exact && both.1 >= floor_precision, "{file}: {both:?}");
    }
}

#[test]
fn an_intent_said_in_other_words_is_found_and_its_negation_is_not() {
    if !encoder_present() {
        return;
    }
    let sc = load_file(Path::new("scenarios/choice-broadband-cancel.ron")).unwrap().scenario;
    let u = Understander::new(&Lexicon::built_in(), Some(&sc));
    let read = |line: &str| u.understand(line, Context { customer_said: &[] });
    let said = read("I can put you on our loyalty rate, which doubles your speed too.");
    assert!(said.has_intent("retention_offer") || said.has_intent("speed_upgrade"), "{:?}", said.intents);
    let negated = read("I'm not able to give you any loyalty discount, sorry.");
    assert!(!negated.intents.iter().any(|i| i.phrase.contains("by meaning")), "{:?}", negated.intents);
    // Same line, same reading, every time.
    assert_eq!(read("I can put you on our loyalty rate."), read("I can put you on our loyalty rate."));
}
