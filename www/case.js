// A case's progress, live: the page listens to the case object's WebSocket and re-reads the
// case on every change. The link (#case-id) survives reloads.
import init, { qr_svg } from "/pkg/wangban_client.js";
import { applyLanguage, lang, t } from "/i18n.js";

const $ = (id) => document.getElementById(id);
const caseId = location.hash.slice(1);
let current = null;
// No inline handlers: the pages' Content-Security-Policy allows scripts from files only.
$("print").addEventListener("click", () => print());

function decodeCertificate(token) {
  const b64 = token.replace(/-/g, "+").replace(/_/g, "/");
  const json = new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
  return JSON.parse(json).certificate;
}

async function render() {
  if (!current) return;
  const c = current;
  $("case-id").textContent = c.case_id;
  $("service-name").textContent = lang() === "en" ? c.service_en : c.service_zh;
  const s = $("status");
  s.dataset.status = c.status;
  s.textContent = t(`s_${c.status}`);
  const when = (ms) => new Date(ms).toLocaleString(lang() === "en" ? "en" : "zh-CN");
  $("held-until").hidden = !(c.status === "held" && c.hold_until_ms);
  if (c.hold_until_ms) $("held-until").textContent = t("held_until").replace("{at}", when(c.hold_until_ms));
  $("history").replaceChildren(...c.history.map((h) => {
    const li = document.createElement("li");
    li.textContent = `${t(`s_${h.status}`)} — ${new Date(h.at_ms).toLocaleString(lang() === "en" ? "en" : "zh-CN")}`;
    return li;
  }));
  $("reasons-box").hidden = c.reasons.length === 0;
  $("reasons").replaceChildren(...c.reasons.map((r) => {
    const li = document.createElement("li");
    li.textContent = lang() === "en" ? r.en : r.zh;
    return li;
  }));
  $("certificate-box").hidden = !c.certificate;
  if (c.certificate) {
    const cert = decodeCertificate(c.certificate);
    $("cert-title").textContent = lang() === "en" ? cert.title_en : cert.title_zh;
    $("cert-statement").textContent = lang() === "en" ? cert.statement_en : cert.statement_zh;
    $("cert-meta").textContent = `${cert.certificate_id} · ${cert.issued_on} · ${cert.issuer}`;
    const url = `${location.origin}/verify#${c.certificate}`;
    $("cert-verify").href = url;
    await init();
    $("cert-qr").innerHTML = qr_svg(url);
  }
}

async function refresh() {
  const r = await fetch(`/api/v1/cases/${caseId}`);
  if (r.ok) {
    current = await r.json();
    await render();
  } else {
    $("status").textContent = (await r.json()).error?.[lang() === "en" ? "message_en" : "message_zh"] ?? r.status;
  }
}

function listen() {
  const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/v1/cases/${caseId}/live`);
  ws.onmessage = () => refresh();
  ws.onclose = () => setTimeout(listen, 2000);
}

applyLanguage(render);
refresh().then(listen);
