//! The learned reader: the sentence encoder and the move heads, loaded once per process and
//! shared by the terminal, the window, playtests and grading. Without the encoder files it is
//! absent, and the lexicon reads the lines instead (one message says so).

use std::sync::{Arc, OnceLock};

use super::Move;
use super::model::heads::Heads;

/// The heads trained by `callsim train` on `tests/data/corpus/train/` (compiled in).
const HEADS: &str = include_str!("../../assets/models/reader/heads.json");
/// The training lines, for showing the nearest ones: `moves<TAB>text`, and their vectors as
/// signed bytes (384 per line, the unit vector × 127).
const EXAMPLES: &str = include_str!("../../assets/models/reader/examples.tsv");
const EXAMPLE_VECTORS: &[u8] = include_bytes!("../../assets/models/reader/examples.i8");

/// A training line close in meaning to the one read.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Neighbour {
    pub similarity: f32,
    pub text: String,
    pub moves: String,
}

/// What the reader made of one line.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    /// Every move's probability, in `Move::ALL` order of the heads.
    pub scores: Vec<(Move, f32)>,
    /// The moves at or over their threshold.
    pub moves: Vec<(Move, f32)>,
    pub vector: Vec<f32>,
}

impl Reading {
    pub fn score(&self, mv: Move) -> f32 {
        self.scores.iter().find(|(m, _)| *m == mv).map_or(0.0, |(_, p)| *p)
    }
    pub fn has(&self, mv: Move) -> bool {
        self.moves.iter().any(|(m, _)| *m == mv)
    }
}

pub struct Reader {
    #[cfg(feature = "encoder")]
    encoder: super::model::encoder::Encoder,
    /// The encoder as published, without the layers tuned on moves: its vectors keep what a line
    /// is about (a fixed rate, an exit fee), which the tuned layers trade for what a line does.
    /// Loaded on first use (only scenarios with intents need it).
    #[cfg(feature = "encoder")]
    base: OnceLock<Option<super::model::encoder::Encoder>>,
    heads: Heads,
}

impl Reader {
    /// The process's reader, loaded on first use; `None` (with one warning) without the encoder.
    pub fn shared() -> Option<Arc<Reader>> {
        static SHARED: OnceLock<Option<Arc<Reader>>> = OnceLock::new();
        SHARED
            .get_or_init(|| match Reader::load() {
                Ok(r) => Some(Arc::new(r)),
                Err(e) => {
                    if std::env::var_os("CALLSIM_NO_ENCODER").is_none() {
                        eprintln!("note: {e}");
                    }
                    None
                }
            })
            .clone()
    }

    pub fn load() -> Result<Reader, String> {
        if std::env::var_os("CALLSIM_NO_ENCODER").is_some() {
            return Err(
                "the sentence encoder is switched off (CALLSIM_NO_ENCODER); lines are read with the phrase lexicon"
                    .into(),
            );
        }
        let heads = built_in_heads()?;
        #[cfg(feature = "encoder")]
        {
            use super::model::encoder::{Encoder, find_dir};
            let dir = find_dir().map_err(|e| e.to_string())?;
            let tuned = match &heads.tuned {
                Some(sha) => Some(find_tuned(sha)?),
                None => None,
            };
            let encoder = Encoder::load(&dir, tuned.as_deref()).map_err(|e| e.to_string())?;
            Ok(Reader { encoder, base: OnceLock::new(), heads })
        }
        #[cfg(not(feature = "encoder"))]
        {
            let _ = heads;
            Err("this callsim was built without the `encoder` feature; lines are read with the phrase lexicon".into())
        }
    }

    pub fn heads(&self) -> &Heads {
        &self.heads
    }

    /// Reads one line. A turn of several sentences is read whole and sentence by sentence: a
    /// greeting followed by a question is both, though the mean over the whole turn dilutes each.
    /// Critical moves other than Rude are judged on the whole turn only, where negation and "but"
    /// keep their scope ("I can't transfer you. But my supervisor will call you" is not a refusal).
    /// An encoder failure (it should not happen on text) reads as no moves.
    pub fn read(&self, text: &str) -> Reading {
        let parts = sentences(text);
        if parts.len() < 2 {
            return self.vector(text).map(|v| self.read_vector(v)).unwrap_or_default();
        }
        let mut texts = vec![text];
        texts.extend(parts.iter().copied());
        let Ok(mut vectors) = self.vectors(&texts) else { return Reading::default() };
        let whole = vectors.remove(0);
        let mut reading = self.read_vector(whole);
        for v in &vectors {
            let probs = self.heads.probabilities(v);
            for ((mv, p), q) in reading.scores.iter_mut().zip(probs) {
                // An insult is not undone by the sentence after it ("Calm down. Ours is $15"),
                // so Rude is read sentence by sentence like the moves that are not critical.
                if (*mv == Move::Rude || !super::settle::CRITICAL.contains(mv)) && q > *p {
                    *p = q;
                }
            }
        }
        reading.moves =
            reading.scores.iter().zip(&self.heads.thresholds).filter(|((_, p), t)| p >= t).map(|(s, _)| *s).collect();
        reading
    }

    pub fn read_vector(&self, vector: Vec<f32>) -> Reading {
        let probs = self.heads.probabilities(&vector);
        let scores: Vec<(Move, f32)> = self.heads.moves.iter().copied().zip(probs).collect();
        let moves = scores.iter().zip(&self.heads.thresholds).filter(|((_, p), t)| p >= t).map(|(s, _)| *s).collect();
        Reading { scores, moves, vector }
    }

    pub fn vector(&self, text: &str) -> Option<Vec<f32>> {
        #[cfg(feature = "encoder")]
        {
            self.encoder.embed_one(text).map_err(|e| tracing::warn!("{e}")).ok()
        }
        #[cfg(not(feature = "encoder"))]
        {
            let _ = text;
            None
        }
    }

    /// Vectors for many lines at once (batched: faster per line).
    pub fn vectors(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, String> {
        #[cfg(feature = "encoder")]
        {
            let mut out = Vec::with_capacity(texts.len());
            for chunk in texts.chunks(32) {
                out.extend(self.encoder.embed(chunk).map_err(|e| e.to_string())?);
            }
            Ok(out)
        }
        #[cfg(not(feature = "encoder"))]
        {
            let _ = texts;
            Err("built without the `encoder` feature".into())
        }
    }

    /// Vectors of what the lines are about, from the published encoder (see `base`).
    pub fn topic_vectors(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, String> {
        #[cfg(feature = "encoder")]
        {
            use super::model::encoder::{Encoder, find_dir};
            let base = self.base.get_or_init(|| find_dir().ok().and_then(|d| Encoder::load(&d, None).ok()));
            let base = base.as_ref().ok_or("the published encoder does not load")?;
            let mut out = Vec::with_capacity(texts.len());
            for chunk in texts.chunks(32) {
                out.extend(base.embed(chunk).map_err(|e| e.to_string())?);
            }
            Ok(out)
        }
        #[cfg(not(feature = "encoder"))]
        {
            let _ = texts;
            Err("built without the `encoder` feature".into())
        }
    }

    /// The `k` training lines nearest in meaning to `vector`.
    pub fn nearest(&self, vector: &[f32], k: usize) -> Vec<Neighbour> {
        let dim = vector.len();
        if dim == 0 {
            return Vec::new();
        }
        let mut scored: Vec<(f32, usize)> = EXAMPLE_VECTORS
            .chunks_exact(dim)
            .enumerate()
            .map(|(i, row)| (row.iter().zip(vector).map(|(b, x)| (*b as i8) as f32 / 127.0 * x).sum(), i))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let lines: Vec<&str> = EXAMPLES.lines().collect();
        scored
            .into_iter()
            .take(k)
            .filter_map(|(s, i)| {
                let (moves, text) = lines.get(i)?.split_once('\t')?;
                Some(Neighbour { similarity: s, text: text.to_string(), moves: moves.to_string() })
            })
            .collect()
    }
}

/// The sentences of a turn (split after `.`, `!` or `?` followed by a space), those with a word.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if matches!(b, b'.' | b'!' | b'?') && bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace()) {
            out.push(text[start..=i].trim());
            start = i + 1;
        }
    }
    out.push(text[start..].trim());
    out.retain(|s| s.chars().any(char::is_alphabetic));
    out
}

/// Where `callsim train --fine-tune` writes the tuned encoder layers.
pub const TUNED: &str = "assets/models/reader/tuned.safetensors";

/// The fine-tuned layers the heads were trained with: the first of the working directory's and
/// the project's copy whose sha256 matches.
#[cfg(feature = "encoder")]
fn find_tuned(sha: &str) -> Result<std::path::PathBuf, String> {
    use sha2::{Digest, Sha256};
    let candidates = [std::path::PathBuf::from(TUNED), std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(TUNED)];
    for c in &candidates {
        if let Ok(bytes) = std::fs::read(c) {
            let got = format!("{:x}", Sha256::digest(&bytes));
            if got == sha {
                return Ok(c.clone());
            }
        }
    }
    Err(format!(
        "the fine-tuned encoder layers ({TUNED}, sha256 {sha}) are missing or do not match the move heads; lines are read with the phrase lexicon"
    ))
}

/// The compiled-in heads, checked for shape.
pub fn built_in_heads() -> Result<Heads, String> {
    let heads: Heads = serde_json::from_str(HEADS).map_err(|e| format!("the move heads do not load: {e}"))?;
    if !heads.is_consistent() {
        return Err("the move heads have inconsistent shapes; retrain with `callsim train`".into());
    }
    Ok(heads)
}
