// The walking skeleton in a real browser: Rust/wasm reads the fake camera, runs BlazeFace and the
// face mesh with tract, and shows the digits the edge got from the core Worker.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { BASE, FIXTURES, withCheckDigit } from "../lib/env.mjs";
import { launch, screenshot } from "./browser.mjs";

const ID = withCheckDigit("33030219900101123");

async function startVerification(page) {
  await page.goto(BASE + "/");
  await page.fill("#id-number", ID);
  await page.click("#start");
  await page.waitForSelector("#digits span", { timeout: 60_000 });
}

test("a real talking face is found and the challenge digits are shown", async () => {
  const { context, page, errors } = await launch({ video: join(FIXTURES, "carphone.y4m") });
  try {
    await startVerification(page);
    const digits = await page.$$eval("#digits span", (s) => s.map((e) => e.textContent));
    assert.ok(digits.length >= 4 && digits.length <= 6, JSON.stringify(digits));
    assert.ok(digits.every((d) => /^[0-9]$/.test(d)));
    await page.waitForSelector('#face-status[data-state="one_face"]', { timeout: 60_000 });
    assert.equal(await page.getAttribute("#face-status", "data-face-count"), "1");
    await screenshot(page, "skeleton-carphone-face");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("colour bars are reported as no face, never as a face", async () => {
  const { context, page, errors } = await launch({ video: join(FIXTURES, "bars.y4m") });
  try {
    await startVerification(page);
    await page.waitForSelector('#face-status[data-state="no_face"]', { timeout: 60_000 });
    // Watch a few seconds of frames: the state must never flip to a face.
    const seen = await page.evaluate(async () => {
      const states = new Set();
      const end = performance.now() + 3000;
      while (performance.now() < end) {
        states.add(document.getElementById("face-status").dataset.state);
        await new Promise((r) => setTimeout(r, 50));
      }
      return [...states];
    });
    assert.deepEqual(seen, ["no_face"]);
    await screenshot(page, "skeleton-bars-no-face");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
