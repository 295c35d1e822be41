//! `callsim train`: fits the move heads on the training part of the corpus and writes them to
//! `assets/models/reader/` (heads, thresholds, and the training lines for "nearest examples").
//! Same corpus and seed → same files.

// Without the `encoder` feature only the stubs at the end are built.
#![cfg_attr(not(feature = "encoder"), allow(unused))]

use std::path::Path;
#[cfg(feature = "encoder")]
use std::time::Instant;

use crate::understand::Move;
use crate::understand::eval::load;

use crate::understand::settle::CRITICAL;

pub struct Options<'a> {
    pub corpus: &'a Path,
    pub out: &'a Path,
    pub hidden: usize,
    pub steps: usize,
    pub seed: u64,
    pub learning_rate: f64,
    pub weight_decay: f64,
    /// The precision the critical moves' thresholds must reach on cross-writer scores.
    pub critical_precision: f64,
    /// Fine-tune the encoder's top layers with the heads (else: heads over the frozen encoder).
    pub fine_tune: Option<crate::understand::model::settings::FineTune>,
    /// Train on this share of the training part only (learning curve), 0 < share ≤ 1.
    pub share: f64,
}

#[cfg(feature = "encoder")]
pub fn run(o: Options) -> u8 {
    use crate::understand::model::encoder::{Encoder, find_dir};
    use crate::understand::model::train::{Sample, Settings, train};

    let examples = match load(o.corpus) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let examples = share_of(examples, o.share);
    if let Some(ft) = &o.fine_tune {
        return fine_tune(&o, ft, &examples);
    }
    let encoder = match find_dir().and_then(|d| Encoder::load(&d, None)) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let started = Instant::now();
    let texts: Vec<&str> = examples.iter().map(|e| e.text.as_str()).collect();
    let mut vectors = Vec::with_capacity(texts.len());
    for chunk in texts.chunks(32) {
        match encoder.embed(chunk) {
            Ok(v) => vectors.extend(v),
            Err(e) => {
                eprintln!("error: {e}");
                return 1;
            }
        }
    }
    let encoded = started.elapsed();
    let sources: Vec<&str> = {
        let mut s: Vec<&str> = examples.iter().map(|e| e.source.as_str()).collect();
        s.dedup();
        s
    };
    let samples: Vec<Sample> = examples
        .iter()
        .zip(&vectors)
        .map(|(e, v)| Sample {
            x: v,
            y: Move::ALL.iter().map(|m| e.moves.contains(m)).collect(),
            group: sources.iter().position(|s| *s == e.source).unwrap_or(0),
        })
        .collect();
    let settings = Settings {
        hidden: o.hidden,
        steps: o.steps,
        seed: o.seed,
        learning_rate: o.learning_rate,
        weight_decay: o.weight_decay,
    };
    let (mut heads, oof) = match train(&samples, &Move::ALL, &settings, &CRITICAL, o.critical_precision) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("error: training failed: {e}");
            return 1;
        }
    };
    heads.trained = format!(
        "{} lines from {} files ({}), seed {}, hidden {}, steps {}, lr {}, weight decay {}",
        samples.len(),
        sources.len(),
        sources.join(", "),
        settings.seed,
        settings.hidden,
        settings.steps,
        settings.learning_rate,
        settings.weight_decay
    );
    println!(
        "trained on {} lines in {:.1} s (encoding {:.1} s)",
        samples.len(),
        started.elapsed().as_secs_f64(),
        encoded.as_secs_f64()
    );
    let (probs, labels): (Vec<Vec<f32>>, Vec<Vec<bool>>) =
        oof.iter().zip(&samples).filter(|(p, _)| !p.is_empty()).map(|(p, s)| (p.clone(), s.y.clone())).unzip();
    report(
        &Move::ALL,
        &heads.thresholds,
        &probs,
        &labels,
        "leave-one-writer-out on the training part (what thresholds were chosen on)",
    );
    if let Err(e) = write(o.out, &heads, &examples, &vectors) {
        eprintln!("error: cannot write {}: {e}", o.out.display());
        return 1;
    }
    println!("wrote {}", o.out.display());
    0
}

/// Fine-tunes three times: twice on half of the writers each, so that every training line is
/// scored by a model that never saw its writer (the thresholds are chosen on those scores), then
/// once on everything, which is what is saved.
#[cfg(feature = "encoder")]
fn fine_tune(
    o: &Options,
    ft: &crate::understand::model::settings::FineTune,
    examples: &[crate::understand::eval::Example],
) -> u8 {
    use crate::understand::model::encoder::find_dir;
    use crate::understand::model::finetune::fine_tune;
    use crate::understand::model::train::choose_thresholds;
    use sha2::{Digest, Sha256};

    let dir = match find_dir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let started = Instant::now();
    let labels_of = |exs: &[&crate::understand::eval::Example]| -> Vec<Vec<bool>> {
        exs.iter().map(|e| Move::ALL.iter().map(|m| e.moves.contains(m)).collect()).collect()
    };
    let mut writers: Vec<&str> = examples.iter().map(|e| e.source.as_str()).collect();
    writers.dedup();
    if writers.len() < 2 {
        eprintln!("error: fine-tuning chooses thresholds across writers: the corpus needs at least two files");
        return 1;
    }
    let fold_of = |e: &crate::understand::eval::Example| writers.iter().position(|w| *w == e.source).unwrap_or(0) % 2;
    let mut log = |l: String| println!("  {l}");
    let mut oof: Vec<Vec<f32>> = vec![Vec::new(); examples.len()];
    for fold in 0..2 {
        let train: Vec<&crate::understand::eval::Example> = examples.iter().filter(|e| fold_of(e) != fold).collect();
        let held: Vec<usize> = (0..examples.len()).filter(|&i| fold_of(&examples[i]) == fold).collect();
        let names: Vec<&str> = writers.iter().enumerate().filter(|(i, _)| i % 2 != fold).map(|(_, w)| *w).collect();
        println!("fine-tuning on {} ({} lines) to score the other writers", names.join(", "), train.len());
        let texts: Vec<&str> = train.iter().map(|e| e.text.as_str()).collect();
        let model = match fine_tune(&dir, &texts, &labels_of(&train), &Move::ALL, ft, &mut log) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: fine-tuning failed: {e}");
                return 1;
            }
        };
        let held_texts: Vec<&str> = held.iter().map(|&i| examples[i].text.as_str()).collect();
        match model.embed(&held_texts) {
            Ok(vs) => {
                for (&i, v) in held.iter().zip(vs) {
                    oof[i] = model.heads.probabilities(&v);
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                return 1;
            }
        }
    }
    let all: Vec<&crate::understand::eval::Example> = examples.iter().collect();
    let labels = labels_of(&all);
    let thresholds = choose_thresholds(&oof, &labels, &Move::ALL, &CRITICAL, o.critical_precision);
    report(
        &Move::ALL,
        &thresholds,
        &oof,
        &labels,
        "cross-writer (each line scored by a model that never saw its writer)",
    );
    // Kept beside the heads: the evidence the thresholds were chosen on (`--rethreshold` reads it).
    if let Err(e) = std::fs::create_dir_all(o.out)
        .and_then(|_| std::fs::write(o.out.join("cross-writer.tsv"), oof_tsv(&oof, &labels)))
    {
        eprintln!("error: cannot write {}: {e}", o.out.display());
        return 1;
    }

    println!("fine-tuning on all {} lines", examples.len());
    let texts: Vec<&str> = all.iter().map(|e| e.text.as_str()).collect();
    let tuned = match fine_tune(&dir, &texts, &labels, &Move::ALL, ft, &mut log) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: fine-tuning failed: {e}");
            return 1;
        }
    };
    let vectors = match tuned.embed(&texts) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let saved = std::fs::create_dir_all(o.out)
        .map_err(|e| e.to_string())
        .and_then(|_| tuned.save(&o.out.join("tuned.safetensors")));
    if let Err(e) = saved {
        eprintln!("error: cannot write {}: {e}", o.out.display());
        return 1;
    }
    let sha = match std::fs::read(o.out.join("tuned.safetensors")) {
        Ok(b) => format!("{:x}", Sha256::digest(&b)),
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let mut heads = tuned.heads.clone();
    heads.thresholds = thresholds;
    heads.tuned = Some(sha);
    heads.trained = format!(
        "fine-tuned top {} layers, {} epochs, batch {}, lr {} / head {}, seed {}, on {} lines from {}; thresholds cross-writer",
        ft.layers,
        ft.epochs,
        ft.batch,
        ft.encoder_lr,
        ft.head_lr,
        ft.seed,
        examples.len(),
        writers.join(", ")
    );
    if let Err(e) = write(o.out, &heads, examples, &vectors) {
        eprintln!("error: cannot write {}: {e}", o.out.display());
        return 1;
    }
    println!("trained in {:.0} s; wrote {}", started.elapsed().as_secs_f64(), o.out.display());
    rethreshold(o.out, o.corpus, o.share, o.critical_precision)
}

#[cfg(feature = "encoder")]
/// One line per training line: its labels (0/1 per move) and its cross-writer probabilities.
fn oof_tsv(oof: &[Vec<f32>], labels: &[Vec<bool>]) -> String {
    let mut out = format!("# {}\n", Move::ALL.map(|m| m.to_string()).join(","));
    for (p, y) in oof.iter().zip(labels) {
        let y: Vec<&str> = y.iter().map(|b| if *b { "1" } else { "0" }).collect();
        let p: Vec<String> = p.iter().map(|x| format!("{x:.4}")).collect();
        out.push_str(&format!("{}\t{}\n", y.join(","), p.join(",")));
    }
    out
}

/// Chooses the thresholds again from the kept cross-writer scores, without retraining.
#[cfg(feature = "encoder")]
pub fn rethreshold(out: &Path, corpus: &Path, share: f64, critical_precision: f64) -> u8 {
    use crate::understand::model::heads::Heads;
    use crate::understand::model::train::{choose_threshold, choose_thresholds};
    let read =
        |name: &str| std::fs::read_to_string(out.join(name)).map_err(|e| format!("{}: {e}", out.join(name).display()));
    let (tsv, json) = match (read("cross-writer.tsv"), read("heads.json")) {
        (Ok(t), Ok(j)) => (t, j),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let mut heads: Heads = match serde_json::from_str(&json) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("error: heads.json: {e}");
            return 1;
        }
    };
    let mut probs = Vec::new();
    let mut labels = Vec::new();
    for line in tsv.lines().filter(|l| !l.starts_with('#')) {
        let Some((y, p)) = line.split_once('\t') else { continue };
        labels.push(y.split(',').map(|v| v == "1").collect::<Vec<bool>>());
        probs.push(p.split(',').filter_map(|v| v.parse().ok()).collect::<Vec<f32>>());
    }
    if probs.is_empty() || probs.iter().any(|p| p.len() != Move::ALL.len()) {
        eprintln!("error: cross-writer.tsv is empty or malformed");
        return 1;
    }
    heads.thresholds = choose_thresholds(&probs, &labels, &Move::ALL, &CRITICAL, critical_precision);
    report(&Move::ALL, &heads.thresholds, &probs, &labels, "cross-writer");
    // Agreement thresholds: among the training lines where the lexicon names a critical move,
    // the lowest cross-writer probability at which that move is right often enough.
    // The lines the scores are of: the same share of the corpus the training used.
    let examples = match crate::understand::eval::load(corpus).map(|e| share_of(e, share)) {
        Ok(e) if e.len() == probs.len() => e,
        Ok(e) => {
            eprintln!("error: the corpus has {} lines, cross-writer.tsv {}: retrain", e.len(), probs.len());
            return 1;
        }
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let lexicon = match lexicon_moves(&examples, Path::new("scenarios")) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    heads.agree = Move::ALL
        .iter()
        .enumerate()
        .map(|(j, mv)| {
            if !CRITICAL.contains(mv) {
                return 1.0;
            }
            let scored: Vec<(f32, bool)> = probs
                .iter()
                .zip(&labels)
                .zip(&lexicon)
                .filter(|(_, lex)| lex.contains(mv))
                .map(|((p, y), _)| (p[j], y[j]))
                .collect();
            let t = choose_threshold(&scored, Some(critical_precision));
            println!(
                "{:<17} lexicon names it on {:>3} lines ({} right); agreement threshold {t:.2}",
                mv.to_string(),
                scored.len(),
                scored.iter().filter(|s| s.1).count()
            );
            t.min(heads.thresholds[j])
        })
        .collect();
    match serde_json::to_string(&heads) {
        Ok(j) => match std::fs::write(out.join("heads.json"), j + "\n") {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("error: {e}");
                1
            }
        },
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

/// Per-move precision/recall/F1 and exact-line accuracy of `probs` against `labels`.
#[cfg(feature = "encoder")]
fn report(moves: &[Move], thresholds: &[f32], probs: &[Vec<f32>], labels: &[Vec<bool>], title: &str) {
    println!("{title}:");
    println!("{:<17} {:>9} {:>6} {:>6} {:>6}", "move", "threshold", "P", "R", "F1");
    for (j, mv) in moves.iter().enumerate() {
        let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
        for (p, y) in probs.iter().zip(labels) {
            match (y[j], p[j] >= thresholds[j]) {
                (true, true) => tp += 1.0,
                (false, true) => fp += 1.0,
                (true, false) => fn_ += 1.0,
                _ => {}
            }
        }
        let p = if tp + fp > 0.0 { tp / (tp + fp) } else { 1.0 };
        let r = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 1.0 };
        let f1 = if tp > 0.0 { 2.0 * tp / (2.0 * tp + fp + fn_) } else { 0.0 };
        println!("{:<17} {:>9.2} {:>6.3} {:>6.3} {:>6.3}", mv.to_string(), thresholds[j], p, r, f1);
    }
    let exact = probs
        .iter()
        .zip(labels)
        .filter(|(p, y)| y.iter().zip(p.iter().zip(thresholds)).all(|(y, (p, t))| *y == (p >= t)))
        .count();
    println!("exact-line accuracy {:.3} ({exact} of {})", exact as f64 / probs.len().max(1) as f64, probs.len());
}

#[cfg(feature = "encoder")]
fn write(
    out: &Path,
    heads: &crate::understand::model::heads::Heads,
    examples: &[crate::understand::eval::Example],
    vectors: &[Vec<f32>],
) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;
    let json = serde_json::to_string(heads).map_err(std::io::Error::other)?;
    std::fs::write(out.join("heads.json"), json + "\n")?;
    let mut tsv = String::new();
    for e in examples {
        let moves: Vec<String> = e.moves.iter().map(|m| m.to_string()).collect();
        let moves = if moves.is_empty() { "-".to_string() } else { moves.join(",") };
        tsv.push_str(&format!("{moves}\t{}\n", e.text.replace(['\t', '\n'], " ")));
    }
    std::fs::write(out.join("examples.tsv"), tsv)?;
    let bytes: Vec<u8> =
        vectors.iter().flatten().map(|x| ((x * 127.0).round().clamp(-127.0, 127.0) as i8) as u8).collect();
    std::fs::write(out.join("examples.i8"), bytes)
}

#[cfg(not(feature = "encoder"))]
pub fn run(_: Options) -> u8 {
    eprintln!("error: this callsim was built without the `encoder` feature");
    2
}

/// The moves the phrase lexicon finds in each example (under its scenario).
#[cfg(feature = "encoder")]
fn lexicon_moves(
    examples: &[crate::understand::eval::Example],
    scenarios: &Path,
) -> Result<Vec<std::collections::BTreeSet<Move>>, String> {
    use crate::understand::{Context, Lexicon, Understander};
    let mut readers: std::collections::BTreeMap<String, Understander> = Default::default();
    let mut out = Vec::new();
    for e in examples {
        let id = e.scenario.clone().unwrap_or_else(|| "irate-double-charge".into());
        if !readers.contains_key(&id) {
            let path = scenarios.join(format!("{id}.ron"));
            let loaded = crate::scenario::library::load_valid(&path)
                .map_err(|_| format!("{}: does not load", path.display()))?;
            readers.insert(id.clone(), Understander::lexicon_only(&Lexicon::built_in(), Some(&loaded.scenario)));
        }
        let caller: Vec<String> = e.caller.iter().cloned().collect();
        let u = readers[&id].understand(&e.text, Context { customer_said: &caller });
        out.push(u.moves.iter().map(|h| h.mv).collect());
    }
    Ok(out)
}

#[cfg(not(feature = "encoder"))]
pub fn rethreshold(_: &Path, _: &Path, _: f64, _: f64) -> u8 {
    eprintln!("error: this callsim was built without the `encoder` feature");
    2
}

#[cfg(feature = "encoder")]
/// A deterministic share of the lines (a learning curve): every k-th line, so each writer keeps
/// its proportion; 1 or more keeps them all.
fn share_of(examples: Vec<crate::understand::eval::Example>, share: f64) -> Vec<crate::understand::eval::Example> {
    let keep = |i: usize| share >= 1.0 || ((i as f64 * share).floor() != ((i + 1) as f64 * share).floor());
    examples.into_iter().enumerate().filter(|(i, _)| keep(*i)).map(|(_, e)| e).collect()
}
