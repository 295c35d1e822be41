//! Training the move heads with candle (autograd, AdamW), deterministically: the same vectors,
//! labels and seed give the same weights. Thresholds are chosen on predictions for lines the
//! heads were not trained on (leave-one-writer-out over the training part), so they hold for a
//! new writer's lines rather than for the lines they were fitted to.

use candle_core::{DType, Device, Tensor, Var};
use candle_nn::{AdamW, Optimizer, ParamsAdamW};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::heads::Heads;
use crate::understand::Move;

#[derive(Debug, Clone)]
pub struct Settings {
    pub hidden: usize,
    pub steps: usize,
    pub learning_rate: f64,
    pub weight_decay: f64,
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { hidden: 0, steps: 400, learning_rate: 0.05, weight_decay: 0.01, seed: 7 }
    }
}

/// One training line: its vector, which moves it carries, and which writer wrote it.
pub struct Sample<'a> {
    pub x: &'a [f32],
    pub y: Vec<bool>,
    pub group: usize,
}

fn err(e: candle_core::Error) -> String {
    e.to_string()
}

/// Fits the heads on all samples (thresholds 0.5); see `train` for thresholds.
pub fn fit(samples: &[Sample], moves: &[Move], s: &Settings) -> Result<Heads, String> {
    let dev = Device::Cpu;
    let dim = samples.first().map_or(0, |x| x.x.len());
    let n = samples.len();
    let m = moves.len();
    let xs: Vec<f32> = samples.iter().flat_map(|x| x.x.iter().copied()).collect();
    let ys: Vec<f32> = samples.iter().flat_map(|x| x.y.iter().map(|&b| if b { 1.0 } else { 0.0 })).collect();
    let x = Tensor::from_vec(xs, (n, dim), &dev).map_err(err)?;
    let y = Tensor::from_vec(ys, (n, m), &dev).map_err(err)?;
    let mut rng = ChaCha8Rng::seed_from_u64(s.seed);
    let mut init = |rows: usize, cols: usize| -> Result<Var, String> {
        let bound = (6.0 / (rows + cols) as f32).sqrt();
        let v: Vec<f32> = (0..rows * cols).map(|_| rng.random_range(-bound..bound)).collect();
        Var::from_tensor(&Tensor::from_vec(v, (rows, cols), &dev).map_err(err)?).map_err(err)
    };
    let width = if s.hidden > 0 { s.hidden } else { dim };
    let w1 = if s.hidden > 0 { Some(init(s.hidden, dim)?) } else { None };
    let b1 = if s.hidden > 0 { Some(Var::zeros(s.hidden, DType::F32, &dev).map_err(err)?) } else { None };
    let w2 = init(m, width)?;
    let b2 = Var::zeros(m, DType::F32, &dev).map_err(err)?;
    let mut vars = vec![w2.clone(), b2.clone()];
    vars.extend(w1.iter().cloned());
    vars.extend(b1.iter().cloned());
    let params = ParamsAdamW { lr: s.learning_rate, weight_decay: s.weight_decay, ..Default::default() };
    let mut opt = AdamW::new(vars, params).map_err(err)?;
    for _ in 0..s.steps {
        let h = match (&w1, &b1) {
            (Some(w1), Some(b1)) => {
                x.matmul(&w1.t().map_err(err)?).map_err(err)?.broadcast_add(b1).map_err(err)?.relu().map_err(err)?
            }
            _ => x.clone(),
        };
        let logits = h.matmul(&w2.t().map_err(err)?).map_err(err)?.broadcast_add(&b2).map_err(err)?;
        let loss = candle_nn::loss::binary_cross_entropy_with_logit(&logits, &y).map_err(err)?;
        opt.backward_step(&loss).map_err(err)?;
    }
    let flat = |v: &Var| -> Result<Vec<f32>, String> {
        v.as_tensor().flatten_all().map_err(err)?.to_vec1::<f32>().map_err(err)
    };
    Ok(Heads {
        moves: moves.to_vec(),
        hidden: s.hidden,
        dim,
        w1: w1.as_ref().map(flat).transpose()?.unwrap_or_default(),
        b1: b1.as_ref().map(flat).transpose()?.unwrap_or_default(),
        w2: flat(&w2)?,
        b2: flat(&b2)?,
        thresholds: vec![0.5; m],
        trained: String::new(),
        tuned: None,
        agree: Vec::new(),
    })
}

/// Fits the heads on everything, with thresholds from out-of-group predictions: for each
/// writer, heads fitted on the other writers score that writer's lines. `critical` moves get the
/// lowest threshold whose out-of-group precision reaches `critical_precision`.
pub fn train(
    samples: &[Sample],
    moves: &[Move],
    s: &Settings,
    critical: &[Move],
    critical_precision: f64,
) -> Result<(Heads, Vec<Vec<f32>>), String> {
    let groups: std::collections::BTreeSet<usize> = samples.iter().map(|x| x.group).collect();
    let mut oof = vec![Vec::new(); samples.len()];
    for g in &groups {
        let rest: Vec<Sample> = samples
            .iter()
            .filter(|x| x.group != *g)
            .map(|x| Sample { x: x.x, y: x.y.clone(), group: x.group })
            .collect();
        if rest.is_empty() {
            continue;
        }
        let heads = fit(&rest, moves, s)?;
        for (i, x) in samples.iter().enumerate().filter(|(_, x)| x.group == *g) {
            oof[i] = heads.probabilities(x.x);
        }
    }
    let mut heads = fit(samples, moves, s)?;
    let labels: Vec<Vec<bool>> = samples.iter().map(|x| x.y.clone()).collect();
    heads.thresholds = choose_thresholds(&oof, &labels, moves, critical, critical_precision);
    Ok((heads, oof))
}

/// One threshold per move from held-out scores (`probs[i][j]`: line i, move j; empty rows are
/// lines nobody scored): the best F1, and for `critical` moves the best F1 that reaches
/// `critical_precision`.
pub fn choose_thresholds(
    probs: &[Vec<f32>],
    labels: &[Vec<bool>],
    moves: &[Move],
    critical: &[Move],
    critical_precision: f64,
) -> Vec<f32> {
    moves
        .iter()
        .enumerate()
        .map(|(j, mv)| {
            let scored: Vec<(f32, bool)> =
                probs.iter().zip(labels).filter(|(p, _)| !p.is_empty()).map(|(p, y)| (p[j], y[j])).collect();
            choose_threshold(&scored, critical.contains(mv).then_some(critical_precision))
        })
        .collect()
}

/// The threshold with the best F1 on `scored` (probability, truly the move); with a precision
/// floor, the best F1 among thresholds that reach it (else the most precise one).
pub fn choose_threshold(scored: &[(f32, bool)], precision_floor: Option<f64>) -> f32 {
    let mut best: Option<(f64, f64, f32)> = None; // (meets floor, f1, threshold)
    for step in 10..=98 {
        let t = step as f32 / 100.0;
        let tp = scored.iter().filter(|(p, y)| *p >= t && *y).count() as f64;
        let fp = scored.iter().filter(|(p, y)| *p >= t && !*y).count() as f64;
        let fn_ = scored.iter().filter(|(p, y)| *p < t && *y).count() as f64;
        let precision = if tp + fp == 0.0 { 0.0 } else { tp / (tp + fp) };
        let f1 = if tp == 0.0 { 0.0 } else { 2.0 * tp / (2.0 * tp + fp + fn_) };
        let meets = match precision_floor {
            Some(floor) => {
                if precision >= floor {
                    1.0
                } else {
                    precision - 1.0
                }
            }
            None => 1.0,
        };
        let key = (meets, f1, t);
        if best.is_none_or(|b| (key.0, key.1) > (b.0, b.1)) {
            best = Some(key);
        }
    }
    best.map_or(0.5, |b| b.2)
}
