// POST /api/v1/sessions against the real edge and core Workers in workerd.
import { test } from "node:test";
import assert from "node:assert/strict";
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
