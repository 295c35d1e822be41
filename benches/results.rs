//! The results store: saving one graded call (SQLite, write-ahead logged, synced), reading a
//! cohort of 1,000 calls back, and building its report; signing and verifying a certificate.

use std::path::Path;
use std::sync::Arc;

use callsim::grade::grade;
use callsim::playtest::{Script, run};
use callsim::results::store::{self, Filter};
use callsim::results::{CallResult, Mode, certificate, report};
use callsim::scenario::library::load_valid;
use callsim::understand::{Lexicon, Understander};
use criterion::{Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let sc = Arc::new(load_valid(Path::new("scenarios/irate-double-charge.ron")).unwrap().scenario);
    let und = Arc::new(Understander::new(&Lexicon::built_in(), Some(&sc)));
    let script = Script::load(Path::new("scenarios/playtests/irate-double-charge/strong.ron")).unwrap();
    let events = run(sc.clone(), und, &script, Path::new("."), None).events;
    let card = grade(&sc, &events);
    let record: String = events.iter().map(|e| serde_json::to_string(e).unwrap() + "\n").collect();
    let call = |trainee: &str| {
        let mut r = CallResult::start(trainee, &sc.id, "sha", 7, Mode::Practice, "rec.jsonl", None);
        r.finish(card.clone(), Some(record.clone()));
        r
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.sqlite3");
    let mut s = store::open(Some(db.to_str().unwrap())).unwrap();
    c.bench_function("save one graded call (SQLite)", |b| b.iter(|| s.save_call(&call("bench")).unwrap()));

    let cohort_db = dir.path().join("cohort.sqlite3");
    let mut cohort = store::open(Some(cohort_db.to_str().unwrap())).unwrap();
    for i in 0..1_000 {
        cohort.save_call(&call(&format!("t{}", i % 40))).unwrap();
    }
    let mut g = c.benchmark_group("cohort of 1,000 calls, 40 trainees");
    g.sample_size(10);
    g.bench_function("read them back", |b| b.iter(|| cohort.calls(&Filter::default()).unwrap().len()));
    let calls = cohort.calls(&Filter::default()).unwrap();
    g.bench_function("build the report", |b| b.iter(|| report::build(&calls).trainees.len()));
    g.finish();

    let key = ed25519_dalek::SigningKey::from_bytes(&[3u8; 32]);
    let cert = certificate::Certificate {
        format: certificate::FORMAT.into(),
        attempt: "a".repeat(32),
        trainee: "ana".into(),
        station: "lab-1".into(),
        plan_title: "Desk".into(),
        plan_sha256: callsim::record::sha256_hex(b""),
        plan_text: String::new(),
        rule: "pass 1 of 1".into(),
        rule_pass: 1,
        rubric: callsim::results::RUBRIC_VERSION.into(),
        callsim: "0.1.0".into(),
        started_at: "2026-12-02T09:00:00.000Z".into(),
        ended_at: "2026-12-02T09:10:00.000Z".into(),
        passed: false,
        summary: String::new(),
        calls: Vec::new(),
    };
    c.bench_function("sign a certificate", |b| b.iter(|| certificate::sign(&cert, &key).len()));
    let signed = certificate::sign(&cert, &key);
    c.bench_function("verify a certificate (no calls)", |b| b.iter(|| certificate::verify(&signed, None).valid));
}

criterion_group!(benches, bench);
criterion_main!(benches);
