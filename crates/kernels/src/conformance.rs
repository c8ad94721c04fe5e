//! The kernels on fixed, awkward inputs, fingerprinted: native builds run the plain-array lanes
//! and the browser and Workers run wasm SIMD, and both must produce the same bits. Native tests
//! and the browser tests (`crates/client/tests/browser.rs`) both check [`KERNEL_FINGERPRINT`].

use crate::convolution::Convolution;
use crate::depthwise::Depthwise3x3;
use crate::padding::Padding;
use crate::pointwise::{Activation, Pointwise};
use crate::pool::max_pool_2x2;

/// FNV-1a of every output bit of [`outputs`].
pub const KERNEL_FINGERPRINT: u64 = 4_655_670_293_281_895_406;

/// Values of both signs and many magnitudes, some exact zeros, none repeating soon.
fn awkward(len: usize, seed: usize) -> Vec<f32> {
    (0..len)
        .map(|i| {
            let n = (i * 7919 + seed * 104_729) % 10_007;
            if n.is_multiple_of(13) { 0.0 } else { (n as f32 - 5003.0) / 977.0 * (1.0 + (n % 7) as f32 / 3.0) }
        })
        .collect()
}

/// Every kernel's outputs, concatenated: odd sizes, partial groups of four and eight, both
/// strides, every activation, with and without a residual.
pub fn outputs() -> Vec<f32> {
    let mut all = Vec::new();
    for (stride, pad_before, pad_after) in [(1, [1, 1], [1, 1]), (2, [0, 0], [1, 1])] {
        let channels = 5;
        let [height, width] = [11, 14];
        let op = Depthwise3x3 {
            weights: awkward(9 * channels, 1),
            bias: awkward(channels, 2),
            stride,
            padding: Padding { before: pad_before, after: pad_after },
        };
        let [out_height, out_width] = op.output_size(height, width).expect("fits");
        let mut out = vec![0.0; channels * out_height * out_width];
        op.run(&awkward(channels * height * width, 3), [height, width], &mut out).expect("fits");
        all.extend(out);
    }
    let (in_channels, out_channels, pixels) = (7, 6, 21);
    for activation in [Activation::Identity, Activation::Relu, Activation::Prelu(awkward(out_channels, 4))] {
        let op =
            Pointwise::new(&awkward(out_channels * in_channels, 5), in_channels, awkward(out_channels, 6), activation)
                .expect("fits");
        let residual = awkward(out_channels * pixels, 7);
        for residual in [None, Some(&residual[..])] {
            let mut out = vec![0.0; out_channels * pixels];
            op.run(&awkward(in_channels * pixels, 8), residual, pixels, &mut out).expect("fits");
            all.extend(out);
        }
    }
    let (in_channels, out_channels, [height, width]) = (3, 5, [13, 10]);
    let pointwise = Pointwise::new(
        &awkward(out_channels * in_channels * 9, 10),
        in_channels * 9,
        awkward(out_channels, 11),
        Activation::Relu,
    )
    .expect("fits");
    let op = Convolution {
        in_channels,
        kernel_size: [3, 3],
        stride: 2,
        padding: Padding { before: [0, 0], after: [1, 1] },
        pointwise,
    };
    let [out_height, out_width] = op.output_size(height, width).expect("fits");
    let mut out = vec![0.0; out_channels * out_height * out_width];
    op.run(&awkward(in_channels * height * width, 12), [height, width], None, &mut out).expect("fits");
    all.extend(out);
    let mut halved = vec![0.0; 11];
    max_pool_2x2(&awkward(2 * 22, 9), [2, 22], &mut halved).expect("fits");
    all.extend(halved);
    all
}

/// FNV-1a over the little-endian bits of [`outputs`]: [`KERNEL_FINGERPRINT`] when the kernels
/// compute the pinned bits.
pub fn fingerprint() -> u64 {
    outputs()
        .iter()
        .flat_map(|v| v.to_bits().to_le_bytes())
        .fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kernels_compute_the_pinned_bits() {
        assert_eq!(fingerprint(), KERNEL_FINGERPRINT);
    }
}
