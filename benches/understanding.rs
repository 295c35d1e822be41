//! The learned reader: loading it (encoder + fine-tuned layers + heads), and understanding one
//! trainee line with it (moves, and the scenario's intents by meaning), against the lexicon alone.

use std::path::Path;
use std::sync::Arc;

use callsim::understand::{Context, Lexicon, Reader, Understander};
use criterion::{Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let sc = callsim::scenario::library::load_valid(Path::new("scenarios/irate-double-charge.ron")).unwrap().scenario;
    let mut g = c.benchmark_group("understanding");
    g.sample_size(10);
    g.bench_function("load the learned reader", |b| b.iter(|| Reader::load().unwrap()));
    let reader = Arc::new(Reader::load().expect("run bash .ci/setup"));
    // Per call: the scenario's intent examples are encoded (the published encoder is loaded on
    // the first of these and kept).
    g.bench_function("a call's understander (intent examples encoded)", |b| {
        b.iter(|| Understander::with_reader(&Lexicon::built_in(), Some(&sc), Some(reader.clone())))
    });
    let learned = Understander::with_reader(&Lexicon::built_in(), Some(&sc), Some(reader));
    let lexicon = Understander::lexicon_only(&Lexicon::built_in(), Some(&sc));
    let caller = vec!["You charged me twice for March. Forty-nine ninety-nine, twice!".to_string()];
    let line =
        "I'm so sorry, Dana, I'd be fed up too. Can I pop you on hold for two minutes while I check the March charges?";
    g.sample_size(50);
    g.bench_function("one line, learned reader", |b| {
        b.iter(|| learned.understand(line, Context { customer_said: &caller }))
    });
    g.bench_function("one line, lexicon only", |b| {
        b.iter(|| lexicon.understand(line, Context { customer_said: &caller }))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
