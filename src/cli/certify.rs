//! `callsim certify PLAN --trainee ID` (an assessment: fixed seeds, time limits, no trainer view,
//! no hints or retries, a signed result) and `callsim verify RESULT [--key PUB]`.

use std::path::{Path, PathBuf};

use super::play::{CallSpec, open_store, take_call};
use super::show::load_scenario;
use crate::record::guard::may_write;
use crate::results::certificate;
use crate::results::exam::Exam;
use crate::results::{Mode, plan, station};

pub fn certify(plan_path: &Path, trainee: Option<String>, store: Option<String>, output: Option<PathBuf>) -> u8 {
    let lp = match plan::load(plan_path) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let mut scenarios = Vec::new();
    for path in &lp.scenarios {
        let Some(l) = load_scenario(path) else { return 1 };
        scenarios.push(l);
    }
    if let Some(out) = &output
        && let Err(e) = may_write(out, &[plan_path], false)
    {
        eprintln!("error: {e}");
        return 1;
    }
    let trainee = station::who(trainee.as_deref());
    // A certification is only worth its record: no store, no assessment.
    let Some(mut store) = open_store(store.as_deref()) else {
        eprintln!("error: a certification needs the results store; fix the store and start again");
        return 1;
    };
    let mut exam = match Exam::begin(lp, scenarios, &trainee, &mut store) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let plan = exam.plan.plan.clone();
    println!(
        "Certification: {} — {} ({}), attempt {} of {}. No trainer view, no hints, no retries.\n",
        plan.title,
        trainee,
        plan.rule_text(),
        exam.number,
        plan.attempts
    );
    while let Some(i) = exam.next() {
        println!("— Call {} of {} —", i + 1, plan.calls.len());
        let pc = &plan.calls[i];
        let record = exam.record_path(&store, i);
        let loaded = exam.scenarios[i].clone();
        let spec = CallSpec {
            loaded: &loaded,
            seed: pc.seed,
            record: Some(record),
            force: false,
            trainer: false,
            voice: false,
            model: None,
            trainee: trainee.clone(),
            mode: Mode::Test,
            time_limit: pc.time_limit.map(f64::from),
            certification: Some(exam.attempt.id.clone()),
        };
        let taken = take_call(&spec, Some(&mut store));
        exam.add(&taken.card, taken.result.record.clone().unwrap_or_default());
        println!("{}\n", exam.last_call_line());
    }
    match exam.finish(&mut store, output) {
        Ok(o) => {
            println!("{}: {}", if o.passed { "PASSED" } else { "NOT PASSED" }, o.summary);
            println!("Signed result: {} (check it with: callsim verify {})", o.path.display(), o.path.display());
            if o.passed { 0 } else { 1 }
        }
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

pub fn verify(result: &Path, key: Option<String>) -> u8 {
    let text = match std::fs::read(result) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", result.display());
            return 1;
        }
    };
    let expected = match key.as_deref().map(certificate::read_key).transpose() {
        Ok(k) => k,
        Err(e) => {
            eprintln!("error: {e}");
            return super::USAGE;
        }
    };
    let v = certificate::verify(&text, expected.as_ref());
    if let Some(c) = &v.certificate {
        println!(
            "{} — {} ({}), {} to {}: {}",
            c.plan_title,
            c.trainee,
            c.station,
            c.started_at,
            c.ended_at,
            if c.passed { "PASSED" } else { "NOT PASSED" }
        );
    }
    for f in &v.findings {
        println!("  {f}");
    }
    if v.valid {
        println!("VALID");
        0
    } else {
        println!("INVALID");
        1
    }
}
