//! The vision core's own tract operators: each runs a kernel of `wangban-kernels`, and
//! [`super::rewrite`] puts it in place of tract's own where it computes the same.
//!
//! - [`HalvingMaxPool`]: tract 0.23 vectorises max pooling for stride 1 only; its stride-2 path
//!   took every output pixel through a bounds-checked scalar loop (12.5 % of the browser
//!   client's time). A maximum is exact: the values are tract's.
//! - [`DepthwiseOp`] and [`ConvolutionOp`]: the convolutions, where tract's general-purpose
//!   convolution and matrix product left most of the browser's time (`cargo xtask bench
//!   profile`; see the kernels' docs for why). Sums may round differently from tract's.

use tract_core::internal::*;
use wangban_kernels::pool::max_pool_2x2;
use wangban_kernels::{Convolution, Depthwise3x3, KernelError};

fn plain_f32(value: &TValue) -> TractResult<&[f32]> {
    value.try_as_plain_ram()?.as_slice::<f32>()
}

/// `[N, out_channels, H', W']` for an `[N, C, H, W]` input, `size` giving H' × W' for H × W.
fn nchw_output(
    op: &str,
    input: &[usize],
    out_channels: usize,
    size: impl FnOnce(usize, usize) -> Option<[usize; 2]>,
) -> TractResult<[usize; 4]> {
    let &[batch, _, height, width] = input else { bail!("{op} needs a rank-4 input, not {input:?}") };
    let [out_height, out_width] = size(height, width).ok_or_else(|| format_err!("{op}: no output for {input:?}"))?;
    Ok([batch, out_channels, out_height, out_width])
}

/// The fact of [`nchw_output`] for a fact with a concrete shape (the models' are).
fn nchw_output_fact(
    op: &str,
    input: &TypedFact,
    out_channels: usize,
    size: impl FnOnce(usize, usize) -> Option<[usize; 2]>,
) -> TractResult<TypedFact> {
    let shape = input.shape.as_concrete().ok_or_else(|| format_err!("{op} needs a concrete input shape"))?;
    Ok(f32::fact(nchw_output(op, shape, out_channels, size)?))
}

/// A tensor of `shape` whose values `fill` writes, every one of them. (`Tensor::zero` zeroes
/// element by element, which at the client's size-first opt-level was 7 % of its time; one
/// `memset` is not measurable.)
fn kernel_output(shape: &[usize], fill: impl FnOnce(&mut [f32]) -> Result<(), KernelError>) -> TractResult<TValue> {
    let len = shape.iter().product();
    // SAFETY: every byte is zeroed through the raw pointer before any reference to the values
    // exists, so the slice below only ever sees initialised `f32`s.
    let mut output = unsafe {
        let mut output = Tensor::uninitialized::<f32>(shape)?;
        std::ptr::write_bytes(output.as_ptr_mut_unchecked::<f32>(), 0, len);
        output
    };
    let mut values = output.try_as_plain_ram_mut()?;
    fill(values.as_slice_mut::<f32>()?).map_err(|e| format_err!("{e}"))?;
    Ok(output.into_tvalue())
}

/// Max over each 2×2 block of an `[N, C, H, W]` `f32` tensor → `[N, C, H/2, W/2]` (an odd last
/// row or column is dropped, as ONNX's floor mode does).
#[derive(Debug, Clone, Hash, PartialEq, Eq)]
pub struct HalvingMaxPool;

impl Op for HalvingMaxPool {
    fn name(&self) -> StaticName {
        "HalvingMaxPool".into()
    }

    op_as_typed_op!();
}

impl EvalOp for HalvingMaxPool {
    op_out_of_plan!();

    fn eval(&self, _ctx: &EvalContext, inputs: TVec<TValue>) -> TractResult<TVec<TValue>> {
        let input = args_1!(inputs);
        let &[n, c, h, w] = input.shape() else { bail!("HalvingMaxPool needs a rank-4 input") };
        let (out_h, out_w) = (h / 2, w / 2);
        let source = plain_f32(&input)?;
        let output = kernel_output(&[n, c, out_h, out_w], |out| max_pool_2x2(source, [h, w], out))?;
        Ok(tvec!(output))
    }
}

impl TypedOp for HalvingMaxPool {
    fn output_facts(&self, inputs: &[&TypedFact]) -> TractResult<TVec<TypedFact>> {
        let shape = &inputs[0].shape;
        ensure!(shape.rank() == 4, "HalvingMaxPool needs a rank-4 input");
        let half = |d: &TDim| d.clone() / 2u64;
        Ok(tvec!(f32::fact([shape[0].clone(), shape[1].clone(), half(&shape[2]), half(&shape[3])])))
    }

    as_op!();
}

/// A 3×3 depthwise convolution plus bias over `[N, C, H, W]` `f32`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepthwiseOp(pub Depthwise3x3);

impl Op for DepthwiseOp {
    fn name(&self) -> StaticName {
        "Depthwise3x3".into()
    }

    fn info(&self) -> TractResult<Vec<String>> {
        let kernel = &self.0;
        Ok(vec![format!("{} channels, stride {}, {:?}", kernel.channels(), kernel.stride, kernel.padding)])
    }

    op_as_typed_op!();
}

impl EvalOp for DepthwiseOp {
    op_out_of_plan!();

    fn eval(&self, _ctx: &EvalContext, inputs: TVec<TValue>) -> TractResult<TVec<TValue>> {
        let input = args_1!(inputs);
        let shape = nchw_output("Depthwise3x3", input.shape(), self.0.channels(), |h, w| self.0.output_size(h, w))?;
        let (source, size) = (plain_f32(&input)?, [input.shape()[2], input.shape()[3]]);
        Ok(tvec!(kernel_output(&shape, |out| self.0.run(source, size, out))?))
    }
}

impl TypedOp for DepthwiseOp {
    fn output_facts(&self, inputs: &[&TypedFact]) -> TractResult<TVec<TypedFact>> {
        let size = |h, w| self.0.output_size(h, w);
        Ok(tvec!(nchw_output_fact("Depthwise3x3", inputs[0], self.0.channels(), size)?))
    }

    as_op!();
}

/// A convolution with bias, the residual (second input, when `residual`) and the activation
/// after it: `[N, K, H, W]` → `[N, M, H', W']` `f32`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvolutionOp {
    pub kernel: Convolution,
    pub residual: bool,
}

impl Op for ConvolutionOp {
    fn name(&self) -> StaticName {
        "Convolution".into()
    }

    fn info(&self) -> TractResult<Vec<String>> {
        let kernel = &self.kernel;
        let residual = if self.residual { ", residual" } else { "" };
        Ok(vec![format!(
            "{:?} stride {}, {} → {} channels, {:?}{residual}",
            kernel.kernel_size,
            kernel.stride,
            kernel.in_channels,
            kernel.pointwise.out_channels(),
            kernel.pointwise.activation()
        )])
    }

    op_as_typed_op!();
}

impl EvalOp for ConvolutionOp {
    op_out_of_plan!();

    fn eval(&self, _ctx: &EvalContext, inputs: TVec<TValue>) -> TractResult<TVec<TValue>> {
        ensure!(inputs.len() == 1 + usize::from(self.residual), "Convolution: {} inputs", inputs.len());
        let channels = self.kernel.pointwise.out_channels();
        let shape = nchw_output("Convolution", inputs[0].shape(), channels, |h, w| self.kernel.output_size(h, w))?;
        let (x, residual) = (plain_f32(&inputs[0])?, inputs.get(1).map(plain_f32).transpose()?);
        let size = [inputs[0].shape()[2], inputs[0].shape()[3]];
        Ok(tvec!(kernel_output(&shape, |out| self.kernel.run(x, size, residual, out))?))
    }
}

impl TypedOp for ConvolutionOp {
    fn output_facts(&self, inputs: &[&TypedFact]) -> TractResult<TVec<TypedFact>> {
        let channels = self.kernel.pointwise.out_channels();
        let out = nchw_output_fact("Convolution", inputs[0], channels, |h, w| self.kernel.output_size(h, w))?;
        if let Some(residual) = inputs.get(1) {
            ensure!(
                residual.shape == out.shape,
                "Convolution: residual {:?} for output {:?}",
                residual.shape,
                out.shape
            );
        }
        Ok(tvec!(out))
    }

    as_op!();
}
