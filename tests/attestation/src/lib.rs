//! Talking to the running Workers (`WANGBAN_URL`, started by `cargo xtask test`) the way the
//! browser does: sessions, attestations built with the client's own [`Recorder`] on readings
//! rendered by the lab's synthesizer, and submissions.

use std::sync::Mutex;

use serde_json::Value;

use wangban_attest::api::{Application, SessionCreated, SubmitCase};
use wangban_attest::digest::sha256_hex;
use wangban_attest::{Attestation, SecretKey, SignedChallenge};
use wangban_lab::faces::identities;
use wangban_lab::reading::{frame_times, speak, voice_track};
use wangban_lab::speech::Voice;
use wangban_lab::synth::{HeadPose, MouthPose, TalkingFace};
use wangban_liveness::ChallengePlan;
use wangban_verify::Recorder;
use wangban_verify::media::RustJpeg;
use wangban_vision::{FrameRef, Tracker, Vision};

pub fn base() -> String {
    std::env::var("WANGBAN_URL").unwrap_or_else(|_| "http://127.0.0.1:8787".into())
}

/// An HTTP answer: status, headers we look at, JSON body (Null if not JSON).
pub struct Answer {
    pub status: u16,
    pub retry_after: Option<String>,
    pub set_cookie: Option<String>,
    pub body: Value,
}

impl Answer {
    pub fn code(&self) -> &str {
        self.body.pointer("/error/code").and_then(Value::as_str).unwrap_or("")
    }
}

/// An HTTP answer as the tests read it, whatever its status.
pub fn answer(r: Result<ureq::Response, ureq::Error>) -> Result<Answer, String> {
    let resp = match r {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => return Err(format!("request failed: {e}")),
    };
    let status = resp.status();
    let retry_after = resp.header("retry-after").map(String::from);
    let set_cookie = resp.header("set-cookie").map(String::from);
    let text = resp.into_string().unwrap_or_default();
    Ok(Answer { status, retry_after, set_cookie, body: serde_json::from_str(&text).unwrap_or(Value::Null) })
}

/// POSTs a raw body, as coming from client address `ip`, with an optional cookie; `Err` when
/// no HTTP answer came back (the runtime is down).
pub fn try_post(path: &str, body: &str, ip: &str, cookie: Option<&str>) -> Result<Answer, String> {
    let mut req =
        ureq::post(&format!("{}{path}", base())).set("content-type", "application/json").set("cf-connecting-ip", ip);
    if let Some(c) = cookie {
        req = req.set("cookie", c);
    }
    answer(req.send_string(body))
}

/// [`try_post`] to a runtime that must be up.
pub fn post(path: &str, body: &str, ip: &str, cookie: Option<&str>) -> Answer {
    try_post(path, body, ip, cookie).unwrap_or_else(|e| panic!("{e}"))
}

pub fn get(path: &str, cookie: Option<&str>) -> Answer {
    let mut req = ureq::get(&format!("{}{path}", base()));
    if let Some(c) = cookie {
        req = req.set("cookie", c);
    }
    answer(req.call()).unwrap_or_else(|e| panic!("{e}"))
}

pub fn manifest_sha256() -> String {
    let resp = ureq::get(&format!("{}/models/manifest.json", base())).call().expect("manifest is served");
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut resp.into_reader(), &mut bytes).expect("manifest body");
    sha256_hex(&bytes)
}

/// The edge's challenge-signing key from `.dev.vars` (what an attacker does not have; the tests
/// use it only to forge an expired challenge).
pub fn dev_signing_key() -> SecretKey {
    let vars = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../.dev.vars"))
        .expect(".dev.vars written by cargo xtask");
    let hex = vars.lines().find_map(|l| l.strip_prefix("CHALLENGE_SIGNING_KEY=")).expect("signing key in .dev.vars");
    let seed: [u8; 32] = wangban_attest::hex::decode(hex.trim()).and_then(|b| b.try_into().ok()).expect("32-byte key");
    SecretKey::from_seed(&seed)
}

/// A fresh session for `id_number`, with its own client key.
pub fn session(service: &str, id_number: &str, key_seed: u8) -> (SecretKey, Answer) {
    let key = SecretKey::from_seed(&[key_seed; 32]);
    let body =
        serde_json::json!({ "service": service, "id_number": id_number, "client_public_key": key.public().to_hex() });
    (key, post("/api/v1/sessions", &body.to_string(), "10.0.0.1", None))
}

/// What the face in front of the camera does.
pub enum Performance {
    /// Reads the challenge's digits on its schedule.
    ReadsTheChallenge,
    /// Reads the digits of another challenge (a replayed recording).
    ReadsOtherDigits,
    /// A still photo; someone reads the digits aloud.
    StillPhoto,
}

/// The models and the voice, loaded once for the whole test binary.
pub struct Lab {
    vision: Vision,
    voice: Voice,
    faces: Vec<(&'static str, TalkingFace)>,
}

static LAB: Mutex<Option<Lab>> = Mutex::new(None);

/// Renders `who` performing for `challenge` at 15 fps and records it exactly as the browser
/// client does, then signs it with `key`.
pub fn attest(
    challenge: &SignedChallenge,
    who: &str,
    performance: Performance,
    key: &SecretKey,
    manifest: &str,
) -> Attestation {
    let mut guard = LAB.lock().unwrap_or_else(|e| e.into_inner());
    let lab = guard.get_or_insert_with(|| {
        let mut vision = wangban_lab::pipeline::vision();
        let faces = identities()
            .into_iter()
            .filter_map(|i| TalkingFace::new(i.still, &mut vision).map(|f| (i.name, f)))
            .collect();
        Lab { vision, voice: Voice::default(), faces }
    });
    let plan = challenge.challenge.plan().expect("valid seed");
    let spoken_plan = match performance {
        Performance::ReadsOtherDigits => ChallengePlan::from_seed(&[0x5a; 32]),
        _ => plan.clone(),
    };
    let spoken = speak(&spoken_plan, 300, &mut lab.voice).expect("espeak-ng");
    let face = &lab.faces.iter().find(|(n, _)| *n == who).expect("known face").1;
    let mut recorder = Recorder::new(challenge.clone()).expect("challenge decodes");
    let mut tracker = Tracker::default();
    for t in frame_times(&plan, 15) {
        let img = match performance {
            Performance::StillPhoto => face.render(MouthPose::default(), HeadPose::STILL, t as u64),
            _ => face.render(wangban_lab::reading::mouth_at(&spoken, t), HeadPose::sway(t, 0.4), t as u64),
        };
        let frame = FrameRef::packed(img.width, img.height, &img.rgba).expect("rendered frame");
        let analysis = tracker.process(&mut lab.vision, &frame).expect("vision");
        recorder.record(&mut lab.vision, &mut RustJpeg, &frame, &analysis, t).expect("record");
    }
    let audio = voice_track(&spoken_plan, &spoken).envelope(20);
    // Signed for a placeholder: [`submission`] signs it again for the application it carries.
    let unbound = application(&challenge.challenge.service, "", "");
    recorder.finish(&unbound, Some(audio), manifest, "api-test", key).expect("sign")
}

/// Whether the edge's judgment of `a`'s liveness — the same code the Worker runs, natively —
/// accepts it. A synthesized reading is refused now and then (the BPCER, measured by
/// `cargo xtask pad`); tests whose subject is something else try again with a new challenge,
/// as a resident would, instead of failing at random.
pub fn edge_would_accept(a: &Attestation) -> bool {
    let mut guard = LAB.lock().unwrap_or_else(|e| e.into_inner());
    let Some(lab) = guard.as_mut() else { return true };
    let Ok(derived) = wangban_verify::judge::rederive(&mut lab.vision, a, 0) else { return false };
    let challenge = &a.signed.challenge.challenge;
    let Ok(plan) = challenge.plan() else { return false };
    wangban_verify::judge::compare(&a.signed.evidence.frames, &derived.frames).is_ok()
        && wangban_liveness::assess(&plan, &derived.frames, a.signed.evidence.audio.as_ref(), challenge.policy()).passed
}

/// A fresh session for `id_number` and a bona fide reading by the astronaut (王芳's registry
/// photo) that the edge's judgment accepts when run natively: a new session while it would not
/// (the BPCER is `cargo xtask pad`'s subject; tests and load runs whose subject is something
/// else try again, as a resident would, instead of failing at random).
pub fn accepted_reading(service: &str, id_number: &str, seed: u8, manifest: &str) -> (Attestation, SecretKey) {
    for attempt in 0..4u8 {
        let (key, created) = session(service, id_number, seed.wrapping_add(attempt.wrapping_mul(101)));
        assert_eq!(created.status, 201, "session: {}", created.body);
        let a = attest(&challenge_of(&created), "astronaut", Performance::ReadsTheChallenge, &key, manifest);
        if edge_would_accept(&a) {
            return (a, key);
        }
    }
    panic!("four synthesized readings in a row refused: the BPCER has changed");
}

/// The application the tests submit.
pub fn application(service: &str, id_number: &str, idempotency_key: &str) -> Application {
    Application {
        service: service.into(),
        id_number: id_number.into(),
        name: "测试".into(),
        reason: "API test".into(),
        related_id_number: None,
        idempotency_key: idempotency_key.into(),
        pilot_consent: false,
    }
}

/// `a` signed with `key` for `application`, as the client signs it.
pub fn signed_for(a: Attestation, application: &Application, key: &SecretKey) -> Attestation {
    let mut signed = a.signed;
    signed.application = application.digest().expect("digest");
    Attestation::sign(signed, a.media, key).expect("sign")
}

/// A reading exported by the pilot, judged by the lab with the flow the edge runs and this
/// deployment's challenge key (`dev`), as `wangban-lab readings` judges a pilot's export.
pub fn judge_exported(name: &str, reading: &wangban_lab::readings::Exported) -> wangban_lab::pad::Judged {
    let keyring = wangban_attest::Keyring::new().with("dev", dev_signing_key().public());
    let mut guard = LAB.lock().unwrap_or_else(|e| e.into_inner());
    let lab = guard.as_mut().expect("a reading was rendered first");
    wangban_lab::readings::judge(&mut lab.vision, name, reading, &keyring).expect("judged")
}

/// A submission body: the application and the attestation as they are.
pub fn body(application: Application, attestation: Attestation) -> String {
    serde_json::to_string(&SubmitCase { application, attestation }).expect("serialises")
}

/// A submission body whose attestation `key` signs for its application.
pub fn submission(
    service: &str,
    id_number: &str,
    attestation: Attestation,
    idempotency_key: &str,
    key: &SecretKey,
) -> String {
    let application = application(service, id_number, idempotency_key);
    let attestation = signed_for(attestation, &application, key);
    body(application, attestation)
}

/// The created session's challenge.
pub fn challenge_of(a: &Answer) -> SignedChallenge {
    let created: SessionCreated =
        serde_json::from_value(a.body.clone()).unwrap_or_else(|e| panic!("session: {e}: {}", a.body));
    created.challenge
}

/// Signs in as a seeded officer; returns the cookie.
pub fn officer_cookie() -> String {
    let a =
        post("/api/v1/review/login", r#"{"username":"officer01","password":"wangban-review-01"}"#, "10.0.0.9", None);
    assert_eq!(a.status, 200, "{}", a.body);
    a.set_cookie.expect("session cookie").split(';').next().unwrap_or("").to_string()
}

/// The newest `n` entries of the audit log (fewer if it is shorter), read in pages of at most
/// 1000 as an auditor pages through it, each page's chain intact.
pub fn recent_audit(cookie: &str, n: u64) -> Vec<Value> {
    let first = get("/api/v1/review/audit?limit=1", Some(cookie));
    assert_eq!(first.status, 200, "{}", first.body);
    let head = first.body["head"].as_u64().expect("head");
    let mut after = head.saturating_sub(n);
    let mut entries = Vec::new();
    loop {
        let page = get(&format!("/api/v1/review/audit?after={after}&limit=1000"), Some(cookie));
        assert_eq!(page.status, 200, "{}", page.body);
        assert_eq!(page.body["intact"], true, "{}", page.body["problem"]);
        entries.extend(page.body["entries"].as_array().expect("entries").iter().cloned());
        match page.body["next_after"].as_u64() {
            Some(next) => after = next,
            None => return entries,
        }
    }
}

/// Cases stored so far, by status (from the officer API).
pub fn case_count(cookie: &str) -> u64 {
    let a = get("/api/v1/review/stats", Some(cookie));
    a.body["by_status"].as_array().map_or(0, |v| v.iter().map(|s| s["n"].as_f64().unwrap_or(0.0) as u64).sum())
}

/// Runs SQL on the registry database of the running Workers, through wrangler as the seeding
/// does (`WANGBAN_STATE` is the persist directory `cargo xtask test` gives wrangler dev).
pub fn registry_sql(sql: &str) {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let state = std::env::var("WANGBAN_STATE").expect("WANGBAN_STATE: the runtime's persist directory");
    let out = std::process::Command::new(format!("{root}/node_modules/.bin/wrangler"))
        .args(["d1", "execute", "wangban-registry", "--local", "--yes", "-c", "worker/core/wrangler.toml"])
        .args(["--persist-to", &state, "--command", sql])
        .current_dir(root)
        .env("WRANGLER_SEND_METRICS", "false")
        .env("CLOUDFLARE_CF_FETCH_ENABLED", "false")
        .env("XDG_CONFIG_HOME", format!("{root}/.config"))
        .output()
        .expect("wrangler runs");
    assert!(out.status.success(), "wrangler d1 execute {sql}: {}", String::from_utf8_lossy(&out.stderr));
}
