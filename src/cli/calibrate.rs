//! `callsim calibrate DIR`: expert vs callsim on labelled calls, and whether the grader is
//! calibrated (exit 1 when it is not).

use std::path::Path;

use crate::playtest::calibrate::{PASS_AGREEMENT, SPEARMAN, Summary, WITHIN_TEN, calibrate};

pub fn run(dirs: &[std::path::PathBuf]) -> u8 {
    let mut all_ok = true;
    for dir in dirs {
        match calibrate(dir) {
            Ok(s) => {
                print(dir, &s);
                all_ok &= s.meets_targets();
            }
            Err(e) => {
                eprintln!("error: {e}");
                return 1;
            }
        }
    }
    if all_ok { 0 } else { 1 }
}

fn print(dir: &Path, s: &Summary) {
    println!("== {}", dir.display());
    println!("{:<58} {:>6} {:>7}  {:<9} critical", "call", "expert", "callsim", "outcome");
    for c in &s.calls {
        let name = c.path.strip_prefix(dir).unwrap_or(&c.path).display().to_string();
        let verdict = |p: bool| if p { "pass" } else { "FAIL" };
        let mut flags = Vec::new();
        if !c.agrees() {
            flags.push("pass/fail differs".to_string());
        }
        if !c.within_ten() {
            flags.push(format!("{:+}", c.score as i64 - c.expert.score as i64));
        }
        for m in c.missed() {
            flags.push(format!("missed {m}"));
        }
        for w in c.wrongly_raised() {
            flags.push(format!("wrongly raised {w}"));
        }
        if !c.failures.is_empty() {
            flags.push("went off script".into());
        }
        println!(
            "{name:<58} {:>3} {:<4} {:>3} {:<4} {:<9} {}{}",
            c.expert.score,
            verdict(c.expert.passed),
            c.score,
            verdict(c.passed),
            c.outcome,
            c.critical.join(","),
            if flags.is_empty() { String::new() } else { format!("  ← {}", flags.join("; ")) }
        );
    }
    let mark = |ok: bool| if ok { "ok" } else { "BELOW TARGET" };
    println!(
        "\n{} calls: pass/fail agreement {:.0} % (target {:.0} %) {}; within ±10 points {:.0} % (target {:.0} %) {}; Spearman {:.2} (target {:.2}) {}",
        s.calls.len(),
        s.pass_agreement() * 100.0,
        PASS_AGREEMENT * 100.0,
        mark(s.pass_agreement() >= PASS_AGREEMENT),
        s.within_ten() * 100.0,
        WITHIN_TEN * 100.0,
        mark(s.within_ten() >= WITHIN_TEN),
        s.spearman(),
        SPEARMAN,
        mark(s.spearman() >= SPEARMAN)
    );
    let missed: usize = s.calls.iter().map(|c| c.missed().len()).sum();
    let wrong: usize = s.calls.iter().map(|c| c.wrongly_raised().len()).sum();
    println!(
        "mean score: expert {:.1}, callsim {:.1}; critical items missed {missed}, wrongly raised {wrong}; {}\n",
        s.mean_expert(),
        s.mean_callsim(),
        if s.critical_ok() {
            "every critical call fails, no expert pass auto-failed"
        } else {
            "critical items: BELOW TARGET"
        }
    );
}
