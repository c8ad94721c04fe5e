//! The vision core's own kernels: the operations of the detector's and the mesh's separable
//! blocks that tract runs slowly in the browser, on plain `f32` slices in NCHW order.
//!
//! # Layout
//! - [`lanes`]: four `f32` lanes — wasm SIMD where the target has it, a plain array elsewhere.
//!   Every kernel is written once over it, so native builds compute the very bits the browser
//!   and the Workers compute ([`conformance`] checks it on both).
//! - [`depthwise`]: 3×3 depthwise convolution plus bias, stride 1 or 2, any zero padding.
//! - [`pointwise`]: 1×1 convolution fused with bias, residual and ReLU or PReLU.
//! - [`convolution`]: any full convolution (the models' first layers), as columns of patches
//!   through the fused 1×1 kernel.
//! - [`padding`]: zero borders, and the output size of a kernel sliding over a padded plane.
//! - [`pool`]: 2×2, stride-2 max pooling.
//! - [`conformance`]: the kernels on fixed awkward inputs, fingerprinted.
//!
//! No tract here: `wangban-vision` wraps each kernel as a tract operator and puts it in place of
//! tract's own when a model loads — in wasm, where tract's kernels have four lanes and no fused
//! multiply-add like ours, and ours are faster. Natively on x86-64 tract's AVX2/FMA kernels are
//! faster than these, so there only the pool is replaced, and tests run the rest to check them.
//! Being a crate of its own lets the size-first browser build give these few KiB of code full
//! optimisation (`[profile.browser.package.wangban-kernels]`).
//!
//! # Example
//! A 2×2 max pool over one 2×4 plane:
//! ```
//! let input = [1.0, 5.0, 2.0, 0.0, 3.0, 4.0, -1.0, 7.0];
//! let mut output = [0.0; 2];
//! wangban_kernels::pool::max_pool_2x2(&input, [2, 4], &mut output).unwrap();
//! assert_eq!(output, [5.0, 7.0]);
//! ```

pub mod conformance;
pub mod convolution;
pub mod depthwise;
pub mod lanes;
pub mod padding;
pub mod pointwise;
pub mod pool;

pub use convolution::Convolution;
pub use depthwise::Depthwise3x3;
pub use padding::Padding;
pub use pointwise::{Activation, Pointwise};

/// Why a kernel refused its arguments.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KernelError {
    /// A slice's length does not match the shape the kernel was given or configured for.
    #[error("{kernel}: {message}")]
    Shape {
        /// Which kernel refused (`pointwise`, `convolution`, …).
        kernel: &'static str,
        /// What did not match, with the sizes.
        message: String,
    },
}

impl KernelError {
    fn shape(kernel: &'static str, message: impl Into<String>) -> Self {
        Self::Shape { kernel, message: message.into() }
    }
}
