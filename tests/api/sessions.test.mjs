// POST /api/v1/sessions against the real edge and core Workers in workerd.
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { BASE, postJson, withCheckDigit } from "../lib/env.mjs";

const KEY = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
const ID = withCheckDigit("33030219900101123");

function assertError(r, status, code) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.json?.error?.code, code, r.text);
  assert.ok(r.json.error.message_zh.length > 0 && r.json.error.message_en.length > 0, r.text);
}

test("a valid application gets a digit challenge through the core Worker", async () => {
  const r = await postJson("/api/v1/sessions", { service: "house_purchase_settlement", id_number: ID, client_public_key: KEY });
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.session_id, /^[0-9a-f]{32}$/);
  assert.equal(r.json.service.name_zh, "购房落户", "service name comes from the core's catalogue");
  const digits = r.json.digits;
  assert.ok(digits.length >= 4 && digits.length <= 6, JSON.stringify(digits));
  assert.deepEqual(r.json.prompts.map((p) => p.digit), digits);
  assert.ok(r.json.expires_at_ms > Date.now() && r.json.expires_at_ms <= Date.now() + 3 * 60 * 1000 + 5000);
  assert.equal(r.headers.get("cache-control"), "no-store");
});

test("two sessions get different challenges", async () => {
  const body = { service: "house_purchase_settlement", id_number: ID, client_public_key: KEY };
  const [a, b] = await Promise.all([postJson("/api/v1/sessions", body), postJson("/api/v1/sessions", body)]);
  assert.notEqual(a.json.session_id, b.json.session_id);
});

test("an invalid identity number is refused by the core with a typed error", async () => {
  const r = await postJson("/api/v1/sessions", { service: "house_purchase_settlement", id_number: "330302199001011230", client_public_key: KEY });
  assertError(r, 422, "invalid_id_number");
});

test("an unknown service is refused", async () => {
  const r = await postJson("/api/v1/sessions", { service: "free_money", id_number: ID, client_public_key: KEY });
  assertError(r, 404, "unknown_service");
});

test("malformed JSON and unknown fields are 400", async () => {
  assertError(await postJson("/api/v1/sessions", "{not json"), 400, "malformed_request");
  assertError(await postJson("/api/v1/sessions", { service: "x" }), 400, "malformed_request");
  assertError(await postJson("/api/v1/sessions", { service: "house_purchase_settlement", id_number: ID, client_public_key: KEY, admin: true }), 400, "malformed_request");
});

test("an oversized body is 413", async () => {
  const r = await postJson("/api/v1/sessions", { service: "x".repeat(10000), id_number: ID, client_public_key: KEY });
  assertError(r, 413, "payload_too_large");
});

test("wrong method and unknown API routes are typed errors", async () => {
  const get = await fetch(BASE + "/api/v1/sessions");
  assert.equal(get.status, 405);
  assert.equal((await get.json()).error.code, "method_not_allowed");
  const missing = await fetch(BASE + "/api/v1/nothing");
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).error.code, "not_found");
});

test("the core Worker's internal routes are not reachable from outside", async () => {
  const r = await postJson("/internal/v1/precheck", { service: "house_purchase_settlement", id_number: ID });
  assert.equal(r.status, 404);
  assert.ok(!r.text.includes("购房落户"));
});

test("the edge serves the resident app and the client wasm", async () => {
  const page = await fetch(BASE + "/");
  assert.equal(page.status, 200);
  assert.match(await page.text(), /网办/);
  const wasm = await fetch(BASE + "/pkg/wangban_client_bg.wasm");
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers.get("content-type"), "application/wasm");
  const manifest = await (await fetch(BASE + "/models/manifest.json")).json();
  assert.deepEqual(manifest.models.map((m) => m.name), ["detector", "mesh", "embedder", "antispoof"]);
});

// M5: every page and file carries the security headers (www/_headers), the API's answers too;
// the journeys (tests/e2e) run under this policy and fail on any violation it reports.
test("pages, files and API answers carry the security headers", async () => {
  for (const path of ["/", "/case.html", "/verify.html", "/review/", "/app.js", "/pkg/wangban_client_bg.wasm"]) {
    const r = await fetch(BASE + path);
    assert.equal(r.status, 200, path);
    const csp = r.headers.get("content-security-policy") ?? "";
    assert.match(csp, /frame-ancestors 'none'/, `${path}: ${csp}`);
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/, `${path}: no inline scripts`);
    assert.doesNotMatch(csp, /unsafe-inline/, path);
    assert.equal(r.headers.get("x-content-type-options"), "nosniff", path);
    assert.equal(r.headers.get("referrer-policy"), "no-referrer", path);
    assert.match(r.headers.get("permissions-policy") ?? "", /camera=\(self\), microphone=\(self\)/, path);
    assert.match(r.headers.get("strict-transport-security") ?? "", /max-age=\d{7,}/, path);
  }
  for (const [method, path] of [["GET", "/api/v1/services"], ["GET", "/api/v1/nothing"], ["GET", "/api/v1/review/queue"]]) {
    const r = await fetch(BASE + path, { method });
    assert.equal(r.headers.get("x-content-type-options"), "nosniff", path);
    assert.match(r.headers.get("content-security-policy") ?? "", /default-src 'none'; frame-ancestors 'none'/, path);
  }
});

// M8: a body that declares no length (chunked) is refused once it passes the route's limit,
// never held whole (what follows the limit is read and dropped: worker/shared/src/http.rs).
test("a chunked body over the limit is 413", async () => {
  const chunked = (path, bytes) => new Promise((resolve, reject) => {
    const req = http.request(BASE + path, { method: "POST", agent: false, headers: { "content-type": "application/json" } });
    req.on("response", (res) => {
      let text = "";
      res.on("data", (d) => { text += d; });
      res.on("end", () => resolve({ status: res.statusCode, text }));
    });
    req.on("error", reject);
    // Written in 16 KiB chunks without a length: Transfer-Encoding: chunked.
    for (let sent = 0; sent < bytes; sent += 16 * 1024) req.write(Buffer.alloc(16 * 1024, 0x20));
    req.end();
  });
  for (const [path, bytes] of [["/api/v1/cases", 5 * 1024 * 1024], ["/api/v1/review/login", 96 * 1024]]) {
    const r = await chunked(path, bytes);
    assert.equal(r.status, 413, `${path}: ${r.text}`);
    assert.equal(JSON.parse(r.text).error.code, "payload_too_large", path);
  }
  assert.equal((await fetch(BASE + "/api/v1/services")).status, 200, "still serving");
});

// L6: the live view of a case nobody was given is a 404, not a Durable Object woken for it
// and a socket held open.
test("the live view of an unknown case is 404", async () => {
  const r = await fetch(BASE + "/api/v1/cases/0123456789abcdef0123456789abcdef/live");
  assert.equal(r.status, 404);
  assert.equal((await r.json()).error.code, "case_not_found");
  // A WebSocket handshake, as the case page opens it: answered 404, never upgraded.
  const status = await new Promise((resolve, reject) => {
    const req = http.get(BASE + "/api/v1/cases/0123456789abcdef0123456789abcdef/live", {
      headers: { connection: "Upgrade", upgrade: "websocket", "sec-websocket-version": "13", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==" },
    });
    req.on("upgrade", (_res, socket) => { socket.destroy(); resolve(101); });
    req.on("response", (res) => { res.resume(); resolve(res.statusCode); });
    req.on("error", reject);
  });
  assert.equal(status, 404, "no socket for an unknown case");
});
