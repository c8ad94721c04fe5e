// The browser bench: what a resident's browser pays for the face check.
// - first landmarks: wasm compile + model download, manifest check and load + first frame;
// - the tracked pipeline per frame (mesh every frame, detector every few);
// - each model alone, tract vs onnxruntime-web on the very same tensor, with the largest
//   output difference between the two runtimes.
// Query: ?iterations=N (default 50). The result is left in `window.benchResult`.
import init, { Client, ModelRunner } from "/pkg/wangban_client.js";
import * as ort from "/ort/ort.wasm.min.mjs";

const started = performance.now();
const iterations = Number(new URLSearchParams(location.search).get("iterations") ?? 50);
const out = document.getElementById("out");

const MODELS = [
  { name: "detector", onnx: "mp_face_detection_short.onnx" },
  { name: "mesh", onnx: "mp_face_landmark.onnx" },
];

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p) => s[Math.min(s.length - 1, Math.floor((s.length - 1) * p))];
  return { median: at(0.5), p90: at(0.9), min: s[0], n: s.length };
}

async function imageData(url) {
  const bitmap = await createImageBitmap(await (await fetch(url)).blob());
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(bitmap, 0, 0);
  return { bitmap, data: ctx.getImageData(0, 0, bitmap.width, bitmap.height) };
}

// An NHWC float tensor of `size`² from a region of the bitmap, values mapped by `scale`.
function tensorFrom(bitmap, [sx, sy, sw, sh], size, scale) {
  const canvas = new OffscreenCanvas(size, size);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "black";
  ctx.fillRect(0, 0, size, size);
  ctx.drawImage(bitmap, sx, sy, sw, sh, 0, 0, size, size);
  const rgba = ctx.getImageData(0, 0, size, size).data;
  const t = new Float32Array(size * size * 3);
  for (let i = 0; i < size * size; i++) {
    for (let c = 0; c < 3; c++) t[i * 3 + c] = scale(rgba[i * 4 + c]);
  }
  return t;
}

function time(fn) {
  const t = performance.now();
  const result = fn();
  return [performance.now() - t, result];
}

async function timeAsync(fn) {
  const t = performance.now();
  const result = await fn();
  return [performance.now() - t, result];
}

async function run() {
  const result = { iterations, userAgent: navigator.userAgent, hardwareConcurrency: navigator.hardwareConcurrency };

  // First landmarks, as the resident's page gets them.
  const [wasmInit] = await timeAsync(() => init());
  const [clientLoad, client] = await timeAsync(() => Client.load("/models/"));
  const { bitmap, data } = await imageData("/data/astronaut.png");
  const [firstFrame, first] = time(() => client.analyze_pixels(data.width, data.height, data.data));
  if (!first.face) throw new Error("no face in the bench image");
  result.firstLandmarks = { wasmInit, clientLoad, firstFrame, sincePageStart: performance.now() - started };

  // The tracked pipeline, frame after frame.
  const perFrame = [];
  for (let i = 0; i < iterations; i++) {
    perFrame.push(time(() => client.analyze_pixels(data.width, data.height, data.data))[0]);
  }
  result.pipeline = stats(perFrame);

  // Each model alone on the same tensor.
  const side = Math.max(bitmap.width, bitmap.height);
  const letterbox = [(bitmap.width - side) / 2, (bitmap.height - side) / 2, side, side];
  const b = first.face.bbox;
  const faceSide = Math.max(b.x1 - b.x0, b.y1 - b.y0) * 1.5;
  const faceCrop = [(b.x0 + b.x1 - faceSide) / 2, (b.y0 + b.y1 - faceSide) / 2, faceSide, faceSide];
  const inputs = {
    detector: tensorFrom(bitmap, letterbox, 128, (v) => v / 127.5 - 1),
    mesh: tensorFrom(bitmap, faceCrop, 192, (v) => v / 255),
  };
  ort.env.wasm.wasmPaths = "/ort/";
  ort.env.wasm.numThreads = 1;
  result.models = {};
  for (const m of MODELS) {
    const input = inputs[m.name];
    const nnef = new Uint8Array(await (await fetch(`/models/${m.name}.nnef.tar`)).arrayBuffer());
    const [tractLoad, runner] = time(() => ModelRunner.load(m.name, nnef));
    const shape = Array.from(runner.input_shape());
    const [ortLoad, session] = await timeAsync(() =>
      ort.InferenceSession.create(`/onnx/${m.onnx}`, { executionProviders: ["wasm"], graphOptimizationLevel: "all" }));
    const feeds = { [session.inputNames[0]]: new ort.Tensor("float32", input, shape) };
    const ortRun = async () => {
      const outputs = await session.run(feeds);
      return session.outputNames.flatMap((n) => Array.from(outputs[n].data));
    };
    const tractOut = runner.run(input);
    const ortOut = await ortRun();
    let maxDiff = tractOut.length === ortOut.length ? 0 : Infinity;
    for (let i = 0; i < Math.min(tractOut.length, ortOut.length); i++) {
      maxDiff = Math.max(maxDiff, Math.abs(tractOut[i] - ortOut[i]));
    }
    const tractTimes = [];
    const ortTimes = [];
    for (let i = 0; i < iterations; i++) {
      tractTimes.push(time(() => runner.run(input))[0]);
      ortTimes.push((await timeAsync(ortRun))[0]);
    }
    result.models[m.name] = {
      tract: { load: tractLoad, ...stats(tractTimes) },
      ort: { load: ortLoad, ...stats(ortTimes) },
      outputs: tractOut.length,
      maxAbsDiff: maxDiff,
    };
    runner.free();
    await session.release();
  }
  return result;
}

run().then(
  (r) => { window.benchResult = r; out.textContent = JSON.stringify(r, null, 2); },
  (e) => { window.benchResult = { error: String(e && e.stack || e) }; out.textContent = String(e); },
);
