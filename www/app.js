// The resident app: catalogue, application, face check. It renders and schedules; the wasm
// client (crates/client) makes every decision about frames, challenges and evidence.
import init, { Client } from "/pkg/wangban_client.js";
import { applyLanguage, lang, t } from "/i18n.js";
import { recordLoudness } from "/audio.js";

const $ = (id) => document.getElementById(id);
// Models and wasm load in the background while the form is filled (and are cached after).
const loading = init().then(() => Client.load("/models/"));
loading.catch((e) => console.error("client failed to load", e));

const LEAD_IN_MS = 1500;
const TAIL_MS = 700;

let services = [];
let selected = null;
let category = "";

function name(s) { return lang() === "en" ? s.name_en : s.name_zh; }

function renderCatalogue() {
  const q = $("search").value.trim().toLowerCase();
  const list = services.filter((s) => (!category || s.category === category)
    && (!q || s.name_zh.includes(q) || s.name_en.toLowerCase().includes(q) || s.code.includes(q)));
  $("services").replaceChildren(...list.map((s) => {
    const li = document.createElement("li");
    li.className = "service";
    const h = document.createElement("h3");
    h.textContent = name(s);
    const p = document.createElement("p");
    p.className = "muted small";
    p.textContent = `${s.auto ? t("auto_yes") : t("auto_no")} · ${t("days", s.days)}`;
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = t("apply_button");
    b.setAttribute("aria-label", `${t("apply_button")} ${name(s)}`);
    b.dataset.service = s.code;
    b.addEventListener("click", () => openApplication(s));
    li.append(h, p, b);
    return li;
  }));
}

function show(section) {
  for (const id of ["catalogue", "apply", "verify"]) $(id).hidden = id !== section;
  $("main").focus();
}

function openApplication(s) {
  selected = s;
  $("apply-service").textContent = name(s);
  $("apply-needs").textContent = lang() === "en" ? s.needs_en : s.needs_zh;
  $("related-row").hidden = !s.related;
  $("related").required = !!s.related;
  if (s.related) $("related-label").textContent = lang() === "en" ? s.related.label_en : s.related.label_zh;
  history.replaceState(null, "", `#${s.code}`);
  show("apply");
  $("id-number").focus();
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function validId(v) {
  if (!/^\d{17}[\dX]$/.test(v)) return false;
  const sum = [...v.slice(0, 17)].reduce((a, c, i) => a + Number(c) * WEIGHTS[i], 0);
  return "10X98765432"[sum % 11] === v[17];
}

$("id-number").addEventListener("input", () => {
  const v = $("id-number").value.trim().toUpperCase();
  const bad = v.length === 18 && !validId(v);
  $("id-error").textContent = bad ? t("id_invalid") : "";
  $("id-number").setAttribute("aria-invalid", bad ? "true" : "false");
});

function say(state, text) {
  const s = $("face-status");
  s.dataset.state = state;
  if (s.textContent !== text) s.textContent = text;
}

function problem(text) {
  $("verify-problem-text").textContent = text;
  $("verify-problem").hidden = false;
  $("retry").focus();
}

function refusalText(e) {
  if (e?.outcome === "refer" || e?.error?.code === "too_many_attempts") return t("refer_counter");
  if (e?.guidance) return t(`r_${e.guidance}`);
  return (lang() === "en" ? e?.error?.message_en : e?.error?.message_zh) ?? String(e);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const frame = () => new Promise((r) => requestAnimationFrame(r));

/** Guidance until one face is framed and steady, then lead-in, digits, and submission. */
async function verify(client, session, video, stream) {
  $("pace").replaceChildren(...session.prompts.map(() => document.createElement("li")));
  while (true) {
    const r = client.analyze(video);
    if (r) {
      say(r.guidance, t(`g_${r.guidance}`));
      if (r.ready) break;
    }
    await frame();
  }
  const loudness = recordLoudness(stream);
  client.begin_lead_in(LEAD_IN_MS);
  const t0 = performance.now() + LEAD_IN_MS;
  document.dispatchEvent(new CustomEvent("wangban:lead-in", { detail: { t0 } }));
  $("prompt").textContent = "";
  say("reading", t("get_ready"));
  const total = session.prompts.at(-1).start_ms + session.prompts.at(-1).duration_ms;
  let shown = -1;
  while (performance.now() < t0 + total + TAIL_MS) {
    client.analyze(video);
    const now = performance.now() - t0;
    const i = session.prompts.findIndex((p) => now >= p.start_ms && now < p.start_ms + p.duration_ms);
    if (i !== shown) {
      shown = i;
      $("prompt").textContent = i >= 0 ? String(session.prompts[i].digit) : "";
      for (const [k, li] of [...$("pace").children].entries()) li.className = k < i ? "done" : k === i ? "now" : "";
      if (i >= 0) {
        say("reading", t("read_now"));
        document.dispatchEvent(new CustomEvent("wangban:prompt", { detail: { index: i, digit: session.prompts[i].digit } }));
      }
    }
    await frame();
  }
  $("prompt").textContent = "";
  say("submitting", t("submitting"));
  const audio = loudness ? loudness.take() : [];
  const key = crypto.randomUUID();
  const related = selected.related ? $("related").value.trim().toUpperCase() : undefined;
  const pilot = !$("pilot-row").hidden && $("pilot-consent").checked;
  return client.submit($("name").value.trim(), $("reason").value.trim(), related, key, pilot, new Float64Array(audio));
}

$("apply-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("form-error").textContent = "";
  const id = $("id-number").value.trim().toUpperCase();
  if (!validId(id)) { $("id-error").textContent = t("id_invalid"); $("id-number").focus(); return; }
  if (!$("name").value.trim() || !$("reason").value.trim() || !$("consent").checked || (selected.related && !validId($("related").value.trim().toUpperCase()))) {
    $("form-error").textContent = lang() === "en" ? "Please fill in every field and agree to the face check." : "请填写所有项目并同意刷脸核验。";
    return;
  }
  $("start").disabled = true;
  $("start").textContent = t("starting");
  try {
    const client = await loading;
    let session;
    try {
      session = await client.create_session(selected.code, id);
    } catch (e) {
      $("form-error").textContent = refusalText(e);
      $("form-error").dataset.code = e?.error?.code ?? "error";
      return;
    }
    show("verify");
    $("verify-problem").hidden = true;
    const video = $("camera");
    let stream;
    try {
      stream = await client.open_camera(video, true);
    } catch (e) {
      const p = e?.problem ?? "unsupported";
      say(`camera_${p}`, "");
      problem(t(p === "denied" ? "camera_denied" : p === "not_found" ? "camera_missing" : "camera_busy"));
      return;
    }
    try {
      const accepted = await verify(client, session, video, stream);
      location.href = `/case#${accepted.case_id}`;
    } catch (e) {
      say("refused", "");
      $("verify-problem").dataset.code = e?.error?.code ?? "error";
      $("verify-problem").dataset.guidance = e?.guidance ?? "";
      problem(refusalText(e));
    } finally {
      stream.getTracks().forEach((tr) => tr.stop());
    }
  } finally {
    $("start").disabled = false;
    $("start").textContent = t("start");
  }
});

$("retry").addEventListener("click", () => { show("apply"); $("apply-form").requestSubmit(); });
$("back-to-catalogue").addEventListener("click", () => { history.replaceState(null, "", "/"); show("catalogue"); });
$("search").addEventListener("input", renderCatalogue);
for (const b of document.querySelectorAll(".tabs button")) {
  b.addEventListener("click", () => {
    category = b.dataset.category;
    for (const o of document.querySelectorAll(".tabs button")) o.setAttribute("aria-pressed", String(o === b));
    renderCatalogue();
  });
}

applyLanguage(() => { renderCatalogue(); if (selected) { $("apply-service").textContent = name(selected); } });
/** A service link (`/#code`) opens its application, on load and when the hash changes. */
function followHash() {
  const wanted = services.find((s) => `#${s.code}` === location.hash);
  if (wanted && wanted !== selected) openApplication(wanted);
}
window.addEventListener("hashchange", followHash);
fetch("/api/v1/services").then((r) => r.json()).then((body) => {
  services = body.services;
  // A pilot evaluation runs here: offer (never require) giving the reading to it.
  $("pilot-row").hidden = !body.pilot;
  renderCatalogue();
  followHash();
});
