// `cargo xtask bench profile`: where the client's wasm spends its time in Chromium. Runs the
// bench page against a client build that keeps its function names (`pkg`, no wasm-opt) under
// the DevTools sampling profiler and prints each wasm function's share of the self time.
// Usage: node tests/bench/profile.mjs <pkg dir under the repository> [--iterations N] [--top N]
import { launch } from "../e2e/browser.mjs";
import { serveBench } from "./serve.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => Number(args[args.indexOf(name) + 1]) || fallback;
const iterations = option("--iterations", 300);
const top = option("--top", 25);

const server = await serveBench(args[0]);
const { context, page } = await launch();
let profile;
try {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
  await cdp.send("Profiler.start");
  await page.goto(`${server.origin}/bench/vision.html?iterations=${iterations}`);
  await page.waitForFunction(() => window.benchResult, null, { timeout: 600_000, polling: 500 });
  ({ profile } = await cdp.send("Profiler.stop"));
} finally {
  await context.close();
  server.close();
}

const sampled = new Map();
profile.samples.forEach((node, i) => sampled.set(node, (sampled.get(node) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const selfMs = new Map();
let total = 0;
for (const node of profile.nodes.filter((n) => n.callFrame.url.includes("/pkg/"))) {
  const ms = (sampled.get(node.id) ?? 0) / 1000;
  // Rust's mangled hash suffix differs between monomorphisations of one function.
  const name = node.callFrame.functionName.replace(/::h[0-9a-f]{16}$/, "");
  selfMs.set(name, (selfMs.get(name) ?? 0) + ms);
  total += ms;
}
console.log(`\n## Client wasm self time in Chromium (bench page, ${iterations} iterations: ${total.toFixed(0)} ms)\n`);
console.log("| share | ms | function |\n|---|---|---|");
for (const [name, ms] of [...selfMs].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`| ${((100 * ms) / total).toFixed(1)} % | ${ms.toFixed(0)} | \`${name.slice(0, 140)}\` |`);
}
