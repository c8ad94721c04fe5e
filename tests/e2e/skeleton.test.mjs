// The walking skeleton in a real browser, through Chromium's own fake camera device (a y4m
// file, not the scripted camera of the journeys): Rust/wasm reads the camera, runs BlazeFace and
// the face mesh with tract, and the page holds the challenge the edge got via the core Worker.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { BASE, FIXTURES, withCheckDigit } from "../lib/env.mjs";
import { launch, screenshot } from "./browser.mjs";

const ID = withCheckDigit("33030219900101123");
const FACE_STATES = ["ok", "hold_still", "move_closer", "move_back", "center_face", "face_the_screen", "natural_expression", "too_dark", "reading"];

async function startVerification(page) {
  await page.goto(`${BASE}/#no_criminal_record_certificate`);
  await page.waitForSelector("#apply:not([hidden])");
  await page.fill("#id-number", ID);
  await page.fill("#name", "测试");
  await page.fill("#reason", "skeleton");
  await page.check("#consent");
  await page.click("#start");
  await page.waitForSelector("#verify:not([hidden])", { timeout: 60_000 });
}

test("a real talking face is found and the challenge from the Worker is held", async () => {
  const { context, page, errors } = await launch({ video: join(FIXTURES, "carphone.y4m") });
  try {
    await startVerification(page);
    await page.waitForSelector("#pace li", { state: "attached", timeout: 60_000 });
    const dots = await page.$$eval("#pace li", (l) => l.length);
    assert.ok(dots >= 4 && dots <= 6, `one progress dot per challenge digit, got ${dots}`);
    await page.waitForFunction((states) => states.includes(document.getElementById("face-status").dataset.state), FACE_STATES, { timeout: 60_000 });
    await screenshot(page, "skeleton-carphone-face");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

/** The face states the page shows over `ms` of frames. */
function statesOver(page, ms) {
  return page.evaluate(async (ms) => {
    const states = new Set();
    const end = performance.now() + ms;
    while (performance.now() < end) {
      states.add(document.getElementById("face-status").dataset.state);
      await new Promise((r) => setTimeout(r, 50));
    }
    return [...states];
  }, ms);
}

test("a head turned away is asked to face the screen, and the reading does not start", async () => {
  const { context, page, errors } = await launch({ video: join(FIXTURES, "turned.y4m") });
  try {
    await startVerification(page);
    await page.waitForSelector('#face-status[data-state="face_the_screen"]', { timeout: 60_000 });
    assert.equal(await page.textContent("#face-status"), "请正对屏幕");
    assert.deepEqual(await statesOver(page, 3000), ["face_the_screen"]);
    assert.equal(await page.textContent("#prompt"), "", "no digit is shown");
    await screenshot(page, "skeleton-turned-face-the-screen");
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
    // Watch a few seconds of frames: the state must never turn into a face.
    assert.deepEqual(await statesOver(page, 3000), ["no_face"]);
    await screenshot(page, "skeleton-bars-no-face");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
