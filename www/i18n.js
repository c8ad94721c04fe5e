// zh-CN first, English too. The choice is remembered on this device.
export const STRINGS = {
  zh: {
    app_title: "网办", lang_switch: "English", skip: "跳到主要内容",
    catalogue_title: "选择业务", search_label: "搜索业务", search_placeholder: "例如：落户、无犯罪记录",
    tab_all: "全部", tab_household: "户籍类", tab_certificate: "证明类",
    days: (n) => `人工办理时限 ${n} 个工作日`, auto_yes: "数据满足条件可即时办结", auto_no: "需民警审核",
    apply_button: "办理", back: "返回",
    apply_title: "填写申请", id_label: "身份证号码", id_hint: "18位，最后一位可能是X", id_invalid: "身份证号码校验不通过，请核对。",
    name_label: "姓名", reason_label: "申请理由", related_hint: "另一方的身份证号码",
    pilot_label: "（可选）我同意将本次核验数据用于试点评估", pilot_text: "本市正在试点。如您同意，本次提交的核验数据（与上述相同，无论是否通过）将另外保存最长90天，仅用于评估和改进核验的准确性，由工作人员标注，访问全程留痕。不同意不影响办理。",
    consent_label: "我同意进行刷脸核验", consent_text: "核验时会使用摄像头（和麦克风）拍摄您念数字的画面。提交时发送念数字期间的面部截图（每秒约12张）、每1.5秒一张小尺寸全景画面和声音的响度曲线（不是录音），由服务器重新核验，并与公安户籍照片比对。这些图像在案件办结后删除（最长保留30天），审计日志只保留比对所用截图的哈希值。不需要上传任何证件照片。",
    start: "开始刷脸核验", starting: "正在准备…",
    verify_title: "刷脸核验", camera_help: "请允许浏览器使用摄像头和麦克风。",
    camera_denied: "无法使用摄像头：浏览器拒绝了权限。请在地址栏的网站设置中允许摄像头，然后重试；或携带身份证到就近的户籍窗口办理。",
    camera_missing: "没有找到摄像头。请换用带摄像头的设备，或携带身份证到就近的户籍窗口办理。",
    camera_busy: "摄像头被其他程序占用。请关闭其他使用摄像头的程序后重试。",
    counter_link: "查看户籍窗口地址", retry: "重新核验",
    g_ok: "很好，请保持不动", g_no_face: "未检测到人脸，请正对屏幕", g_one_person_only: "只允许一人入镜", g_too_dark: "光线太暗，请到明亮处",
    g_move_closer: "请靠近一点", g_move_back: "请离远一点", g_center_face: "请把脸移到框内", g_face_the_screen: "请正对屏幕", g_hold_still: "请保持不动",
    g_natural_expression: "请保持自然表情，嘴巴轻轻闭上",
    get_ready: "准备，请看数字并大声念出来", read_now: "请大声念出这个数字", mic_note: "麦克风用于核对您念数字的声音与口型是否同步。",
    submitting: "正在核验，请稍候…",
    r_read_aloud: "没有看到您在念数字。请在数字出现时大声念出来。", r_read_digits_as_shown: "念的数字与屏幕上的不一致，或节奏没跟上。请在每个数字出现时立即念出它。",
    r_only_one_person: "画面中出现了其他人。请确保只有您一人入镜。", r_stay_in_frame: "核验过程中人脸离开了画面。请保持正对屏幕。",
    r_face_the_screen: "脸转得太偏，看不清口型。请正对屏幕重试。",
    r_more_light: "光线太暗，无法看清口型。请到明亮处重试。", r_keep_page_open: "画面中断了。请保持页面在前台，不要切换应用。",
    r_allow_microphone: "需要麦克风来核对声音。请允许使用麦克风后重试。", r_start_again: "核验数据无效或已过期，请重新开始。",
    r_go_to_counter: "人脸与户籍照片不一致。请携带身份证到户籍窗口办理。",
    refer_counter: "核验失败次数过多。请稍后再试，或携带身份证到就近的户籍窗口办理。",
    case_title: "办理进度", case_id: "案件编号", s_submitted: "已提交", s_verified: "核验中", s_auto_approved: "已自动审批", s_needs_review: "人工复核中",
    s_approved: "已审批", s_rejected: "未通过", s_issued: "已办结", s_held: "已审批，等待生效",
    held_until: "变更将于 {at} 生效。在此之前，民警可能与您联系核实；如非本人申请，请立即联系户籍窗口。", reasons: "原因", certificate: "电子证明", verify_link: "验证这份证明",
    live: "状态会自动更新，无需刷新。", print: "打印",
    verify_title2: "验证电子证明", verify_valid: "签名有效：此证明由本机关签发，内容未被改动。", verify_invalid: "签名无效：此证明被改动过，或并非本机关签发。",
  },
  en: {
    app_title: "Wangban", lang_switch: "中文", skip: "Skip to main content",
    catalogue_title: "Choose a service", search_label: "Search services", search_placeholder: "e.g. settlement, criminal record",
    tab_all: "All", tab_household: "Household registration", tab_certificate: "Certificates",
    days: (n) => `Up to ${n} working days if an officer decides`, auto_yes: "Can complete at once when the records allow", auto_no: "Decided by an officer",
    apply_button: "Apply", back: "Back",
    apply_title: "Your application", id_label: "Identity number", id_hint: "18 characters; the last may be X", id_invalid: "This identity number fails its check digit; please check it.",
    name_label: "Name", reason_label: "Reason", related_hint: "The other person's identity number",
    pilot_label: "(Optional) I agree to give this check's data to the pilot evaluation", pilot_text: "This city runs a pilot. If you agree, the data of this check (the same as above, whether it passes or not) is also kept for at most 90 days, only to measure and improve the check's accuracy; staff label it and every access is audited. Saying no changes nothing about your application.",
    consent_label: "I agree to the face check", consent_text: "The check films you reading digits with your camera (and microphone). When you submit, the face crops of the reading (about 12 a second), a small picture of the whole view every 1.5 s and the loudness of your voice (not a recording) are sent; the server checks them again and compares your face with the police registry photo. The pictures are deleted once the case is decided (kept at most 30 days); the audit log keeps only the hash of the crops used for the comparison. No document photos are needed.",
    start: "Start the face check", starting: "Preparing…",
    verify_title: "Face check", camera_help: "Please allow the browser to use the camera and microphone.",
    camera_denied: "The camera cannot be used: the browser denied permission. Allow the camera in the site settings (address bar) and retry, or bring your identity card to a registration counter.",
    camera_missing: "No camera was found. Use a device with a camera, or bring your identity card to a registration counter.",
    camera_busy: "Another program is using the camera. Close it and retry.",
    counter_link: "Find a registration counter", retry: "Try again",
    g_ok: "Good, hold still", g_no_face: "No face found: face the screen", g_one_person_only: "Only one person in view, please", g_too_dark: "Too dark: move to a brighter place",
    g_move_closer: "Come a little closer", g_move_back: "Move back a little", g_center_face: "Move your face into the frame", g_face_the_screen: "Face the screen", g_hold_still: "Hold still",
    g_natural_expression: "Relax your face, lips gently closed",
    get_ready: "Get ready: read each digit aloud", read_now: "Read this digit aloud", mic_note: "The microphone checks that your voice matches your lips.",
    submitting: "Checking, please wait…",
    r_read_aloud: "We could not see you reading. Read each digit aloud as it appears.", r_read_digits_as_shown: "The digits read did not match the screen, or came late. Read each digit as soon as it appears.",
    r_only_one_person: "Someone else was in view. Make sure you are alone in the picture.", r_stay_in_frame: "Your face left the picture. Keep facing the screen.",
    r_face_the_screen: "Your face was turned too far to see your lips. Face the screen and retry.",
    r_more_light: "Too dark to see your lips. Move somewhere brighter and retry.", r_keep_page_open: "The video was interrupted. Keep this page in front.",
    r_allow_microphone: "The microphone is needed to check your voice. Allow it and retry.", r_start_again: "The check expired or was not valid. Please start again.",
    r_go_to_counter: "The face does not match the registry photo. Please go to a registration counter with your identity card.",
    refer_counter: "Too many failed attempts. Try again later, or go to a registration counter with your identity card.",
    case_title: "Case progress", case_id: "Case number", s_submitted: "Submitted", s_verified: "Being verified", s_auto_approved: "Approved automatically", s_needs_review: "Under officer review",
    s_approved: "Approved", s_rejected: "Not approved", s_issued: "Completed", s_held: "Approved, not yet in effect",
    held_until: "The change takes effect on {at}. Until then an officer may contact you to confirm it; if you did not apply, contact a registration counter at once.", reasons: "Reasons", certificate: "E-certificate", verify_link: "Verify this certificate",
    live: "This page updates by itself; no need to reload.", print: "Print",
    verify_title2: "Verify an e-certificate", verify_valid: "Valid signature: issued by this authority and unaltered.", verify_invalid: "Invalid signature: the certificate was altered or not issued by this authority.",
  },
};

export function lang() {
  return localStorage.getItem("wangban.lang") === "en" ? "en" : "zh";
}

export function t(key, ...args) {
  const v = STRINGS[lang()][key] ?? STRINGS.zh[key] ?? key;
  return typeof v === "function" ? v(...args) : v;
}

/** Fills every [data-i18n] element (and [data-i18n-placeholder]) and wires the switch button. */
export function applyLanguage(onChange) {
  const l = lang();
  document.documentElement.lang = l === "en" ? "en" : "zh-CN";
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  const sw = document.getElementById("lang-switch");
  if (sw && !sw.dataset.wired) {
    sw.dataset.wired = "1";
    sw.addEventListener("click", () => {
      localStorage.setItem("wangban.lang", lang() === "en" ? "zh" : "en");
      applyLanguage(onChange);
      onChange?.();
    });
  }
}
