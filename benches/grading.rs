//! Grading session records: one record, and 10,000 of them.

use std::path::Path;
use std::sync::Arc;

use callsim::grade::grade;
use callsim::playtest::{Script, run};
use callsim::scenario::library::load_valid;
use callsim::understand::{Lexicon, Understander};
use criterion::{Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let sc = Arc::new(load_valid(Path::new("scenarios/irate-double-charge.ron")).unwrap().scenario);
    let und = Arc::new(Understander::new(&Lexicon::built_in(), Some(&sc)));
    let records: Vec<_> = ["strong", "average", "weak", "escalated"]
        .iter()
        .map(|name| {
            let script =
                Script::load(Path::new(&format!("scenarios/playtests/irate-double-charge/{name}.ron"))).unwrap();
            run(sc.clone(), und.clone(), &script, Path::new("."), None).events
        })
        .collect();
    c.bench_function("grade one record (strong gold call)", |b| b.iter(|| grade(&sc, &records[0])));
    let mut g = c.benchmark_group("grade many");
    g.sample_size(10);
    g.bench_function("grade 10,000 records", |b| {
        b.iter(|| (0..10_000).map(|i| grade(&sc, &records[i % records.len()]).total).sum::<u32>())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
