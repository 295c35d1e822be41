//! One BERT encoder layer written with differentiable tensor ops, for fine-tuning.
//!
//! candle-transformers' `BertModel` normalises with candle-nn's fused layer-norm kernel, which
//! has no backward pass: gradients stop at the first layer norm, so training through it leaves
//! the encoder untouched (measured: 0 of 48 tensors of the top three layers got a gradient).
//! This layer computes the same thing from plain ops (matmul, softmax, erf-GELU, mean and
//! variance), so the gradient reaches every weight. Inference keeps using `BertModel`.

use candle_core::{D, Result, Tensor, Var};

/// The 16 tensors of `encoder.layer.N.` in the order `NAMES` lists them.
pub struct Layer {
    pub vars: Vec<(String, Var)>,
    heads: usize,
    eps: f64,
}

pub const NAMES: [&str; 16] = [
    "attention.self.query.weight",
    "attention.self.query.bias",
    "attention.self.key.weight",
    "attention.self.key.bias",
    "attention.self.value.weight",
    "attention.self.value.bias",
    "attention.output.dense.weight",
    "attention.output.dense.bias",
    "attention.output.LayerNorm.weight",
    "attention.output.LayerNorm.bias",
    "intermediate.dense.weight",
    "intermediate.dense.bias",
    "output.dense.weight",
    "output.dense.bias",
    "output.LayerNorm.weight",
    "output.LayerNorm.bias",
];

impl Layer {
    /// `get(name)` gives the base model's tensor for a full tensor name.
    pub fn load(index: usize, heads: usize, eps: f64, get: &dyn Fn(&str) -> Result<Tensor>) -> Result<Layer> {
        let vars = NAMES
            .iter()
            .map(|n| {
                let name = format!("encoder.layer.{index}.{n}");
                let t = get(&name)?;
                Ok((name, Var::from_tensor(&t)?))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Layer { vars, heads, eps })
    }

    fn t(&self, i: usize) -> &Tensor {
        self.vars[i].1.as_tensor()
    }

    /// `x`: (batch, tokens, hidden); `mask_bias`: (batch, 1, 1, tokens), 0 for tokens and a very
    /// negative number for padding (as BERT adds it to the attention scores).
    pub fn forward(&self, x: &Tensor, mask_bias: &Tensor) -> Result<Tensor> {
        let (b, n, hidden) = x.dims3()?;
        let size = hidden / self.heads;
        let split = |t: Tensor| t.reshape((b, n, self.heads, size))?.transpose(1, 2)?.contiguous();
        let q = split(linear(x, self.t(0), self.t(1))?)?;
        let k = split(linear(x, self.t(2), self.t(3))?)?;
        let v = split(linear(x, self.t(4), self.t(5))?)?;
        let scores = (q.matmul(&k.t()?)? / (size as f64).sqrt())?.broadcast_add(mask_bias)?;
        let probs = candle_nn::ops::softmax(&scores, D::Minus1)?;
        let context = probs.matmul(&v)?.transpose(1, 2)?.contiguous()?.reshape((b, n, hidden))?;
        let attended = layer_norm(&(linear(&context, self.t(6), self.t(7))? + x)?, self.t(8), self.t(9), self.eps)?;
        let inner = linear(&attended, self.t(10), self.t(11))?.gelu_erf()?;
        layer_norm(&(linear(&inner, self.t(12), self.t(13))? + &attended)?, self.t(14), self.t(15), self.eps)
    }
}

fn linear(x: &Tensor, w: &Tensor, b: &Tensor) -> Result<Tensor> {
    x.broadcast_matmul(&w.t()?)?.broadcast_add(b)
}

fn layer_norm(x: &Tensor, gamma: &Tensor, beta: &Tensor, eps: f64) -> Result<Tensor> {
    let mean = x.mean_keepdim(D::Minus1)?;
    let centred = x.broadcast_sub(&mean)?;
    let var = centred.sqr()?.mean_keepdim(D::Minus1)?;
    centred.broadcast_div(&(var + eps)?.sqrt()?)?.broadcast_mul(gamma)?.broadcast_add(beta)
}
