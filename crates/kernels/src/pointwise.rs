//! 1×1 convolution fused with what follows it in a separable block: bias, the block's residual,
//! and its ReLU or PReLU.
//!
//! tract runs a 1×1 convolution as a general matrix product — the activations packed into
//! panels, an 8×8 kernel — and the residual add and the activation as separate passes over
//! memory. Here the activations are read in place (NCHW keeps each channel's pixels together),
//! four output channels by eight pixels at a time, and each output is finished in registers:
//! bias, residual and activation applied before its single store.

use crate::KernelError;
use crate::lanes::{F32x4, four, four_mut};

/// What a block applies after its sum.
#[derive(Debug, Clone, PartialEq)]
pub enum Activation {
    /// The sum as it is.
    Identity,
    /// `max(x, 0)`.
    Relu,
    /// `max(x, 0) + α·min(x, 0)`, one α per output channel.
    Prelu(Vec<f32>),
}

/// `activation(weights · x + bias [+ residual])`: `[N, K, pixels]` → `[N, M, pixels]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pointwise {
    in_channels: usize,
    /// The `M × K` weights in blocks of four output channels: for block `b` and input channel
    /// `k`, the block's four weights start at `(b·K + k)·4` (zeros past the last channel).
    packed: Vec<f32>,
    bias: Vec<f32>,
    activation: Activation,
}

// Operators are compared to merge identical nodes; a NaN weight would only cost a merge.
impl Eq for Activation {}
impl Eq for Pointwise {}

/// Input channel `k`'s values at output pixels `first..first + count` are
/// `values[k·stride..][..count]`.
#[derive(Clone, Copy)]
pub(crate) struct Columns<'a> {
    pub values: &'a [f32],
    pub stride: usize,
    pub first: usize,
    pub count: usize,
}

/// Groups of four pixels per step.
const GROUPS: usize = 2;
/// Pixels per step.
const PIXELS: usize = 4 * GROUPS;

impl Pointwise {
    /// `weights` is `M × in_channels`, row-major; `bias` has `M` values, and so has a PReLU's α.
    pub fn new(
        weights: &[f32],
        in_channels: usize,
        bias: Vec<f32>,
        activation: Activation,
    ) -> Result<Self, KernelError> {
        let out_channels = bias.len();
        let alphas = match &activation {
            Activation::Prelu(alpha) => alpha.len(),
            _ => out_channels,
        };
        if in_channels == 0
            || out_channels == 0
            || weights.len() != out_channels * in_channels
            || alphas != out_channels
        {
            return Err(KernelError::shape(
                "pointwise",
                format!("{} weights, {out_channels} biases and {alphas} α for {in_channels} inputs", weights.len()),
            ));
        }
        let mut packed = vec![0f32; out_channels.div_ceil(4) * 4 * in_channels];
        for (m, row) in weights.chunks_exact(in_channels).enumerate() {
            for (k, w) in row.iter().enumerate() {
                packed[((m / 4) * in_channels + k) * 4 + m % 4] = *w;
            }
        }
        Ok(Self { in_channels, packed, bias, activation })
    }

    /// `K`, the input channels (weights per output channel).
    pub fn in_channels(&self) -> usize {
        self.in_channels
    }

    /// `M`, the output channels.
    pub fn out_channels(&self) -> usize {
        self.bias.len()
    }

    /// What is applied after the sum.
    pub fn activation(&self) -> &Activation {
        &self.activation
    }

    /// `x` is `[N, K, pixels]`; `residual`, when given, and `out` are `[N, M, pixels]`.
    pub fn run(&self, x: &[f32], residual: Option<&[f32]>, pixels: usize, out: &mut [f32]) -> Result<(), KernelError> {
        let (in_len, out_len) = (self.in_channels * pixels, self.out_channels() * pixels);
        let samples = x.len().checked_div(in_len).unwrap_or(0);
        let fits = pixels > 0
            && x.len() == samples * in_len
            && out.len() == samples * out_len
            && residual.is_none_or(|r| r.len() == out.len());
        if !fits {
            return Err(KernelError::shape(
                "pointwise",
                format!(
                    "{} inputs, {:?} residuals, {} outputs for {} → {} channels of {pixels} pixels",
                    x.len(),
                    residual.map(<[f32]>::len),
                    out.len(),
                    self.in_channels,
                    self.out_channels()
                ),
            ));
        }
        for (sample, out) in out.chunks_exact_mut(out_len).enumerate() {
            let residual = residual.map(|r| &r[sample * out_len..][..out_len]);
            let columns = Columns { values: &x[sample * in_len..][..in_len], stride: pixels, first: 0, count: pixels };
            self.run_columns(columns, residual, out);
        }
        Ok(())
    }

    /// Output pixels `columns.first..` of one sample: `residual` and `out` are `M × pixels`.
    pub(crate) fn run_columns(&self, columns: Columns<'_>, residual: Option<&[f32]>, out: &mut [f32]) {
        let (in_channels, out_channels) = (self.in_channels, self.out_channels());
        let pixels = out.len() / out_channels;
        // The last, partial step's columns, gathered so that it reads eight pixels like the others.
        let mut tail = Vec::new();
        for start in (0..columns.count).step_by(PIXELS) {
            let width = PIXELS.min(columns.count - start);
            let (values, stride, at) = if width == PIXELS {
                (columns.values, columns.stride, start)
            } else {
                tail.resize(in_channels * PIXELS, 0.0);
                for (k, column) in tail.chunks_exact_mut(PIXELS).enumerate() {
                    column[..width].copy_from_slice(&columns.values[k * columns.stride + start..][..width]);
                }
                (&tail[..], PIXELS, 0)
            };
            for (block, weights) in self.packed.chunks_exact(4 * in_channels).enumerate() {
                let sums = block_sums(weights, values, stride, at);
                for (row, sums) in sums.iter().enumerate().take(out_channels - 4 * block) {
                    let channel = 4 * block + row;
                    for (group, sum) in sums.iter().enumerate().take(width.div_ceil(4)) {
                        let offset = channel * pixels + columns.first + start + 4 * group;
                        let lanes = 4.min(width - 4 * group);
                        let residual = residual.map(|r| load_lanes(r, offset, lanes));
                        store_lanes(self.finish(*sum, channel, residual), out, offset, lanes);
                    }
                }
            }
        }
    }

    /// One finished group of four: bias, residual, activation.
    #[inline(always)]
    fn finish(&self, sum: F32x4, channel: usize, residual: Option<F32x4>) -> F32x4 {
        let mut value = sum + F32x4::splat(self.bias[channel]);
        if let Some(residual) = residual {
            value = value + residual;
        }
        let zero = F32x4::splat(0.0);
        match &self.activation {
            Activation::Identity => value,
            Activation::Relu => value.larger(zero),
            Activation::Prelu(alpha) => value.larger(zero) + value.smaller(zero) * F32x4::splat(alpha[channel]),
        }
    }
}

/// A block's four output channels' sums over [`PIXELS`] pixels: `columns[k·stride + at..]` is
/// input channel `k`; `weights` is the block's part of [`Pointwise::packed`].
#[inline(always)]
fn block_sums(weights: &[f32], columns: &[f32], stride: usize, at: usize) -> [[F32x4; GROUPS]; 4] {
    let mut sums = [[F32x4::splat(0.0); GROUPS]; 4];
    let channels = weights.len() / 4;
    // Checked once here rather than per channel in the innermost loop (a seventh of its work).
    assert!(channels == 0 || (channels - 1) * stride + at + PIXELS <= columns.len(), "columns out of bounds");
    for (k, w) in weights.chunks_exact(4).enumerate() {
        // SAFETY: k < channels, so by the assertion the PIXELS floats from k·stride + at are
        // inside `columns`; `[f32; PIXELS]` has the alignment of `f32`.
        let column: &[f32; PIXELS] = unsafe { &*columns.as_ptr().add(k * stride + at).cast() };
        let pixels: [F32x4; GROUPS] = std::array::from_fn(|g| F32x4::load(four(column, 4 * g)));
        for (sums, w) in sums.iter_mut().zip(w) {
            let w = F32x4::splat(*w);
            for (sum, pixels) in sums.iter_mut().zip(pixels) {
                *sum = *sum + w * pixels;
            }
        }
    }
    sums
}

/// `lanes` floats of `values` from `at` on, zeros after them.
#[inline(always)]
fn load_lanes(values: &[f32], at: usize, lanes: usize) -> F32x4 {
    if lanes == 4 {
        return F32x4::load(four(values, at));
    }
    let mut padded = [0f32; 4];
    padded[..lanes].copy_from_slice(&values[at..at + lanes]);
    F32x4::load(&padded)
}

/// The first `lanes` lanes of `value` to `values[at..]`.
#[inline(always)]
fn store_lanes(value: F32x4, values: &mut [f32], at: usize, lanes: usize) {
    if lanes == 4 {
        return value.store(four_mut(values, at));
    }
    let mut all = [0f32; 4];
    value.store(&mut all);
    values[at..at + lanes].copy_from_slice(&all[..lanes]);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition, one output at a time, summing in the same order.
    fn reference(op: &Pointwise, weights: &[f32], x: &[f32], residual: Option<&[f32]>, pixels: usize) -> Vec<f32> {
        let (k_len, m_len) = (op.in_channels, op.out_channels());
        let mut out = vec![0f32; m_len * pixels];
        for m in 0..m_len {
            for p in 0..pixels {
                let mut sum = 0f32;
                for k in 0..k_len {
                    sum += weights[m * k_len + k] * x[k * pixels + p];
                }
                let mut value = sum + op.bias[m];
                if let Some(r) = residual {
                    value += r[m * pixels + p];
                }
                let (positive, negative) =
                    (if value < 0.0 { 0.0 } else { value }, if 0.0 < value { 0.0 } else { value });
                out[m * pixels + p] = match &op.activation {
                    Activation::Identity => value,
                    Activation::Relu => positive,
                    Activation::Prelu(alpha) => positive + negative * alpha[m],
                };
            }
        }
        out
    }

    #[test]
    fn computes_the_definition_bit_for_bit() {
        let value = |i: usize, scale: usize| ((i * 7919) % scale) as f32 / 97.0 - 5.0;
        for (in_channels, out_channels) in [(16, 16), (3, 7), (24, 28), (36, 42), (128, 32)] {
            for pixels in [36, 9, 1, 10, 144] {
                let weights: Vec<f32> = (0..out_channels * in_channels).map(|i| value(i, 211) / 10.0).collect();
                let bias: Vec<f32> = (0..out_channels).map(|i| value(i, 31)).collect();
                let alpha: Vec<f32> = (0..out_channels).map(|i| value(i, 13) / 50.0).collect();
                let x: Vec<f32> = (0..in_channels * pixels).map(|i| value(i, 1013)).collect();
                let r: Vec<f32> = (0..out_channels * pixels).map(|i| value(i, 509)).collect();
                for activation in [Activation::Identity, Activation::Relu, Activation::Prelu(alpha)] {
                    let op = Pointwise::new(&weights, in_channels, bias.clone(), activation.clone()).unwrap();
                    for residual in [None, Some(&r[..])] {
                        let mut out = vec![f32::NAN; out_channels * pixels];
                        op.run(&x, residual, pixels, &mut out).unwrap();
                        let want = reference(&op, &weights, &x, residual, pixels);
                        assert!(out == want, "{in_channels}→{out_channels}, {pixels} px, {activation:?}, {residual:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn refuses_what_does_not_fit() {
        let new = |weights: usize, bias: usize, activation| {
            Pointwise::new(&vec![0.5; weights], 2, vec![0.0; bias], activation)
        };
        assert!(new(6, 3, Activation::Relu).is_ok());
        assert!(new(5, 3, Activation::Relu).is_err(), "weights short");
        assert!(new(6, 3, Activation::Prelu(vec![0.1; 2])).is_err(), "α short");
        assert!(new(0, 0, Activation::Identity).is_err(), "no channels");
        let op = new(6, 3, Activation::Identity).unwrap();
        let run = |x: usize, residual: Option<usize>, pixels: usize, out: usize| {
            op.run(&vec![1.0; x], residual.map(|r| vec![0.0; r]).as_deref(), pixels, &mut vec![0.0; out])
        };
        assert!(run(2 * 5, None, 5, 3 * 5).is_ok());
        assert!(run(2 * 5, Some(15), 5, 3 * 5).is_ok());
        assert!(run(2 * 5 - 1, None, 5, 3 * 5).is_err(), "truncated input");
        assert!(run(2 * 5, None, 5, 3 * 5 + 1).is_err(), "long output");
        assert!(run(2 * 5, Some(14), 5, 3 * 5).is_err(), "short residual");
        assert!(run(0, None, 0, 0).is_err(), "no pixels");
    }
}
