// The resident's and the officer's journeys in real Chromium against the real local runtime:
// a fake camera (fake-camera.js) reads the live challenge with a synthesized face and voice.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inflateSync } from "node:zlib";
import { join } from "node:path";
import { BASE, FIXTURES } from "../lib/env.mjs";
import { launch, screenshot } from "./browser.mjs";

const WANG_FANG = "330102199003071249"; // owns a flat in Wenzhou, registered in Hangzhou
const LI_QIANG = "330302198506121355"; // has a criminal record on file
const FAKE_CAMERA = new URL("./fake-camera.js", import.meta.url).pathname;

async function fakeCamera(page, face, mode) {
  await page.route("**/__fixtures/**", (route) => {
    const rel = new URL(route.request().url()).pathname.replace("/__fixtures/", "");
    return route.fulfill({ path: join(FIXTURES, "clips", rel) });
  });
  await page.addInitScript((cfg) => { window.__fakeCamera = cfg; }, { base: `/__fixtures/${face}/`, mode });
  await page.addInitScript({ path: FAKE_CAMERA });
}

async function apply(page, { service, id, name, shot }) {
  await page.goto(`${BASE}/#${service}`);
  await page.waitForSelector("#apply:not([hidden])");
  await page.fill("#id-number", id);
  await page.fill("#name", name);
  await page.fill("#reason", "网上办理");
  await page.check("#consent");
  if (shot) await screenshot(page, shot);
  await page.click("#start");
}

// Waits for the case page. A synthesized reading is refused now and then (the BPCER that
// `cargo xtask pad` measures); like a resident, the journey then tries again with a new
// challenge, at most twice, and says so. The refused submission's 422 is the answer the page
// expects, so it is taken off the page's `errors`; any other error still fails the journey.
async function reachCase(page, errors) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const outcome = await Promise.race([
      page.waitForURL(/\/case#[0-9a-f]{32}$/, { timeout: 90_000 }).then(() => "case", () => "timeout"),
      page.waitForSelector("#verify-problem:not([hidden])", { timeout: 90_000 }).then(() => "refused", () => "timeout"),
    ]);
    if (outcome === "case") return;
    assert.equal(outcome, "refused", "neither the case page nor a refusal within 90 s");
    const guidance = await page.getAttribute("#verify-problem", "data-guidance");
    assert.equal(guidance, "read_digits_as_shown", "only a misread digit is retried");
    console.log(`reading refused (${guidance}); trying again as a resident would`);
    const refused = errors.findIndex((e) => /status of 422/.test(e));
    if (refused >= 0) errors.splice(refused, 1);
    await page.click("#retry");
    await page.waitForSelector("#verify-problem", { state: "hidden", timeout: 10_000 }).catch(() => {});
  }
  assert.fail("three readings in a row refused: the BPCER has changed");
}

async function officerCookie(request) {
  const r = await request.post(`${BASE}/api/v1/review/login`, { data: { username: "officer01", password: "wangban-review-01" } });
  assert.equal(r.status(), 200);
  return r.headers()["set-cookie"].split(";")[0];
}

// The officers' console in a new page of `context`, signed in through its form.
async function signInOfficer(context) {
  const officer = await context.newPage();
  await officer.goto(`${BASE}/review/`);
  await officer.waitForSelector("#login:not([hidden])");
  await officer.fill("#username", "officer01");
  await officer.fill("#password", "wangban-review-01");
  await officer.click("#login-form button[type=submit]");
  return officer;
}

async function caseCount(request, cookie) {
  const r = await request.get(`${BASE}/api/v1/review/stats`, { headers: { cookie } });
  const body = await r.json();
  return body.by_status.reduce((n, s) => n + s.n, 0);
}

test("happy path: a household certificate is verified, issued at once, and verifies", async () => {
  const { context, page, errors } = await launch({ viewport: { width: 390, height: 844 } });
  try {
    await fakeCamera(page, "carphone", "read");
    await apply(page, { service: "household_registration_certificate", id: LI_QIANG, name: "李强", shot: "journey-apply-zh-390" });
    await page.waitForSelector("#prompt:not(:empty)", { timeout: 60_000 });
    await screenshot(page, "journey-reading-zh-390");
    await reachCase(page, errors);
    await page.waitForSelector('#status[data-status="issued"]', { timeout: 30_000 });
    assert.match(await page.textContent("#status"), /已办结/);
    const history = await page.$$eval("#history li", (l) => l.map((e) => e.textContent));
    assert.ok(history.some((h) => h.includes("已自动审批")), history.join(" | "));
    await page.waitForSelector("#cert-qr svg");
    assert.match(await page.textContent("#cert-statement"), /李强/);
    await screenshot(page, "journey-case-issued-zh-390");

    const verifyUrl = await page.getAttribute("#cert-verify", "href");
    await page.goto(verifyUrl);
    await page.waitForSelector('#verdict[data-valid="true"]');
    assert.match(await page.textContent("#statement"), /李强/);
    await screenshot(page, "journey-verify-valid-zh-390");
    assert.deepEqual(errors, []);

    // One changed character in the certificate: the signature no longer verifies.
    const token = verifyUrl.split("#")[1];
    const json = JSON.parse(Buffer.from(token, "base64url").toString());
    json.certificate.subject_name = "李四";
    await page.goto(`${BASE}/verify?c=${Buffer.from(JSON.stringify(json)).toString("base64url")}`);
    await page.waitForSelector('#verdict[data-valid="false"]');
    assert.equal(await page.isHidden("#content"), true);
    await screenshot(page, "journey-verify-tampered-zh-390");
  } finally {
    await context.close();
  }
});

// A record change approved by the data is held before it takes effect: the resident sees when,
// the officer sees it pending and can stop it, and the resident's page follows live.
test("held path: 购房落户 approved by the data waits; an officer stops it", async () => {
  const { context, page, errors } = await launch({ viewport: { width: 1280, height: 800 } });
  try {
    await fakeCamera(page, "astronaut", "read");
    // A reading the browser's own check judged otherwise than the server goes to an officer
    // (needs_review). On this machine's synthesized readings that was 6 of 11
    // (docs/evaluation.md); the journey then applies again, as the held path is what it is
    // about, at most four times, and says so.
    for (let attempt = 0; ; attempt++) {
      await apply(page, { service: "house_purchase_settlement", id: WANG_FANG, name: "王芳" });
      await reachCase(page, errors);
      await page.waitForSelector('#status[data-status]:not([data-status=""])', { timeout: 30_000 });
      const status = await page.getAttribute("#status", "data-status");
      const reasons = await page.textContent("#reasons").catch(() => "");
      if (status === "needs_review" && /本机核验结果/.test(reasons) && attempt < 4) {
        console.log("the browser's own verdict disagreed with the server's: needs review; applying again");
        continue;
      }
      assert.equal(status, "held", `status ${status}: ${reasons}`);
      break;
    }
    assert.match(await page.textContent("#held-until"), /生效/);
    assert.equal(await page.isHidden("#certificate-box"), true, "nothing issued during the hold");
    await screenshot(page, "journey-case-held-zh-1280");
    const caseId = page.url().split("#")[1];

    const officer = await signInOfficer(context);
    await officer.waitForSelector(`tr[data-case-id="${caseId}"][data-status="held"]`);
    await officer.click(`tr[data-case-id="${caseId}"] a`);
    await officer.waitForSelector("#decision-form:not([hidden])");
    assert.match(await officer.textContent("#held-note"), /生效/);
    await screenshot(officer, "journey-review-held-zh-1280");
    // The officer plays the reading the server received, the digit on screen overlaid.
    await officer.waitForSelector("#playback:not([hidden])");
    const first = await officer.getAttribute("#playback-frame", "src");
    await officer.click("#playback-play");
    await officer.waitForFunction(() => /^[0-9.]+ s · ([3-9]|\d\d+)\//.test(document.querySelector("#playback-time").textContent));
    assert.notEqual(await officer.getAttribute("#playback-frame", "src"), first, "the frames change");
    await officer.waitForFunction(() => document.querySelector("#playback-digit").dataset.digit !== "");
    await officer.$eval("#playback", (e) => e.scrollIntoView());
    await screenshot(officer, "journey-review-playback-zh-1280");
    await officer.fill("#decision-reason", "申请人来电称并未申请，叫停。");
    await officer.click("#reject");
    await officer.waitForSelector("#decision-result:not(:empty)");

    await page.waitForSelector('#status[data-status="rejected"]', { timeout: 30_000 });
    assert.equal(await page.isHidden("#held-until"), true);
    await screenshot(page, "journey-case-stopped-zh-1280");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("manual path: an officer approves and the resident's open page updates live", async () => {
  const { context, page, errors } = await launch({ viewport: { width: 1280, height: 800 } });
  try {
    await fakeCamera(page, "carphone", "read");
    await apply(page, { service: "no_criminal_record_certificate", id: LI_QIANG, name: "李强" });
    await reachCase(page, errors);
    await page.waitForSelector('#status[data-status="needs_review"]', { timeout: 30_000 });
    assert.ok((await page.textContent("#reasons")).includes("刑事记录"));
    await screenshot(page, "journey-case-review-zh-1280");
    const caseId = page.url().split("#")[1];

    const officer = await signInOfficer(context);
    await officer.waitForSelector(`tr[data-case-id="${caseId}"][data-status="needs_review"]`);
    await screenshot(officer, "journey-review-queue-zh-1280");
    await officer.click(`tr[data-case-id="${caseId}"] a`);
    await officer.waitForSelector("#decision-form:not([hidden])");
    assert.ok((await officer.textContent("#detail-facts")).includes("criminal_records"));
    // The server's own reading of every digit, and how the voice followed the mouth.
    const judged = await officer.$$eval("#digits tr", (rows) => rows.map((tr) => tr.dataset.judged));
    assert.ok(judged.length >= 4 && judged.length <= 6, `digits shown: ${judged}`);
    assert.ok(judged.every((j) => j === "shape" || j === "relative"), `digits judged: ${judged}`);
    assert.match(await officer.textContent("#digits-caption"), /相关系数 0\.\d\d/);
    await screenshot(officer, "journey-review-case-zh-1280");
    await officer.fill("#decision-reason", "记录已于2019年执行完毕，按规定出具证明。");
    await officer.click("#approve");
    await officer.waitForSelector("#decision-result:not(:empty)");

    // The resident's page, never reloaded, follows the officer's decision.
    const navigations = [];
    page.on("framenavigated", (f) => navigations.push(f.url()));
    await page.waitForSelector('#status[data-status="issued"]', { timeout: 30_000 });
    await page.waitForSelector("#cert-qr svg");
    assert.deepEqual(navigations, [], "updated without a reload");
    await screenshot(page, "journey-case-approved-zh-1280");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

// Refusals use identity numbers of their own: failed verifications count towards a lockout.
const STRANGERS = { still: "330302198001011011", other: "330302198001011038" };

async function refused(mode, guidance) {
  const { context, page } = await launch({ viewport: { width: 390, height: 844 } });
  try {
    const cookie = await officerCookie(context.request);
    const before = await caseCount(context.request, cookie);
    await fakeCamera(page, "astronaut", mode);
    await apply(page, { service: "house_purchase_settlement", id: STRANGERS[mode], name: "王芳" });
    await page.waitForSelector("#verify-problem:not([hidden])", { timeout: 90_000 });
    assert.equal(await page.getAttribute("#verify-problem", "data-guidance"), guidance);
    const text = await page.textContent("#verify-problem-text");
    assert.ok(text.length > 10 && !/\d\.\d|score|分数/.test(text), text);
    await screenshot(page, `journey-refused-${mode}-zh-390`);
    assert.equal(await caseCount(context.request, cookie), before, "nothing stored");
    return text;
  } finally {
    await context.close();
  }
}

test("a still photo is refused: read aloud", async () => {
  assert.match(await refused("still", "read_aloud"), /大声念/);
});

test("a clip reading other digits is refused: read the digits shown", async () => {
  assert.match(await refused("other", "read_digits_as_shown"), /数字/);
});

test("a denied camera explains itself and offers the counter", async () => {
  const { context, page } = await launch({ viewport: { width: 390, height: 844 }, permissions: false });
  try {
    await apply(page, { service: "house_purchase_settlement", id: WANG_FANG, name: "王芳" });
    await page.waitForSelector("#verify-problem:not([hidden])", { timeout: 60_000 });
    assert.match(await page.getAttribute("#face-status", "data-state"), /^camera_/);
    assert.match(await page.textContent("#verify-problem-text"), /摄像头/);
    assert.ok(await page.isVisible("#verify-problem a"), "a route to the counter");
    await screenshot(page, "journey-camera-denied-zh-390");
  } finally {
    await context.close();
  }
});

test("a resent submission gets its case back; its attestation reused for another application is refused", async () => {
  const { context, page, errors } = await launch({ viewport: { width: 1280, height: 800 } });
  try {
    const cookie = await officerCookie(context.request);
    let body = null;
    let contentType = null;
    await page.route("**/api/v1/cases", async (route) => {
      body = route.request().postDataBuffer();
      contentType = await route.request().headerValue("content-type");
      await route.continue();
    });
    await fakeCamera(page, "astronaut", "read");
    await apply(page, { service: "house_purchase_settlement", id: WANG_FANG, name: "王芳" });
    await reachCase(page, errors);
    const caseId = new URL(page.url()).hash.slice(1);
    const before = await caseCount(context.request, cookie);
    // The browser deflates the submission; the JSON inside is the same either way.
    assert.equal(contentType, "application/zlib");
    const json = inflateSync(body);
    assert.ok(body.length < json.length * 0.85, `deflated ${body.length} of ${json.length} bytes`);
    const post = (data, type = "application/json") => context.request.post(`${BASE}/api/v1/cases`, { data, headers: { "content-type": type } });
    // The browser lost the answer and sends the same request again: the same case.
    const resent = await post(body, "application/zlib");
    assert.equal(resent.status(), 200);
    assert.equal((await resent.json()).case_id, caseId);
    // The same attestation under another application: the browser signed the application too
    // (L1), so whoever holds the body but not the session key cannot reuse it.
    const other = JSON.parse(json.toString("utf8"));
    other.application.idempotency_key += "-other";
    const replay = await post(JSON.stringify(other));
    assert.equal(replay.status(), 401);
    const refusal = await replay.json();
    assert.equal(refusal.error.code, "bad_client_signature");
    assert.match(refusal.error.message_zh, /核验数据无效/);
    assert.equal(await caseCount(context.request, cookie), before);
  } finally {
    await context.close();
  }
});
