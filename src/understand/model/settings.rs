//! How the encoder is fine-tuned (kept apart from the tensor code, so the command line builds
//! without the `encoder` feature).

#[derive(Debug, Clone)]
pub struct FineTune {
    /// How many of the top encoder layers are trained (0..=6).
    pub layers: usize,
    pub epochs: usize,
    pub batch: usize,
    pub encoder_lr: f64,
    pub head_lr: f64,
    pub seed: u64,
}

impl Default for FineTune {
    fn default() -> Self {
        FineTune { layers: 3, epochs: 4, batch: 16, encoder_lr: 1e-4, head_lr: 1e-2, seed: 7 }
    }
}
