//! The hot paths of a live call: understanding one utterance, and one whole turn (utterance in,
//! events out), on the largest bundled scenario.

use std::path::Path;
use std::sync::Arc;

use callsim::scenario::library::load_valid;
use callsim::sim::{Conversation, Source};
use callsim::understand::{Context, Lexicon, Understander};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

const LINE: &str = "I'm so sorry, Dana. So you were charged twice for March; the refund takes 3 to 5 business days.";

fn bench(c: &mut Criterion) {
    let largest = ["irate-double-charge", "irate-outage", "demanding-late-delivery"]
        .iter()
        .map(|id| load_valid(Path::new(&format!("scenarios/{id}.ron"))).unwrap().scenario)
        .max_by_key(|s| s.nodes.len())
        .unwrap();
    let sc = Arc::new(largest);
    let und = Arc::new(Understander::new(&Lexicon::built_in(), Some(&sc)));
    let caller: Vec<String> = sc.nodes[&sc.start].say.clone();
    c.bench_function("understand one utterance", |b| {
        b.iter(|| und.understand(LINE, Context { customer_said: &caller }))
    });
    c.bench_function("one turn: utterance in, events out", |b| {
        b.iter_batched(
            || Conversation::new(sc.clone(), und.clone(), 7),
            |mut conv| {
                let t = conv.caller_speaking_until() + 2.0;
                conv.say(LINE, Source::Typed, t)
            },
            BatchSize::SmallInput,
        )
    });
    c.bench_function("compile the understanding for a scenario", |b| {
        b.iter(|| Understander::new(&Lexicon::built_in(), Some(&sc)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
