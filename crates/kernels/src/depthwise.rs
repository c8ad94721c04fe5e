//! 3×3 depthwise convolution plus bias over NCHW planes.
//!
//! tract's depthwise convolution splits each plane into zones and sends the borders through a
//! generic scalar path. Here each plane is first copied into a zero-bordered buffer, so every
//! output row is computed four outputs at a time with no border case; stride 1 and stride 2
//! differ only in how they read a row.

use crate::KernelError;
use crate::lanes::{F32x4, four, four_mut};
use crate::padding::Padding;

/// Zero columns after each padded row, so that the last (partial) group of four outputs reads
/// inside the buffer: stride 2 reads up to 9 floats past the padded width, stride 1 up to 3.
const ROW_SLACK: usize = 12;

/// A 3×3 depthwise convolution plus bias; the channel count is the bias's length.
#[derive(Debug, Clone, PartialEq)]
pub struct Depthwise3x3 {
    /// Per channel, its nine weights row by row.
    pub weights: Vec<f32>,
    /// One bias per channel; its length is the channel count.
    pub bias: Vec<f32>,
    /// 1 or 2, the same along both axes.
    pub stride: usize,
    /// Zero padding around each input plane.
    pub padding: Padding,
}

// Operators are compared to merge identical nodes; a NaN weight would only cost a merge.
impl Eq for Depthwise3x3 {}

impl Depthwise3x3 {
    /// The channel count (the bias's length).
    pub fn channels(&self) -> usize {
        self.bias.len()
    }

    /// The output height and width for an input of `height × width`, if there is one.
    pub fn output_size(&self, height: usize, width: usize) -> Option<[usize; 2]> {
        let size = self.padding.output_size([height, width], [3, 3], self.stride);
        size.filter(|_| (1..=2).contains(&self.stride))
    }

    /// `input` is `[N, C, height, width]`; `output` is `[N, C, out_height, out_width]` as
    /// [`Self::output_size`] gives.
    pub fn run(&self, input: &[f32], [height, width]: [usize; 2], output: &mut [f32]) -> Result<(), KernelError> {
        let refuse = |message: String| KernelError::shape("depthwise 3×3", message);
        let channels = self.channels();
        if channels == 0 || self.weights.len() != 9 * channels {
            return Err(refuse(format!("{} weights for {channels} channels", self.weights.len())));
        }
        let [out_height, out_width] =
            self.output_size(height, width).ok_or_else(|| refuse(format!("no output for {height}×{width}")))?;
        let (plane_len, out_plane_len) = (height * width, out_height * out_width);
        let planes = input.len() / plane_len;
        if input.len() != planes * plane_len
            || !planes.is_multiple_of(channels)
            || output.len() != planes * out_plane_len
        {
            return Err(refuse(format!(
                "{} inputs, {} outputs for {channels} channels of {height}×{width}",
                input.len(),
                output.len()
            )));
        }

        let [padded_height, padded_width] = self.padding.padded([height, width]);
        let row_len = padded_width + ROW_SLACK;
        // The borders are never written: they stay zero from one plane to the next.
        let mut padded = vec![0f32; padded_height * row_len];
        let planes = input.chunks_exact(plane_len).zip(output.chunks_exact_mut(out_plane_len));
        for (index, (plane, out_plane)) in planes.enumerate() {
            let channel = index % channels;
            self.padding.copy_into(plane, width, &mut padded, row_len);
            let kernel: [F32x4; 9] = std::array::from_fn(|i| F32x4::splat(self.weights[channel * 9 + i]));
            let bias = F32x4::splat(self.bias[channel]);
            let row = |y: usize| &padded[y * row_len..][..row_len];
            let mut out_rows = out_plane.chunks_exact_mut(out_width).enumerate();
            while let Some((y, out_row)) = out_rows.next() {
                let top = y * self.stride;
                if self.stride == 1
                    && let Some((_, next_row)) = out_rows.next()
                {
                    let rows = [row(top), row(top + 1), row(top + 2), row(top + 3)];
                    for x in (0..out_width).step_by(4) {
                        let [upper, lower] = two_rows_unit_stride(rows, &kernel, bias, x);
                        store_group(out_row, x, upper);
                        store_group(next_row, x, lower);
                    }
                } else {
                    let rows = [row(top), row(top + 1), row(top + 2)];
                    for x in (0..out_width).step_by(4) {
                        store_group(out_row, x, self.four_outputs(rows, &kernel, bias, x));
                    }
                }
            }
        }
        Ok(())
    }

    /// Four outputs from column `x` on: the bias plus the nine products, in kernel order.
    #[inline(always)]
    fn four_outputs(&self, rows: [&[f32]; 3], kernel: &[F32x4; 9], bias: F32x4, x: usize) -> F32x4 {
        let mut sum = bias;
        for (row, weights) in rows.into_iter().zip(kernel.chunks_exact(3)) {
            let [left, middle, right] = if self.stride == 1 {
                [x, x + 1, x + 2].map(|at| F32x4::load(four(row, at)))
            } else {
                let low = F32x4::load(four(row, 2 * x));
                let high = F32x4::load(four(row, 2 * x + 4));
                let evens = F32x4::evens(low, high);
                [evens, F32x4::odds(low, high), evens.shifted(F32x4::load(four(row, 2 * x + 8)))]
            };
            sum = sum + weights[0] * left + weights[1] * middle + weights[2] * right;
        }
        sum
    }
}

/// Four outputs from column `x` on in each of two consecutive rows, stride 1: the four input
/// rows they share are read once, and the two rows' sums are independent chains. Each sum is
/// the bias plus the nine products in kernel order, as [`Depthwise3x3::four_outputs`] adds them.
#[inline(always)]
fn two_rows_unit_stride(rows: [&[f32]; 4], kernel: &[F32x4; 9], bias: F32x4, x: usize) -> [F32x4; 2] {
    let (mut upper, mut lower) = (bias, bias);
    for (index, row) in rows.into_iter().enumerate() {
        let [left, middle, right] = [x, x + 1, x + 2].map(|at| F32x4::load(four(row, at)));
        if let Some(w) = kernel.get(3 * index..3 * index + 3) {
            upper = upper + w[0] * left + w[1] * middle + w[2] * right;
        }
        if let Some(w) = index.checked_sub(1).map(|above| &kernel[3 * above..3 * above + 3]) {
            lower = lower + w[0] * left + w[1] * middle + w[2] * right;
        }
    }
    [upper, lower]
}

/// The four outputs from column `x` on, or as many as the row has left.
#[inline(always)]
fn store_group(row: &mut [f32], x: usize, sum: F32x4) {
    if x + 4 <= row.len() {
        sum.store(four_mut(row, x));
    } else {
        let mut last = [0f32; 4];
        sum.store(&mut last);
        let rest = row.len() - x;
        row[x..].copy_from_slice(&last[..rest]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition, one output at a time, in the same order of terms.
    fn reference(op: &Depthwise3x3, input: &[f32], [height, width]: [usize; 2]) -> Vec<f32> {
        let [out_height, out_width] = op.output_size(height, width).unwrap();
        let mut out = Vec::new();
        for c in 0..op.channels() {
            for y in 0..out_height {
                for x in 0..out_width {
                    let mut sum = op.bias[c];
                    for ky in 0..3 {
                        for kx in 0..3 {
                            let iy = (y * op.stride + ky).checked_sub(op.padding.before[0]).filter(|iy| *iy < height);
                            let ix = (x * op.stride + kx).checked_sub(op.padding.before[1]).filter(|ix| *ix < width);
                            let value = iy.zip(ix).map_or(0.0, |(iy, ix)| input[(c * height + iy) * width + ix]);
                            sum += op.weights[c * 9 + ky * 3 + kx] * value;
                        }
                    }
                    out.push(sum);
                }
            }
        }
        out
    }

    #[test]
    fn computes_the_definition_bit_for_bit() {
        let channels = 3;
        for (stride, pad_before, pad_after) in [(1, [1, 1], [1, 1]), (2, [0, 0], [1, 1]), (2, [1, 1], [1, 1])] {
            for [height, width] in [[96, 96], [7, 13], [3, 3], [2, 2], [1, 5], [12, 9]] {
                let op = Depthwise3x3 {
                    weights: (0..channels * 9).map(|i| ((i * 37) % 17) as f32 / 8.0 - 1.0).collect(),
                    bias: (0..channels).map(|c| c as f32 * 0.25 - 0.3).collect(),
                    stride,
                    padding: Padding { before: pad_before, after: pad_after },
                };
                let input: Vec<f32> =
                    (0..channels * height * width).map(|i| ((i * 7919) % 1013) as f32 / 97.0 - 5.0).collect();
                let Some([out_height, out_width]) = op.output_size(height, width) else { continue };
                let mut output = vec![f32::NAN; channels * out_height * out_width];
                op.run(&input, [height, width], &mut output).unwrap();
                let want = reference(&op, &input, [height, width]);
                assert!(output == want, "stride {stride}, {height}×{width}");
            }
        }
    }

    #[test]
    fn refuses_what_does_not_fit() {
        let op = Depthwise3x3 {
            weights: vec![0.0; 18],
            bias: vec![0.0; 2],
            stride: 1,
            padding: Padding { before: [1, 1], after: [1, 1] },
        };
        let run = |input_len: usize, [h, w]: [usize; 2], output_len: usize| {
            op.run(&vec![0.0; input_len], [h, w], &mut vec![0.0; output_len])
        };
        assert!(run(2 * 16, [4, 4], 2 * 16).is_ok());
        assert!(run(2 * 16 - 1, [4, 4], 2 * 16).is_err(), "truncated input");
        assert!(run(3 * 16, [4, 4], 3 * 16).is_err(), "not a whole number of channel groups");
        assert!(run(2 * 16, [4, 4], 2 * 15).is_err(), "short output");
        assert!(run(0, [0, 4], 0).is_err(), "empty plane");
        let no_channels = Depthwise3x3 { weights: vec![], bias: vec![], ..op.clone() };
        assert!(no_channels.run(&[0.0; 16], [4, 4], &mut [0.0; 16]).is_err(), "no channels");
        let unpadded = Depthwise3x3 { padding: Padding::default(), ..op.clone() };
        assert!(unpadded.output_size(2, 2).is_none(), "smaller than the kernel");
        let wide = Depthwise3x3 { stride: 3, ..op.clone() };
        assert!(wide.output_size(9, 9).is_none(), "stride 3");
    }
}
