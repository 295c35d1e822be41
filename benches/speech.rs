//! End of speech → the caller's reply: transcribe a 5-second spoken answer and run the turn,
//! on 1 and 2 whisper threads. Needs the model and espeak-ng (`bash .ci/setup`).

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use callsim::scenario::library::load_valid;
use callsim::sim::{Conversation, Source};
use callsim::speech::audio::read_wav;
use callsim::speech::{Transcriber, find_model};
use callsim::understand::{Lexicon, Understander};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

const ANSWER: &str = "I'm so sorry about this. The refund takes three to five business days to reach your card.";

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("answer.wav");
    let ok = Command::new("espeak-ng").args(["-v", "en-us", "-s", "180", "-w"]).arg(&wav).arg(ANSWER).status();
    assert!(ok.is_ok_and(|s| s.success()), "espeak-ng is needed (bash .ci/setup)");
    let clip = read_wav(&wav).unwrap();
    eprintln!("utterance: {:.2} s of audio", clip.len() as f32 / 16_000.0);
    let model = find_model(None).expect("a speech model (bash .ci/setup)");
    let sc = Arc::new(load_valid(Path::new("scenarios/irate-double-charge.ron")).unwrap().scenario);
    let und = Arc::new(Understander::new(&Lexicon::built_in(), Some(&sc)));
    let prompt = sc.speech_prompt();
    let mut g = c.benchmark_group("end of speech to caller reply (5 s answer)");
    g.sample_size(10);
    for threads in [1, 2] {
        let t = Transcriber::load(&model, threads).unwrap();
        g.bench_function(format!("{threads} thread(s)"), |b| {
            b.iter_batched(
                || Conversation::new(sc.clone(), und.clone(), 7),
                |mut conv| {
                    let heard = t.transcribe(&clip, &prompt).unwrap();
                    let at = conv.caller_speaking_until() + 1.0;
                    conv.say(&heard.text, Source::Spoken, at)
                },
                BatchSize::SmallInput,
            )
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
