// The resident page: renders what the wasm client decides. All face analysis and all calls to
// the API happen in Rust (crates/client).
import init, { Client } from "/pkg/wangban_client.js";

const $ = (id) => document.getElementById(id);
const loading = init().then(() => Client.load("/models/"));

const FACE_TEXT = {
  one_face: "已检测到人脸",
  no_face: "未检测到人脸，请正对屏幕",
  multiple_faces: "只允许一人入镜",
};

async function frameLoop(client, video) {
  const status = $("face-status");
  for (;;) {
    const report = client.analyze(video);
    if (report) {
      const state = report.one_face ? "one_face" : report.face_count > 1 ? "multiple_faces" : "no_face";
      if (status.dataset.state !== state) {
        status.dataset.state = state;
        status.textContent = FACE_TEXT[state];
      }
      status.dataset.faceCount = String(report.face_count);
    }
    await new Promise((r) => requestAnimationFrame(r));
  }
}

$("apply-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("form-error").textContent = "";
  const client = await loading;
  let session;
  try {
    session = await client.create_session($("service").value, $("id-number").value.trim());
  } catch (e) {
    $("form-error").textContent = e?.error?.message_zh ?? String(e);
    $("form-error").dataset.code = e?.error?.code ?? "unknown";
    return;
  }
  $("verify").hidden = false;
  $("digits").replaceChildren(...session.digits.map((d) => {
    const span = document.createElement("span");
    span.textContent = String(d);
    return span;
  }));
  $("digits").dataset.sessionId = session.session_id;
  const video = $("camera");
  try {
    await client.open_camera(video);
  } catch (e) {
    $("face-status").dataset.state = "camera_" + (e?.problem ?? "unsupported");
    $("face-status").textContent = "无法打开摄像头";
    return;
  }
  frameLoop(client, video);
});
