//! The 2×2, stride-2 max pool of the detector's and the mesh's downsampling blocks, run by our
//! own op in place of tract's.
//!
//! tract 0.23 vectorises max pooling for stride 1 only; its stride-2 path takes every output
//! pixel through a bounds-checked scalar loop, which was 12.5 % of the browser client's time
//! (`cargo xtask bench profile`). Here each output row is the pairwise maximum of two input
//! rows, four outputs per wasm SIMD instruction. The values are the same: a maximum is exact.

use tract_core::internal::*;
use tract_core::ops::cnn::{MaxPool, PaddingSpec};
use tract_core::ops::nn::DataFormat;

/// Max over each 2×2 block of an `[N, C, H, W]` `f32` tensor → `[N, C, H/2, W/2]` (an odd last
/// row or column is dropped, as ONNX's floor mode does).
#[derive(Debug, Clone, Hash, PartialEq, Eq)]
pub struct HalvingMaxPool;

impl HalvingMaxPool {
    /// Whether `pool`'s values are exactly this op's: 2×2 window, stride 2, no padding, NCHW.
    fn replaces(pool: &MaxPool) -> bool {
        let spec = &pool.pool_spec;
        let no_padding = match &spec.padding {
            PaddingSpec::Valid => true,
            PaddingSpec::Explicit(before, after) => before.iter().chain(after).all(|p| *p == 0),
            PaddingSpec::ExplicitOnnxPool(before, after, ceil) => !ceil && before.iter().chain(after).all(|p| *p == 0),
            PaddingSpec::SameUpper | PaddingSpec::SameLower => false,
        };
        spec.data_format == DataFormat::NCHW
            && spec.kernel_shape[..] == [2, 2]
            && spec.strides.as_deref() == Some(&[2, 2][..])
            && spec.dilations.as_deref().is_none_or(|d| d.iter().all(|d| *d == 1))
            && no_padding
    }
}

/// Puts [`HalvingMaxPool`] in place of every tract max pool it computes identically.
pub fn use_halving_max_pools(model: &mut TypedModel) -> TractResult<()> {
    for id in model.eval_order()? {
        let node = &model.nodes[id];
        let Some(pool) = node.op_as::<MaxPool>() else { continue };
        let input = model.outlet_fact(node.inputs[0])?;
        // NNEF's max_pool loads with an index output; a pool whose indices nobody reads is ours.
        let indices_unread = node.outputs.iter().skip(1).all(|o| o.successors.is_empty())
            && !model.output_outlets()?.iter().any(|o| o.node == id && o.slot > 0);
        if !HalvingMaxPool::replaces(pool)
            || !indices_unread
            || input.datum_type != f32::datum_type()
            || input.rank() != 4
        {
            continue;
        }
        let mut patch = TypedModelPatch::default();
        let wire = patch.tap_model(model, node.inputs[0])?;
        let pooled = patch.wire_node(&node.name, HalvingMaxPool, &[wire])?;
        patch.shunt_outside(model, OutletId::new(id, 0), pooled[0])?;
        patch.apply(model)?;
    }
    Ok(())
}

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
        let mut output = Tensor::zero::<f32>(&[n, c, out_h, out_w])?;
        let source = input.try_as_plain_ram()?;
        let source = source.as_slice::<f32>()?;
        let mut target = output.try_as_plain_ram_mut()?;
        let target = target.as_slice_mut::<f32>()?;
        if out_h * out_w > 0 {
            for (plane, out_plane) in source.chunks_exact(h * w).zip(target.chunks_exact_mut(out_h * out_w)) {
                for (y, out_row) in out_plane.chunks_exact_mut(out_w).enumerate() {
                    let rows = &plane[2 * y * w..][..2 * w];
                    halve_rows(&rows[..w], &rows[w..], out_row);
                }
            }
        }
        Ok(tvec!(output.into_tvalue()))
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

/// `out[x]` = the largest of `top[2x]`, `top[2x + 1]`, `bottom[2x]`, `bottom[2x + 1]`.
fn halve_rows(top: &[f32], bottom: &[f32], out: &mut [f32]) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let done = simd128::halve_rows(top, bottom, out);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    let done = 0;
    let larger = |a: f32, b: f32| if a < b { b } else { a };
    for (x, o) in out.iter_mut().enumerate().skip(done) {
        *o = larger(larger(top[2 * x], top[2 * x + 1]), larger(bottom[2 * x], bottom[2 * x + 1]));
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd128 {
    use core::arch::wasm32::*;

    /// Four outputs at a time; returns how many it wrote. `pmax` is `a < b ? b : a`, the scalar
    /// path's comparison, so both give the same bits.
    pub fn halve_rows(top: &[f32], bottom: &[f32], out: &mut [f32]) -> usize {
        let pairs = |s: &[f32]| {
            // SAFETY: `s` is one of `chunks_exact(8)`: the two unaligned loads read exactly it.
            let (low, high) = unsafe { (v128_load(s.as_ptr().cast()), v128_load(s[4..].as_ptr().cast())) };
            f32x4_pmax(i32x4_shuffle::<0, 2, 4, 6>(low, high), i32x4_shuffle::<1, 3, 5, 7>(low, high))
        };
        let mut written = 0;
        for ((t, b), o) in top.chunks_exact(8).zip(bottom.chunks_exact(8)).zip(out.chunks_exact_mut(4)) {
            // SAFETY: `o` is one of `chunks_exact_mut(4)`: the unaligned store writes exactly it.
            unsafe { v128_store(o.as_mut_ptr().cast(), f32x4_pmax(pairs(t), pairs(b))) };
            written += 4;
        }
        written
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Against tract's own max pool on the same input, odd sizes included.
    #[test]
    fn computes_what_tract_computes() -> TractResult<()> {
        for (h, w) in [(6, 8), (7, 13), (96, 96), (3, 3), (2, 17)] {
            let shape = [1, 3, h, w];
            let values: Vec<f32> = (0..3 * h * w).map(|i| ((i * 7919) % 1013) as f32 / 97.0 - 5.0).collect();
            let input = Tensor::from_shape(&shape, &values)?;
            let pool = |swap: bool, with_index_outputs: Option<DatumType>| -> TractResult<Tensor> {
                let mut model = TypedModel::default();
                let source = model.add_source("input", f32::fact(shape))?;
                let spec = tract_core::ops::cnn::PoolSpec {
                    data_format: DataFormat::NCHW,
                    kernel_shape: tvec!(2, 2),
                    padding: PaddingSpec::Valid,
                    dilations: None,
                    strides: Some(tvec!(2, 2)),
                    input_channels: 3,
                    output_channels: 3,
                };
                let out = model.wire_node("pool", MaxPool { pool_spec: spec, with_index_outputs }, &[source])?;
                model.select_output_outlets(&out[..1])?;
                if swap {
                    use_halving_max_pools(&mut model)?;
                    ensure!(model.nodes.iter().any(|n| n.op_is::<HalvingMaxPool>()), "not replaced");
                }
                let result = model.into_runnable()?.run(tvec!(input.clone().into_tvalue()))?;
                Ok(result[0].clone().into_tensor())
            };
            // NNEF's max_pool loads with an (unread) index output.
            for indices in [None, Some(i64::datum_type())] {
                assert_eq!(pool(true, indices)?, pool(false, indices)?, "{h}×{w}");
            }
        }
        Ok(())
    }
}
