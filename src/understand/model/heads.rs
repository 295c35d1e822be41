//! The move heads: from a sentence vector to one probability per move (multi-label), with a
//! threshold per move chosen on the training part. Plain Rust at run time (a few thousand
//! multiply-adds); trained with candle in `train.rs`.

use serde::{Deserialize, Serialize};

use crate::understand::Move;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Heads {
    /// The moves, in the order of the outputs.
    pub moves: Vec<Move>,
    /// Width of the hidden layer; 0 for one logistic regression per move.
    pub hidden: usize,
    /// Input width.
    pub dim: usize,
    /// Hidden layer (hidden × dim, row-major) and its bias; empty when `hidden` is 0.
    pub w1: Vec<f32>,
    pub b1: Vec<f32>,
    /// Output layer (moves × (hidden or dim), row-major) and its bias.
    pub w2: Vec<f32>,
    pub b2: Vec<f32>,
    /// Probability at or above which a move counts, per move.
    pub thresholds: Vec<f32>,
    /// Per move, a lower probability that counts when the phrase lexicon found the same move
    /// (two readers agreeing); empty, or 1.0 for a move, when agreement is not enough.
    #[serde(default)]
    pub agree: Vec<f32>,
    /// How it was trained (corpus digest, seed, settings), for the record.
    pub trained: String,
    /// The sha256 of the fine-tuned encoder layers these heads go with (`tuned.safetensors`);
    /// None for heads over the base encoder.
    #[serde(default)]
    pub tuned: Option<String>,
}

impl Heads {
    /// One probability per move in `self.moves`.
    pub fn probabilities(&self, x: &[f32]) -> Vec<f32> {
        let hidden: Vec<f32>;
        let input = if self.hidden > 0 {
            hidden = (0..self.hidden)
                .map(|h| relu(dot(&self.w1[h * self.dim..(h + 1) * self.dim], x) + self.b1[h]))
                .collect();
            &hidden[..]
        } else {
            x
        };
        let width = input.len();
        (0..self.moves.len()).map(|m| sigmoid(dot(&self.w2[m * width..(m + 1) * width], input) + self.b2[m])).collect()
    }

    /// The moves whose probability reaches their threshold, with the probability.
    pub fn moves_over_threshold(&self, x: &[f32]) -> Vec<(Move, f32)> {
        self.probabilities(x)
            .into_iter()
            .zip(&self.moves)
            .zip(&self.thresholds)
            .filter(|((p, _), t)| p >= t)
            .map(|((p, m), _)| (*m, p))
            .collect()
    }

    pub fn agree_threshold(&self, mv: Move) -> Option<f32> {
        self.moves.iter().position(|m| *m == mv).and_then(|i| self.agree.get(i).copied()).filter(|t| *t < 1.0)
    }

    pub fn threshold(&self, mv: Move) -> Option<f32> {
        self.moves.iter().position(|m| *m == mv).map(|i| self.thresholds[i])
    }

    /// Whether the shapes agree (a hand-edited or truncated file fails here, not at run time).
    pub fn is_consistent(&self) -> bool {
        let width = if self.hidden > 0 { self.hidden } else { self.dim };
        let m = self.moves.len();
        self.w1.len() == self.hidden * self.dim
            && self.b1.len() == self.hidden
            && self.w2.len() == m * width
            && self.b2.len() == m
            && self.thresholds.len() == m
    }
}

/// The dot product: cosine similarity for unit vectors.
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn relu(x: f32) -> f32 {
    x.max(0.0)
}

pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}
