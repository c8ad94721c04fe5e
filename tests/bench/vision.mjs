// `cargo xtask bench vision`, browser half: serves the bench page with the built client, the
// models and onnxruntime-web, runs it in headless Chromium and prints the numbers.
// Usage: node tests/bench/vision.mjs [--iterations N] [--check]
//   --check: few iterations, and fail unless tract and onnxruntime-web agree (used by the tests).
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { launch } from "../e2e/browser.mjs";
import { ROOT, serveBench } from "./serve.mjs";

const args = process.argv.slice(2);
const check = args.includes("--check");
const iterations = Number(args[args.indexOf("--iterations") + 1]) || (check ? 5 : 50);
// Largest output difference accepted between the runtimes (scores, logits and pixel landmarks).
const MAX_ABS_DIFF = 1e-2;

const server = await serveBench();
const url = `${server.origin}/bench/vision.html?iterations=${iterations}`;

const { context, page, errors } = await launch();
let result;
try {
  await page.goto(url);
  await page.waitForFunction(() => window.benchResult, null, { timeout: 600_000, polling: 500 });
  result = await page.evaluate(() => window.benchResult);
} finally {
  await context.close();
  server.close();
}
if (result.error) {
  console.error(result.error, errors.join("\n"));
  process.exit(1);
}

const ms = (v) => `${v.toFixed(2)} ms`;
console.log(`\n## Browser bench (${result.userAgent.match(/Chrome\/[\d.]+/)?.[0]}, ${iterations} iterations)\n`);
const f = result.firstLandmarks;
console.log(`first landmarks ${ms(f.sincePageStart)} after page start ` +
  `(wasm init ${ms(f.wasmInit)}, models fetched + checked + loaded ${ms(f.clientLoad)}, first frame ${ms(f.firstFrame)})`);
console.log(`tracked pipeline per frame (client.analyze_pixels, 512×512): median ${ms(result.pipeline.median)}, p90 ${ms(result.pipeline.p90)}\n`);
console.log("| model | tract wasm median | p90 | load | onnxruntime-web median | p90 | load | tract/ORT | max |Δ| |");
console.log("|---|---|---|---|---|---|---|---|---|");
let agree = true;
for (const [name, m] of Object.entries(result.models)) {
  console.log(`| ${name} | ${ms(m.tract.median)} | ${ms(m.tract.p90)} | ${ms(m.tract.load)} | ` +
    `${ms(m.ort.median)} | ${ms(m.ort.p90)} | ${ms(m.ort.load)} | ${(m.tract.median / m.ort.median).toFixed(2)} | ` +
    `${m.maxAbsDiff.toExponential(2)} |`);
  agree &&= m.maxAbsDiff <= MAX_ABS_DIFF;
}
await mkdir(join(ROOT, "target/bench"), { recursive: true });
await writeFile(join(ROOT, "target/bench/vision-browser.json"), JSON.stringify(result, null, 2));
if (!agree) {
  console.error(`tract and onnxruntime-web disagree by more than ${MAX_ABS_DIFF}`);
  process.exit(1);
}
