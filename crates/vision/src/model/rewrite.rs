//! Puts the vision core's own operators ([`super::ops`]) in place of tract's in a decluttered
//! graph: [`HalvingMaxPool`] for 2×2, stride-2 max pools, [`DepthwiseOp`] for 3×3 depthwise
//! convolutions, [`ConvolutionOp`] for the other convolutions (a 1×1 one is a matrix product
//! once decluttered) together with the bias, residual and activation after them.
//!
//! A node is only replaced when everything the new operator would skip has no other reader, so
//! the graph computes the same function; anything that does not match stays tract's.

use tract_core::internal::*;
use tract_core::ops::binary::{BinMiniOp, TypedBinOp};
use tract_core::ops::cnn::{Conv, KernelFormat, MaxPool, PaddingSpec, PoolSpec};
use tract_core::ops::einsum::EinSum;
use tract_core::ops::math::{Add, Max, Min, Mul};
use tract_core::ops::nn::DataFormat;

use wangban_kernels::{Activation, Convolution, Depthwise3x3, Padding, Pointwise};

use super::Convolutions;
use super::ops::{ConvolutionOp, DepthwiseOp, HalvingMaxPool};

/// How tract declutters a 1×1 convolution over NCHW: `M × K` weights times `[1, K, H, W]`.
const ONE_BY_ONE: &str = "mk,akbn->ambn";

/// Max pools always; the convolutions as `convolutions` says.
pub fn use_own_operators(model: &mut TypedModel, convolutions: Convolutions) -> TractResult<()> {
    for id in model.eval_order()? {
        let (input, output) = (model.nodes[id].inputs.first().copied(), OutletId::new(id, 0));
        if is_halving_max_pool(model, id)?
            && let Some(input) = input
        {
            replace(model, &[input], HalvingMaxPool, output)?;
        } else if convolutions == Convolutions::Ours
            && let Some((op, input)) = depthwise(model, id)?
        {
            replace(model, &[input], op, output)?;
        }
    }
    if convolutions == Convolutions::Ours {
        for id in model.eval_order()? {
            if let Some((op, inputs, last)) = one_by_one(model, id)?.or(full_convolution(model, id)?) {
                replace(model, &inputs, op, last)?;
            }
        }
    }
    Ok(())
}

/// Wires `op` on `inputs` and makes every reader of `replaced` read its output instead — if
/// `op` computes an output of `replaced`'s shape from them: not, say, for a stride its kernel
/// lacks, or where a zero broadcast to a larger shape ended the matched steps. Otherwise tract's
/// operators stay.
fn replace(model: &mut TypedModel, inputs: &[OutletId], op: impl TypedOp, replaced: OutletId) -> TractResult<()> {
    let fits = {
        let facts = inputs.iter().map(|i| model.outlet_fact(*i)).collect::<TractResult<TVec<_>>>()?;
        let wanted = &model.outlet_fact(replaced)?.shape;
        op.output_facts(&facts).is_ok_and(|f| f[0].shape == *wanted)
    };
    if !fits {
        return Ok(());
    }
    let mut patch = TypedModelPatch::default();
    let taps = inputs.iter().map(|i| patch.tap_model(model, *i)).collect::<TractResult<TVec<_>>>()?;
    let name = model.nodes[replaced.node].name.clone();
    let wire = patch.wire_node(name, op, &taps)?;
    patch.shunt_outside(model, replaced, wire[0])?;
    patch.apply(model)
}

/// Whether the node is a max pool whose values are exactly [`HalvingMaxPool`]'s: 2×2 window,
/// stride 2, no padding, NCHW `f32`, and no reader of the indices NNEF's max pool comes with.
fn is_halving_max_pool(model: &TypedModel, id: usize) -> TractResult<bool> {
    let node = &model.nodes[id];
    let Some(pool) = node.op_as::<MaxPool>() else { return Ok(false) };
    let spec = &pool.pool_spec;
    let indices_unread = node.outputs.iter().skip(1).all(|o| o.successors.is_empty())
        && !model.output_outlets()?.iter().any(|o| o.node == id && o.slot > 0);
    let input = model.outlet_fact(node.inputs[0])?;
    Ok(spec.data_format == DataFormat::NCHW
        && spec.kernel_shape[..] == [2, 2]
        && equal_strides(spec) == Some(2)
        && undilated(spec)
        && explicit_padding(spec) == Some(Padding::default())
        && indices_unread
        && input.datum_type == f32::datum_type()
        && input.rank() == 4)
}

/// A float NCHW convolution with OIHW weights and bias that are constants, not dilated, the same
/// stride along both axes and its padding given outright: what our kernels compute.
struct PlainConv<'a> {
    conv: &'a Conv,
    x: OutletId,
    weight_shape: TVec<usize>,
    weights: Vec<f32>,
    bias: Vec<f32>,
    stride: usize,
    padding: Padding,
}

fn plain_conv(model: &TypedModel, id: usize) -> TractResult<Option<PlainConv<'_>>> {
    let node = &model.nodes[id];
    let Some(conv) = node.op_as::<Conv>() else { return Ok(None) };
    let spec = &conv.pool_spec;
    let (Some(padding), Some(stride), &[x, weights, bias]) =
        (explicit_padding(spec), equal_strides(spec), node.inputs.as_slice())
    else {
        return Ok(None);
    };
    let plain = conv.q_params.is_none()
        && spec.data_format == DataFormat::NCHW
        && conv.kernel_fmt == KernelFormat::OIHW
        && undilated(spec)
        && model.outlet_fact(x)?.datum_type == f32::datum_type();
    let (true, Some((weight_shape, weights)), Some((_, bias))) =
        (plain, f32_constant(model, weights), f32_constant(model, bias))
    else {
        return Ok(None);
    };
    Ok(Some(PlainConv { conv, x, weight_shape, weights, bias, stride, padding }))
}

/// A 3×3 depthwise convolution: its op and its input.
fn depthwise(model: &TypedModel, id: usize) -> TractResult<Option<(DepthwiseOp, OutletId)>> {
    let Some(PlainConv { conv, x, weight_shape, weights, bias, stride, padding }) = plain_conv(model, id)? else {
        return Ok(None);
    };
    let channels = conv.pool_spec.input_channels;
    let depthwise = conv.group == channels
        && conv.pool_spec.output_channels == channels
        && weight_shape[..] == [channels, 1, 3, 3]
        && bias.len() == channels;
    Ok(depthwise.then_some((DepthwiseOp(Depthwise3x3 { weights, bias, stride, padding }), x)))
}

/// What follows a convolution's sum in a block, each step only where the graph has it: a bias
/// per channel, the block's residual, ReLU or PReLU; `last` is the outlet the steps end at.
struct Epilogue {
    last: OutletId,
    bias: Option<Vec<f32>>,
    residual: Option<OutletId>,
    activation: Activation,
}

fn epilogue(model: &TypedModel, sum: OutletId, out_channels: usize) -> TractResult<Epilogue> {
    let per_channel = |outlet: OutletId| {
        f32_constant(model, outlet).filter(|(shape, _)| shape[..] == [1, out_channels, 1, 1]).map(|(_, v)| v)
    };
    let mut steps = Epilogue { last: sum, bias: None, residual: None, activation: Activation::Identity };
    if let Some((add, other)) = sole_binary_reader::<Add>(model, steps.last)?
        && let Some(values) = per_channel(other)
    {
        (steps.last, steps.bias) = (add, Some(values));
    }
    let shape = &model.outlet_fact(steps.last)?.shape;
    if let Some((add, other)) = sole_binary_reader::<Add>(model, steps.last)?
        && model.outlet_fact(other)?.konst.is_none()
        && model.outlet_fact(other)?.shape == *shape
    {
        (steps.last, steps.residual) = (add, Some(other));
    }
    if let Some((max, other)) = sole_binary_reader::<Max>(model, steps.last)?
        && is_zero(model, other)
    {
        (steps.last, steps.activation) = (max, Activation::Relu);
    } else if let Some((prelu, alpha)) = prelu(model, steps.last)?
        && let Some(alpha) = per_channel(alpha)
    {
        (steps.last, steps.activation) = (prelu, Activation::Prelu(alpha));
    }
    Ok(steps)
}

/// A convolution's op, its inputs and the outlet it replaces.
type Replacement = (ConvolutionOp, TVec<OutletId>, OutletId);

/// `weights` (`M × patch`) and what follows the sum as one [`ConvolutionOp`] reading `x`;
/// `shaped` gives the arithmetic its geometry.
fn convolution_op(
    shaped: impl FnOnce(Pointwise) -> Convolution,
    weights: &[f32],
    bias: Vec<f32>,
    steps: Epilogue,
    x: OutletId,
) -> TractResult<Replacement> {
    let patch = weights.len() / bias.len().max(1);
    let pointwise = Pointwise::new(weights, patch, bias, steps.activation).map_err(|e| format_err!("{e}"))?;
    let inputs: TVec<OutletId> = std::iter::once(x).chain(steps.residual).collect();
    Ok((ConvolutionOp { kernel: shaped(pointwise), residual: steps.residual.is_some() }, inputs, steps.last))
}

/// A 1×1 convolution from its matrix product on.
fn one_by_one(model: &TypedModel, id: usize) -> TractResult<Option<Replacement>> {
    let node = &model.nodes[id];
    let Some(einsum) = node.op_as::<EinSum>() else { return Ok(None) };
    let (&[weights, x], None) = (node.inputs.as_slice(), einsum.q_params) else { return Ok(None) };
    if einsum.axes.to_string() != ONE_BY_ONE || model.outlet_fact(x)?.datum_type != f32::datum_type() {
        return Ok(None);
    }
    let Some((weight_shape, weights)) = f32_constant(model, weights) else { return Ok(None) };
    let &[out_channels, in_channels] = weight_shape.as_slice() else { return Ok(None) };
    let mut steps = epilogue(model, OutletId::new(id, 0), out_channels)?;
    let bias = steps.bias.take().unwrap_or_else(|| vec![0.0; out_channels]);
    let shaped =
        |pointwise| Convolution { in_channels, kernel_size: [1, 1], stride: 1, padding: Padding::default(), pointwise };
    convolution_op(shaped, &weights, bias, steps, x).map(Some)
}

/// A full (one group) convolution and what follows it: the models' first layers.
fn full_convolution(model: &TypedModel, id: usize) -> TractResult<Option<Replacement>> {
    let Some(PlainConv { conv, x, weight_shape, weights, bias, stride, padding }) = plain_conv(model, id)? else {
        return Ok(None);
    };
    let &[out_channels, in_channels, kernel_height, kernel_width] = weight_shape.as_slice() else { return Ok(None) };
    let steps = epilogue(model, OutletId::new(id, 0), out_channels)?;
    // A bias added after the convolution's own would round differently once merged.
    if conv.group != 1 || bias.len() != out_channels || steps.bias.is_some() {
        return Ok(None);
    }
    let shaped =
        |pointwise| Convolution { in_channels, kernel_size: [kernel_height, kernel_width], stride, padding, pointwise };
    convolution_op(shaped, &weights, bias, steps, x).map(Some)
}

/// The zero padding of a 2-D window, if `spec` says it outright.
fn explicit_padding(spec: &PoolSpec) -> Option<Padding> {
    let pair = |p: &TVec<usize>| <[usize; 2]>::try_from(p.as_slice()).ok();
    match &spec.padding {
        PaddingSpec::Valid => Some(Padding::default()),
        PaddingSpec::Explicit(before, after) | PaddingSpec::ExplicitOnnxPool(before, after, false) => {
            Some(Padding { before: pair(before)?, after: pair(after)? })
        }
        _ => None,
    }
}

/// The stride of a 2-D window that strides both axes alike.
fn equal_strides(spec: &PoolSpec) -> Option<usize> {
    match spec.strides.as_deref() {
        None => Some(1),
        Some(&[vertical, horizontal]) if vertical == horizontal => Some(vertical),
        Some(_) => None,
    }
}

fn undilated(spec: &PoolSpec) -> bool {
    spec.dilations.as_deref().is_none_or(|d| d.iter().all(|d| *d == 1))
}

/// `max(x, 0) + min(x, 0)·α` read from `x` alone: the sum's outlet and α's.
fn prelu(model: &TypedModel, x: OutletId) -> TractResult<Option<(OutletId, OutletId)>> {
    let readers = &model.outlet_successors(x);
    if readers.len() != 2 || is_model_output(model, x)? {
        return Ok(None);
    }
    let side = |op_of: fn(&TypedModel, usize) -> Option<[OutletId; 2]>| {
        readers.iter().find_map(|r| {
            op_of(model, r.node)
                .filter(|pair| pair.contains(&x) && pair.iter().any(|o| is_zero(model, *o)))
                .map(|_| OutletId::new(r.node, 0))
        })
    };
    let (Some(positive), Some(negative)) = (side(binary_inputs::<Max>), side(binary_inputs::<Min>)) else {
        return Ok(None);
    };
    let Some((scaled, alpha)) = sole_binary_reader::<Mul>(model, negative)? else { return Ok(None) };
    let (Some((sum, other)), Some((sum_again, _))) =
        (sole_binary_reader::<Add>(model, scaled)?, sole_binary_reader::<Add>(model, positive)?)
    else {
        return Ok(None);
    };
    Ok((sum == sum_again && other == positive).then_some((sum, alpha)))
}

/// The node that alone reads `outlet`, if it is the binary operator `O`: its output and its
/// other input.
fn sole_binary_reader<O: BinMiniOp>(model: &TypedModel, outlet: OutletId) -> TractResult<Option<(OutletId, OutletId)>> {
    let &[reader] = model.outlet_successors(outlet) else { return Ok(None) };
    if is_model_output(model, outlet)? {
        return Ok(None);
    }
    let other = binary_inputs::<O>(model, reader.node).and_then(|pair| match pair {
        [a, b] if a == outlet && b != outlet => Some(b),
        [a, b] if b == outlet && a != outlet => Some(a),
        _ => None,
    });
    Ok(other.map(|other| (OutletId::new(reader.node, 0), other)))
}

fn binary_inputs<O: BinMiniOp>(model: &TypedModel, id: usize) -> Option<[OutletId; 2]> {
    let node = &model.nodes[id];
    let op = node.op_as::<TypedBinOp>()?;
    if !op.0.is::<O>() || op.1.is_some() {
        return None;
    }
    node.inputs.as_slice().try_into().ok()
}

fn is_model_output(model: &TypedModel, outlet: OutletId) -> TractResult<bool> {
    Ok(model.output_outlets()?.contains(&outlet))
}

fn f32_constant(model: &TypedModel, outlet: OutletId) -> Option<(TVec<usize>, Vec<f32>)> {
    let konst = model.outlet_fact(outlet).ok()?.konst.clone()?;
    let values = konst.try_as_plain_ram().ok()?.as_slice::<f32>().ok()?.to_vec();
    Some((konst.shape().into(), values))
}

fn is_zero(model: &TypedModel, outlet: OutletId) -> bool {
    f32_constant(model, outlet).is_some_and(|(_, values)| values.iter().all(|v| *v == 0.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tract_core::ops::cnn::PoolSpec;

    /// Against tract's own max pool on the same input, odd sizes included.
    #[test]
    fn halving_max_pool_computes_what_tract_computes() -> TractResult<()> {
        for (h, w) in [(6, 8), (7, 13), (96, 96), (3, 3), (2, 17)] {
            let shape = [1, 3, h, w];
            let values: Vec<f32> = (0..3 * h * w).map(|i| ((i * 7919) % 1013) as f32 / 97.0 - 5.0).collect();
            let input = Tensor::from_shape(&shape, &values)?;
            let pool = |swap: bool, with_index_outputs: Option<DatumType>| -> TractResult<Tensor> {
                let mut model = TypedModel::default();
                let source = model.add_source("input", f32::fact(shape))?;
                let spec = PoolSpec {
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
                    use_own_operators(&mut model, Convolutions::Tracts)?;
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
