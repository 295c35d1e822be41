//! `callsim certify PLAN --trainee ID` (an assessment: fixed seeds, time limits, no trainer view,
//! no hints or retries, a signed result) and `callsim verify RESULT [--key PUB]`.

use std::path::{Path, PathBuf};

use super::play::{CallSpec, open_store, take_call};
use super::show::load_scenario;
use crate::record::guard::may_write;
use crate::record::sha256_hex;
use crate::results::certificate::{self, Certificate, CertifiedCall};
use crate::results::store::Attempt;
use crate::results::{CallStatus, Mode, RUBRIC_VERSION, new_id, now, plan, station};

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
    let key = match certificate::station_key(store.key_dir()) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let plan_sha256 = sha256_hex(lp.text.as_bytes());
    let used = match store.attempts(Some(&trainee), Some(&plan_sha256)) {
        Ok(a) => a.len(),
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let plan = &lp.plan;
    if used >= plan.attempts as usize {
        eprintln!(
            "error: {trainee} has used {used} of {} attempts at \"{}\"; a trainer can allow more in the plan's `attempts`",
            plan.attempts, plan.title
        );
        return 1;
    }
    let mut attempt = Attempt {
        id: new_id(),
        trainee: trainee.clone(),
        station: station::name(),
        pid: std::process::id(),
        plan_title: plan.title.clone(),
        plan_sha256: plan_sha256.clone(),
        started_at: now(),
        ended_at: None,
        status: CallStatus::InProgress,
        passed: false,
        result_path: None,
        summary: plan.rule_text(),
    };
    if let Err(e) = store.save_attempt(&attempt) {
        eprintln!("error: {e}");
        return 1;
    }
    println!(
        "Certification: {} — {} ({}), attempt {} of {}. No trainer view, no hints, no retries.\n",
        plan.title,
        trainee,
        plan.rule_text(),
        used + 1,
        plan.attempts
    );
    let records = store.key_dir().join("certificates").join("records");
    let mut calls = Vec::new();
    for (i, (pc, loaded)) in plan.calls.iter().zip(&scenarios).enumerate() {
        println!("— Call {} of {} —", i + 1, plan.calls.len());
        let spec = CallSpec {
            loaded,
            seed: pc.seed,
            record: Some(records.join(format!("{}-{}-{}.jsonl", &attempt.id[..8], i + 1, loaded.scenario.id))),
            force: false,
            trainer: false,
            voice: false,
            model: None,
            trainee: trainee.clone(),
            mode: Mode::Test,
            time_limit: pc.time_limit.map(f64::from),
            certification: Some(attempt.id.clone()),
        };
        let taken = take_call(&spec, Some(&mut store));
        let pass_mark = plan.pass_mark(pc);
        let passed = taken.card.verdict() == "PASS" && taken.card.total >= pass_mark;
        println!(
            "Call {}: {} {} (needs {pass_mark}) — {}\n",
            i + 1,
            taken.card.total,
            taken.card.verdict(),
            if passed { "passed" } else { "not passed" }
        );
        let record = taken.result.record.clone().unwrap_or_default();
        calls.push(CertifiedCall {
            scenario_id: loaded.scenario.id.clone(),
            scenario_sha256: sha256_hex(loaded.source.inner().as_bytes()),
            scenario_text: loaded.source.inner().to_string(),
            seed: pc.seed,
            pass_mark,
            total: Some(taken.card.total),
            verdict: taken.card.verdict().to_string(),
            passed,
            critical_items: taken.card.auto_fails.iter().map(|a| a.id.clone()).collect(),
            record_sha256: sha256_hex(record.as_bytes()),
            record,
        });
    }
    let n_passed = calls.iter().filter(|c| c.passed).count();
    let passed = n_passed >= plan.rule.pass;
    let summary = format!("{n_passed} of {} calls passed; the rule: {}", calls.len(), plan.rule_text());
    let cert = Certificate {
        format: certificate::FORMAT.into(),
        attempt: attempt.id.clone(),
        trainee: trainee.clone(),
        station: attempt.station.clone(),
        plan_title: plan.title.clone(),
        plan_sha256,
        plan_text: lp.text.clone(),
        rule: plan.rule_text(),
        rule_pass: plan.rule.pass,
        rubric: RUBRIC_VERSION.into(),
        callsim: env!("CARGO_PKG_VERSION").into(),
        started_at: attempt.started_at.clone(),
        ended_at: now(),
        passed,
        summary: summary.clone(),
        calls,
    };
    let path = output.unwrap_or_else(|| certificate::default_path(store.key_dir(), &trainee, &attempt.id));
    let signed = certificate::sign(&cert, &key);
    let written = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|_| std::fs::write(&path, &signed));
    attempt.status = CallStatus::Finished;
    attempt.passed = passed;
    attempt.ended_at = Some(cert.ended_at.clone());
    attempt.summary = summary.clone();
    attempt.result_path = Some(path.display().to_string());
    if let Err(e) = written {
        eprintln!("error: cannot write the signed result {}: {e}", path.display());
        attempt.result_path = None;
    }
    if let Err(e) = store.save_attempt(&attempt) {
        eprintln!("error: {e}");
        return 1;
    }
    println!("{}: {summary}", if passed { "PASSED" } else { "NOT PASSED" });
    println!("Signed result: {} (check it with: callsim verify {})", path.display(), path.display());
    if passed { 0 } else { 1 }
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
