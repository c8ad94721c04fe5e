// The reviewing officers' console: sign in, queue, facts and evidence, approve or reject.
import { applyLanguage, lang } from "/i18n.js";

const R = {
  zh: { sign_in: "民警登录", username: "账号", password: "密码", queue: "案件列表", sign_out: "退出", case: "案件", service: "业务", applicant: "申请人", status: "状态",
    back: "返回列表", reasons: "需审核的原因", liveness: "人脸核验", facts: "使用的登记信息", decision_reason: "审核意见", approve: "批准", reject: "不予批准",
    title: "网办 · 审核台", position: "序号", digit: "数字", expected: "应有口型", observed: "所见口型", score: "得分", how: "判定",
    open: "张口", spread: "展唇", rounded: "圆唇", none: "未见动作", shape: "口型相符", relative: "与本次其他数字相比相符", mismatch: "不符",
    voice: (c) => `朗读的数字与口型逐一比对；声音与口型的相关系数 ${c}。`, no_voice: "朗读的数字与口型逐一比对（无声音）。", verified: "活体核验已通过（服务器根据收到的画面重新测量），人脸已与户籍照片比对。", playback: "核验录像（服务器收到的画面）", play: "播放", j_shape: "按口型判定通过", j_relative: "相对判定通过", j_mismatch: "不符", held: (at) => `数据已自动审批，变更将于 ${at} 生效；生效前可叫停（不予批准）或提前批准。`, deleted: "面部截图已按规定删除。", done: "已处理", bad_login: "账号或密码不正确。", statement_no_record: "出具“未发现有犯罪记录”（登记有犯罪记录：须在审核意见中说明理由，并记入审计日志）" },
  en: { sign_in: "Officer sign-in", username: "Account", password: "Password", queue: "Cases", sign_out: "Sign out", case: "Case", service: "Service", applicant: "Applicant", status: "Status",
    back: "Back to the list", reasons: "Why it needs review", liveness: "Face check", facts: "Registry facts used", decision_reason: "Decision note", approve: "Approve", reject: "Reject",
    title: "Wangban · Review console", position: "#", digit: "Digit", expected: "Expected shape", observed: "Seen", score: "Score", how: "Judged",
    open: "open", spread: "spread", rounded: "rounded", none: "no movement", shape: "shape matches", relative: "matches relative to the reading's other digits", mismatch: "mismatch",
    voice: (c) => `Each digit read was checked against the mouth; voice–mouth correlation ${c}.`, no_voice: "Each digit read was checked against the mouth (no voice).", verified: "Liveness passed (measured by the server on the frames it received); face compared with the registry photo.", playback: "The reading (the frames the server received)", play: "Play", j_shape: "passed by shape", j_relative: "passed relative to the others", j_mismatch: "mismatch", held: (at) => `Approved by the data; the change takes effect on ${at}. Until then it can be stopped (reject) or approved now.`, deleted: "Face crops deleted as required.", done: "Done", bad_login: "Wrong account or password.", statement_no_record: "State \"no criminal record found\" (records are on file: give the reason in the note; this is audited)" },
};
const r = (k) => R[lang()][k] ?? k;
const $ = (id) => document.getElementById(id);
let openCase = null;
let serviceNames = {};
fetch("/api/v1/services").then((r) => r.json()).then((b) => { serviceNames = Object.fromEntries(b.services.map((s) => [s.code, s])); });
const serviceName = (code) => (serviceNames[code] ? (lang() === "en" ? serviceNames[code].name_en : serviceNames[code].name_zh) : code);

function translate() {
  for (const el of document.querySelectorAll("[data-r]")) el.textContent = r(el.dataset.r);
  $("console-title").textContent = r("title");
}

async function api(path, init) {
  const resp = await fetch(`/api/v1/review/${path}`, { credentials: "same-origin", ...init, headers: { "content-type": "application/json", ...(init?.headers ?? {}) } });
  const body = await resp.json();
  if (resp.status === 401) { show("login"); throw body; }
  if (!resp.ok) throw body;
  return body;
}

function show(id) {
  for (const s of ["login", "queue-box", "detail"]) $(s).hidden = s !== id;
}

async function loadQueue() {
  const me = await api("me");
  $("who").textContent = me.username;
  const { cases } = await api("queue");
  $("queue").replaceChildren(...cases.map((c) => {
    const tr = document.createElement("tr");
    const link = document.createElement("a");
    link.href = `#${c.case_id}`;
    link.textContent = c.case_id.slice(0, 8);
    const cells = [link, lang() === "en" ? c.service_en : c.service_zh, c.applicant, c.status];
    for (const v of cells) { const td = document.createElement("td"); td.append(v); tr.append(td); }
    tr.dataset.status = c.status;
    tr.dataset.caseId = c.case_id;
    return tr;
  }));
  show("queue-box");
}

async function loadCase(id) {
  const stored = await api(`cases/${id}`);
  openCase = stored.case;
  $("detail-title").textContent = `${serviceName(openCase.service)} · ${openCase.applicant_name}`;
  $("detail-meta").textContent = `${openCase.case_id} · ${openCase.applicant_masked} · ${openCase.status}`;
  $("detail-reasons").replaceChildren(...openCase.findings.map((f) => { const li = document.createElement("li"); li.textContent = lang() === "en" ? f.en : f.zh; return li; }));
  $("detail-liveness").textContent = r("verified") + (stored.evidence_deleted ? ` ${r("deleted")}` : "");
  showDigits(stored.liveness);
  $("keyframes").replaceChildren(...stored.keyframes.map((k) => { const img = document.createElement("img"); img.src = `data:image/jpeg;base64,${k.jpeg}`; img.alt = `keyframe ${k.frame_t_ms} ms`; return img; }));
  showPlayback(stored.reading, stored.liveness);
  $("detail-facts").textContent = JSON.stringify(openCase.facts_used, null, 2);
  // A held case (approved by the data, not yet in effect) can still be stopped, or confirmed now.
  $("decision-form").hidden = !["needs_review", "held"].includes(openCase.status);
  $("held-note").hidden = openCase.status !== "held";
  // A no-criminal-record certificate states the records on file unless the officer explicitly
  // chooses otherwise (audited).
  const records = openCase.facts_used?.applicant?.criminal_records ?? [];
  $("statement-choice").hidden = !(openCase.service === "no_criminal_record_certificate" && records.length > 0);
  $("statement-no-record").checked = false;
  if (openCase.hold_until_ms) $("held-note").textContent = R[lang()].held(new Date(openCase.hold_until_ms).toLocaleString(lang() === "en" ? "en" : "zh-CN"));
  $("decision-result").textContent = "";
  show("detail");
}

// The recorded reading as the server received it: its frames as video at their own instants,
// with the digit on screen at each instant and the server's judgement of that digit.
let playing = null;
function showPlayback(reading, verdict) {
  clearTimeout(playing);
  $("playback").hidden = !reading || reading.frames.length === 0;
  if ($("playback").hidden) return;
  const frames = reading.frames;
  const judged = (i) => verdict?.digits?.[i]?.judged ?? "";
  const show = (k) => {
    const f = frames[k];
    $("playback-frame").src = `data:image/jpeg;base64,${f.jpeg}`;
    $("playback-frame").alt = `${f.t_ms} ms`;
    const i = reading.prompts.findIndex((p) => f.t_ms >= p.start_ms && f.t_ms < p.start_ms + p.duration_ms);
    $("playback-digit").textContent = i < 0 ? "–" : `${i + 1}: ${reading.prompts[i].digit} · ${r(`j_${judged(i)}`) ?? judged(i)}`;
    $("playback-digit").dataset.digit = i < 0 ? "" : String(reading.prompts[i].digit);
    $("playback-time").textContent = `${(f.t_ms / 1000).toFixed(2)} s · ${k + 1}/${frames.length}`;
  };
  show(0);
  $("playback-play").onclick = () => {
    clearTimeout(playing);
    let k = 0;
    const step = () => {
      show(k);
      if (k + 1 < frames.length) {
        const wait = frames[k + 1].t_ms - frames[k].t_ms;
        k += 1;
        playing = setTimeout(step, wait);
      }
    };
    step();
  };
}

// How the server read each digit: by its absolute shape score, or by its shape relative to the
// reading's other digits.
function showDigits(verdict) {
  $("digits-table").hidden = !verdict;
  if (!verdict) return;
  const thousandths = (v) => (v / 1000).toFixed(2);
  $("digits-caption").textContent = verdict.av_correlation == null ? r("no_voice") : R[lang()].voice(thousandths(verdict.av_correlation));
  $("digits").replaceChildren(...verdict.digits.map((d, i) => {
    const tr = document.createElement("tr");
    tr.dataset.judged = d.judged;
    const cells = [i + 1, d.digit, r(d.expected), r(d.observed ?? "none"), thousandths(d.score), r(d.judged)];
    for (const v of cells) { const td = document.createElement("td"); td.textContent = v; tr.append(td); }
    return tr;
  }));
}

$("login-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  $("login-error").textContent = "";
  const resp = await fetch("/api/v1/review/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: $("username").value, password: $("password").value }) });
  if (!resp.ok) {
    // Wrong credentials, or too many attempts (wait), or local sign-in off: the server says which.
    const body = await resp.json().catch(() => null);
    $("login-error").textContent = resp.status === 401 ? r("bad_login") : body?.error?.[lang() === "en" ? "message_en" : "message_zh"] ?? r("bad_login");
    return;
  }
  route();
});

$("decision-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const approve = e.submitter?.value === "approve";
  try {
    const decision = { approve, reason: $("decision-reason").value };
    if (approve && !$("statement-choice").hidden && $("statement-no-record").checked) decision.statement = "no_record_found";
    const c = await api(`cases/${openCase.case_id}/decision`, { method: "POST", body: JSON.stringify(decision) });
    $("decision-result").textContent = `${r("done")}: ${c.status}`;
    $("decision-form").hidden = true;
  } catch (err) {
    $("decision-result").textContent = err?.error?.[lang() === "en" ? "message_en" : "message_zh"] ?? String(err);
  }
});

$("logout").addEventListener("click", async () => { await api("logout", { method: "POST", body: "{}" }); show("login"); });
$("back").addEventListener("click", () => { location.hash = ""; });

async function route() {
  try {
    const id = location.hash.slice(1);
    if (id) await loadCase(id); else await loadQueue();
  } catch { /* 401 shows the login form */ }
}

window.addEventListener("hashchange", route);
applyLanguage(() => { translate(); route(); });
translate();
route();
