//! Every shipped playtest script passes; gold calls order strong > average > weak; every ending
//! of every bundled scenario is covered by a script.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use callsim::playtest::{Run, Script, run};
use callsim::scenario::library::load_valid;
use callsim::understand::{Lexicon, Understander};

fn scripts(id: &str) -> Vec<PathBuf> {
    let dir = Path::new("scenarios/playtests").join(id);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    out.sort();
    out
}

fn play(id: &str, script: &Path) -> Run {
    let loaded = load_valid(&PathBuf::from(format!("scenarios/{id}.ron"))).unwrap();
    let sc = Arc::new(loaded.scenario);
    let s = Script::load(script).unwrap();
    let und = Arc::new(Understander::new(&Lexicon::built_in(), Some(&sc)));
    run(sc, und, &s, script.parent().unwrap(), None)
}

fn bundled() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir("scenarios")
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            (p.extension().is_some_and(|x| x == "ron")).then(|| p.file_stem().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    ids.sort();
    ids
}

#[test]
fn every_playtest_script_meets_its_expectations() {
    let mut ran = 0;
    for id in bundled() {
        for script in scripts(&id) {
            let r = play(&id, &script);
            assert!(r.failures.is_empty(), "{}: {:?}", script.display(), r.failures);
            ran += 1;
        }
    }
    assert!(ran >= 24, "only {ran} scripts");
}

#[test]
fn gold_calls_order_strong_over_average_over_weak_and_the_weak_one_fails() {
    for id in bundled() {
        let dir = Path::new("scenarios/playtests").join(&id);
        let score = |name: &str| play(&id, &dir.join(format!("{name}.ron"))).card;
        let (strong, average, weak) = (score("strong"), score("average"), score("weak"));
        assert!(
            strong.total > average.total && average.total > weak.total,
            "{id}: {} / {} / {}",
            strong.total,
            average.total,
            weak.total
        );
        assert!(strong.passed, "{id}: the strong call should pass");
        assert!(!weak.passed, "{id}: the weak call should fail");
    }
}

#[test]
fn every_ending_of_every_bundled_scenario_is_covered_by_a_script() {
    for id in bundled() {
        let sc = load_valid(&PathBuf::from(format!("scenarios/{id}.ron"))).unwrap().scenario;
        let reached: BTreeSet<_> = scripts(&id).iter().filter_map(|s| play(&id, s).outcome).collect();
        for ending in sc.endings() {
            assert!(reached.contains(&ending), "{id}: no script ends with {ending:?}");
        }
    }
}
