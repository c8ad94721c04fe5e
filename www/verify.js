// Checks a certificate's signature with the issuer's published key and shows what it certifies.
import { applyLanguage, lang, t } from "/i18n.js";

const $ = (id) => document.getElementById(id);
const token = location.hash.slice(1) || new URLSearchParams(location.search).get("c") || "";
let result = null;

function render() {
  if (!result) return;
  const v = $("verdict");
  v.dataset.valid = String(result.valid === true);
  v.textContent = result.valid ? t("verify_valid") : t("verify_invalid");
  $("content").hidden = !result.valid;
  if (result.valid) {
    const c = result.certificate;
    $("title").textContent = lang() === "en" ? c.title_en : c.title_zh;
    $("statement").textContent = lang() === "en" ? c.statement_en : c.statement_zh;
    $("meta").textContent = `${c.certificate_id} · ${c.subject_name} ${c.subject_id} · ${c.issued_on} · ${c.issuer}`;
  }
}

applyLanguage(render);
fetch("/api/v1/certificates/verify", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token }) })
  .then((r) => r.json())
  .then((body) => { result = body.valid !== undefined ? body : { valid: false }; render(); });
