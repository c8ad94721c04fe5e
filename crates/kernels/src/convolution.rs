//! A full convolution (every input channel to every output channel) with bias, residual and
//! activation. A 1×1 convolution is the fused kernel of [`crate::pointwise`] itself, reading
//! the input in place; any other (the models' first layers, on the three colour planes) lays
//! the patches under a band of output rows out as columns first (im2col).
//!
//! tract runs these as a lazily gathered matrix product followed by separate activation passes.

use crate::KernelError;
use crate::padding::Padding;
use crate::pointwise::{Columns, Pointwise};

/// Output pixels per band of rows: enough columns for the 1×1 kernel's steps of eight, few
/// enough that a band's columns stay in the first-level cache.
const BAND_PIXELS: usize = 128;

/// A `kernel_size` convolution with equal strides and zero padding; its weights, bias and
/// activation are a [`Pointwise`] over `in_channels × kernel height × kernel width` inputs,
/// in the order of OIHW weights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Convolution {
    /// Input channels of the plane stack.
    pub in_channels: usize,
    /// Kernel height and width.
    pub kernel_size: [usize; 2],
    /// Step of the kernel, the same along both axes.
    pub stride: usize,
    /// Zero padding around each input plane.
    pub padding: Padding,
    /// The weights per output channel (`in_channels × kernel height × kernel width`, OIHW order),
    /// bias and activation, applied to each patch.
    pub pointwise: Pointwise,
}

impl Convolution {
    /// The output height and width for an input of `height × width`, if there is one.
    pub fn output_size(&self, height: usize, width: usize) -> Option<[usize; 2]> {
        self.padding.output_size([height, width], self.kernel_size, self.stride)
    }

    /// `input` is `[N, in_channels, height, width]`; `residual`, when given, and `output` are
    /// `[N, M, out_height, out_width]` as [`Self::output_size`] gives.
    pub fn run(
        &self,
        input: &[f32],
        [height, width]: [usize; 2],
        residual: Option<&[f32]>,
        output: &mut [f32],
    ) -> Result<(), KernelError> {
        let refuse = |message: String| KernelError::shape("convolution", message);
        let [kernel_height, kernel_width] = self.kernel_size;
        let patch = self.in_channels * kernel_height * kernel_width;
        if self.in_channels == 0 || self.pointwise.in_channels() != patch {
            return Err(refuse(format!(
                "{} weights per output for a {patch}-value patch",
                self.pointwise.in_channels()
            )));
        }
        let [out_height, out_width] =
            self.output_size(height, width).ok_or_else(|| refuse(format!("no output for {height}×{width}")))?;
        let (in_len, out_len) =
            (self.in_channels * height * width, self.pointwise.out_channels() * out_height * out_width);
        let samples = input.len() / in_len;
        if input.len() != samples * in_len
            || output.len() != samples * out_len
            || residual.is_some_and(|r| r.len() != output.len())
        {
            return Err(refuse(format!(
                "{} inputs, {:?} residuals, {} outputs for {} channels of {height}×{width}",
                input.len(),
                residual.map(<[f32]>::len),
                output.len(),
                self.in_channels
            )));
        }

        if self.kernel_size == [1, 1] && self.stride == 1 && self.padding == Padding::default() {
            return self.pointwise.run(input, residual, height * width, output);
        }
        let [padded_height, padded_width] = self.padding.padded([height, width]);
        // The borders are never written: they stay zero from one sample to the next.
        let mut padded = vec![0f32; self.in_channels * padded_height * padded_width];
        let band_rows = (BAND_PIXELS / out_width).clamp(1, out_height);
        let mut columns = vec![0f32; patch * band_rows * out_width];
        for (sample, out) in output.chunks_exact_mut(out_len).enumerate() {
            let planes = input[sample * in_len..][..in_len].chunks_exact(height * width);
            for (plane, padded_plane) in planes.zip(padded.chunks_exact_mut(padded_height * padded_width)) {
                self.padding.copy_into(plane, width, padded_plane, padded_width);
            }
            let residual = residual.map(|r| &r[sample * out_len..][..out_len]);
            for first_row in (0..out_height).step_by(band_rows) {
                let rows = band_rows.min(out_height - first_row);
                let count = rows * out_width;
                let patch_values = padded.chunks_exact(padded_height * padded_width).flat_map(|plane| {
                    (0..kernel_height).flat_map(move |ky| (0..kernel_width).map(move |kx| (plane, ky, kx)))
                });
                for (column, (padded_plane, ky, kx)) in columns.chunks_exact_mut(count).zip(patch_values) {
                    for (out_y, band) in column.chunks_exact_mut(out_width).enumerate() {
                        let y = (first_row + out_y) * self.stride + ky;
                        let source = &padded_plane[y * padded_width..][..padded_width];
                        for (x, value) in band.iter_mut().enumerate() {
                            *value = source[x * self.stride + kx];
                        }
                    }
                }
                let columns = Columns { values: &columns, stride: count, first: first_row * out_width, count };
                self.pointwise.run_columns(columns, residual, out);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pointwise::Activation;

    /// The definition, one output at a time, summing in the order of the patch.
    fn reference(
        op: &Convolution,
        weights: &[f32],
        bias: &[f32],
        alpha: &[f32],
        input: &[f32],
        [h, w]: [usize; 2],
    ) -> Vec<f32> {
        let [out_height, out_width] = op.output_size(h, w).unwrap();
        let [kh, kw] = op.kernel_size;
        let mut out = Vec::new();
        for m in 0..bias.len() {
            for y in 0..out_height {
                for x in 0..out_width {
                    let mut sum = 0f32;
                    for c in 0..op.in_channels {
                        for ky in 0..kh {
                            for kx in 0..kw {
                                let iy = (y * op.stride + ky).checked_sub(op.padding.before[0]).filter(|iy| *iy < h);
                                let ix = (x * op.stride + kx).checked_sub(op.padding.before[1]).filter(|ix| *ix < w);
                                let value = iy.zip(ix).map_or(0.0, |(iy, ix)| input[(c * h + iy) * w + ix]);
                                sum += weights[((m * op.in_channels + c) * kh + ky) * kw + kx] * value;
                            }
                        }
                    }
                    let value = sum + bias[m];
                    let (positive, negative) =
                        (if value < 0.0 { 0.0 } else { value }, if 0.0 < value { 0.0 } else { value });
                    out.push(positive + negative * alpha[m]);
                }
            }
        }
        out
    }

    #[test]
    fn computes_the_definition_bit_for_bit() {
        let value = |i: usize, scale: usize| ((i * 7919) % scale) as f32 / 97.0 - 5.0;
        let (in_channels, out_channels) = (3, 6);
        for (kernel_size, stride, pad_before, pad_after) in [
            ([3, 3], 2, [0, 0], [1, 1]),
            ([5, 5], 2, [1, 1], [2, 2]),
            ([3, 3], 3, [0, 0], [0, 0]),
            ([3, 3], 1, [1, 1], [1, 1]),
        ] {
            for [height, width] in [[24, 24], [9, 13], [3, 3], [40, 7]] {
                let patch = in_channels * kernel_size[0] * kernel_size[1];
                let weights: Vec<f32> = (0..out_channels * patch).map(|i| value(i, 211) / 10.0).collect();
                let bias: Vec<f32> = (0..out_channels).map(|i| value(i, 31)).collect();
                let alpha: Vec<f32> = (0..out_channels).map(|i| value(i, 13) / 50.0).collect();
                let pointwise =
                    Pointwise::new(&weights, patch, bias.clone(), Activation::Prelu(alpha.clone())).unwrap();
                let padding = Padding { before: pad_before, after: pad_after };
                let op = Convolution { in_channels, kernel_size, stride, padding, pointwise };
                let Some([out_height, out_width]) = op.output_size(height, width) else { continue };
                let input: Vec<f32> = (0..in_channels * height * width).map(|i| value(i, 1013)).collect();
                let mut out = vec![f32::NAN; out_channels * out_height * out_width];
                op.run(&input, [height, width], None, &mut out).unwrap();
                let want = reference(&op, &weights, &bias, &alpha, &input, [height, width]);
                assert!(out == want, "{kernel_size:?} stride {stride}, {height}×{width}");
            }
        }
    }

    #[test]
    fn refuses_what_does_not_fit() {
        let pointwise = Pointwise::new(&[0.5; 2 * 27], 27, vec![0.0; 2], Activation::Identity).unwrap();
        let op = Convolution {
            in_channels: 3,
            kernel_size: [3, 3],
            stride: 2,
            padding: Padding { before: [0, 0], after: [1, 1] },
            pointwise,
        };
        let run = |input: usize, output: usize| op.run(&vec![0.0; input], [8, 8], None, &mut vec![0.0; output]);
        assert!(run(3 * 64, 2 * 16).is_ok());
        assert!(run(3 * 64 - 1, 2 * 16).is_err(), "truncated input");
        assert!(run(3 * 64, 2 * 16 + 1).is_err(), "long output");
        let two_channels = Convolution { in_channels: 2, ..op.clone() };
        assert!(two_channels.run(&[0.0; 2 * 64], [8, 8], None, &mut [0.0; 2 * 16]).is_err(), "patch of 18, not 27");
        assert!(op.output_size(1, 1).is_none(), "smaller than the kernel");
    }
}
