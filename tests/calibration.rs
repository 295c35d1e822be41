//! The grader checked like a QA team: expert-scored calls played and graded, both parts of the
//! calibration set measured, the test part never tuned on.

use std::path::Path;

use callsim::playtest::calibrate::{calibrate, spearman};

#[test]
fn spearman_ranks_with_ties_averaged() {
    assert!((spearman(&[1.0, 2.0, 3.0, 4.0], &[10.0, 20.0, 30.0, 40.0]) - 1.0).abs() < 1e-9);
    assert!((spearman(&[1.0, 2.0, 3.0, 4.0], &[4.0, 3.0, 2.0, 1.0]) + 1.0).abs() < 1e-9);
    let tied = spearman(&[1.0, 2.0, 2.0, 3.0], &[1.0, 2.0, 3.0, 4.0]);
    assert!((tied - 0.9486832980505138).abs() < 1e-9, "{tied}");
}

#[test]
fn the_calibration_set_has_sixty_calls_across_every_scenario_and_a_test_part_of_twenty() {
    let tune = calibrate(Path::new("tests/data/calibration/tune")).unwrap();
    let test = calibrate(Path::new("tests/data/calibration/test")).unwrap();
    assert!(tune.calls.len() + test.calls.len() >= 60);
    assert!(test.calls.len() >= 20);
    for id in [
        "irate-double-charge",
        "irate-outage",
        "demanding-late-delivery",
        "demanding-tech-support",
        "choice-broadband-cancel",
        "choice-mobile-upgrade",
    ] {
        let n = tune.calls.iter().chain(&test.calls).filter(|c| c.path.to_string_lossy().contains(id)).count();
        assert!(n >= 10, "{id}: {n} calls");
    }
}

/// Floors a little under what was measured (see the README); the targets themselves are
/// pass/fail ≥ 95 %, ±10 points ≥ 85 %, Spearman ≥ 0.9.
#[test]
fn the_grader_agrees_with_the_expert_at_least_as_well_as_measured() {
    for (dir, pass, within, rho) in [("tune", TUNE.0, TUNE.1, TUNE.2), ("test", TEST.0, TEST.1, TEST.2)] {
        let s = calibrate(&Path::new("tests/data/calibration").join(dir)).unwrap();
        assert!(s.pass_agreement() >= pass, "{dir}: pass/fail agreement {:.2}", s.pass_agreement());
        assert!(s.within_ten() >= within, "{dir}: within ±10 {:.2}", s.within_ten());
        assert!(s.spearman() >= rho, "{dir}: Spearman {:.2}", s.spearman());
    }
}

// Measured 2026-12-08 (reader retrained on 7,141 lines; a timeline owed only once the call is
// about a wait, "when?" asked twice costs, the stock opener is not discovery, a caller calmed
// back from the limit needs no senior): tune 95 % / 88 % / 0.95, test 79 % / 79 % / 0.93.
// Before, with points off (session 5): tune 88 % / 76 % / 0.93, test 79 % / 58 % / 0.91; the
// lexicon-era grader: tune 64 % / 50 % / 0.58, test 71 % / 38 % / 0.70. Test is below the
// targets: see the README.
const TUNE: (f64, f64, f64) = (0.92, 0.85, 0.92);
const TEST: (f64, f64, f64) = (0.75, 0.75, 0.90);
