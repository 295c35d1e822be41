//! `callsim train`: fits the move heads on the training part of the corpus and writes them to
//! `assets/models/reader/` (heads, thresholds, and the training lines for "nearest examples").
//! Same corpus and seed → same files.

use std::path::Path;
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
    /// Fine-tune the encoder's top layers with the heads (else: heads over the frozen encoder).
    pub fine_tune: Option<crate::understand::model::finetune::Settings>,
    /// With fine-tuning: the writer (file) held out to choose the thresholds on.
    pub threshold_writer: String,
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
    // A deterministic share: every k-th line, so each writer keeps its proportion.
    let keep = |i: usize| o.share >= 1.0 || ((i as f64 * o.share).floor() != ((i + 1) as f64 * o.share).floor());
    let examples: Vec<_> = examples.into_iter().enumerate().filter(|(i, _)| keep(*i)).map(|(_, e)| e).collect();
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
    let (mut heads, oof) = match train(&samples, &Move::ALL, &settings, &CRITICAL, 0.98) {
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
    println!("leave-one-writer-out on the training part (what thresholds were chosen on):");
    println!("{:<17} {:>9} {:>6} {:>6} {:>6}", "move", "threshold", "P", "R", "F1");
    for (j, mv) in Move::ALL.iter().enumerate() {
        let t = heads.thresholds[j];
        let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
        for (s, p) in samples.iter().zip(&oof) {
            let said = p.get(j).is_some_and(|p| *p >= t);
            match (s.y[j], said) {
                (true, true) => tp += 1.0,
                (false, true) => fp += 1.0,
                (true, false) => fn_ += 1.0,
                _ => {}
            }
        }
        let p = if tp + fp > 0.0 { tp / (tp + fp) } else { 1.0 };
        let r = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 1.0 };
        let f1 = if tp > 0.0 { 2.0 * tp / (2.0 * tp + fp + fn_) } else { 0.0 };
        println!("{:<17} {:>9.2} {:>6.3} {:>6.3} {:>6.3}", mv.to_string(), t, p, r, f1);
    }
    let exact = samples
        .iter()
        .zip(&oof)
        .filter(|(s, p)| {
            !p.is_empty() && s.y.iter().zip(p.iter().zip(&heads.thresholds)).all(|(y, (p, t))| *y == (p >= t))
        })
        .count();
    println!(
        "leave-one-writer-out exact-line accuracy of the heads alone: {:.3} ({exact} of {})",
        exact as f64 / samples.len().max(1) as f64,
        samples.len()
    );
    if let Err(e) = write(o.out, &heads, &examples, &vectors) {
        eprintln!("error: cannot write {}: {e}", o.out.display());
        return 1;
    }
    println!("wrote {}", o.out.display());
    0
}

/// Fine-tunes twice: once without the threshold writer, whose lines then choose the thresholds;
/// once on everything, which is what is saved (with those thresholds).
#[cfg(feature = "encoder")]
fn fine_tune(
    o: &Options,
    ft: &crate::understand::model::finetune::Settings,
    examples: &[crate::understand::eval::Example],
) -> u8 {
    use crate::understand::model::encoder::find_dir;
    use crate::understand::model::finetune::fine_tune;
    use crate::understand::model::train::choose_threshold;
    use sha2::{Digest, Sha256};

    let dir = match find_dir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let started = Instant::now();
    let labels = |exs: &[&crate::understand::eval::Example]| -> Vec<Vec<bool>> {
        exs.iter().map(|e| Move::ALL.iter().map(|m| e.moves.contains(m)).collect()).collect()
    };
    let (held, rest): (Vec<_>, Vec<_>) = examples.iter().partition(|e| e.source == o.threshold_writer);
    if held.is_empty() || rest.is_empty() {
        eprintln!("error: the threshold writer `{}` has no lines in the corpus, or is all of it", o.threshold_writer);
        return 1;
    }
    let mut log = |l: String| println!("  {l}");
    println!("fine-tuning without {} ({} lines) to choose thresholds on it", o.threshold_writer, rest.len());
    let texts: Vec<&str> = rest.iter().map(|e| e.text.as_str()).collect();
    let first = match fine_tune(&dir, &texts, &labels(&rest), &Move::ALL, ft, &mut log) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: fine-tuning failed: {e}");
            return 1;
        }
    };
    let held_texts: Vec<&str> = held.iter().map(|e| e.text.as_str()).collect();
    let held_vectors = match first.embed(&held_texts) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let held_probs: Vec<Vec<f32>> = held_vectors.iter().map(|v| first.heads.probabilities(v)).collect();
    let held_labels = labels(&held);
    let thresholds: Vec<f32> = Move::ALL
        .iter()
        .enumerate()
        .map(|(j, mv)| {
            let scored: Vec<(f32, bool)> = held_probs.iter().zip(&held_labels).map(|(p, y)| (p[j], y[j])).collect();
            choose_threshold(&scored, CRITICAL.contains(mv).then_some(0.98))
        })
        .collect();
    report(&Move::ALL, &thresholds, &held_probs, &held_labels, &format!("held-out writer {}", o.threshold_writer));

    println!("fine-tuning on all {} lines", examples.len());
    let all: Vec<&crate::understand::eval::Example> = examples.iter().collect();
    let texts: Vec<&str> = all.iter().map(|e| e.text.as_str()).collect();
    let tuned = match fine_tune(&dir, &texts, &labels(&all), &Move::ALL, ft, &mut log) {
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
    if let Err(e) = std::fs::create_dir_all(o.out).map_err(|e| e.to_string()).and_then(|_| tuned.save(&o.out.join("tuned.safetensors"))) {
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
        "fine-tuned top {} layers, {} epochs, batch {}, lr {} / head {}, seed {}, on {} lines; thresholds on {}",
        ft.layers, ft.epochs, ft.batch, ft.encoder_lr, ft.head_lr, ft.seed, examples.len(), o.threshold_writer
    );
    if let Err(e) = write(o.out, &heads, examples, &vectors) {
        eprintln!("error: cannot write {}: {e}", o.out.display());
        return 1;
    }
    println!("trained in {:.0} s; wrote {}", started.elapsed().as_secs_f64(), o.out.display());
    0
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
