//! The attestation path in real workerd: a valid reading is accepted; every forgery, replay,
//! tampering and failed liveness is refused with its typed error, and none of them stores a
//! case. Run by `cargo xtask test` against the running Workers (one test thread).

use wangban_attest::challenge::{CHALLENGE_TTL_MS, CHALLENGE_VERSION};
use wangban_attest::{Attestation, Challenge, SecretKey};
use wangban_decision::IdNumber;
use wangban_decision::synthetic::DEMO_RESIDENTS;
use wangban_tests_attestation::*;

const PURCHASE: &str = "house_purchase_settlement";

/// A valid identity number nobody else in the tests uses (lockout is per identity number).
fn fresh_id(n: u32) -> String {
    IdNumber::with_check_digit(&format!("33030219800101{:03}", 100 + n)).expect("valid").as_str().to_string()
}

fn wang_fang() -> &'static str {
    DEMO_RESIDENTS[0].id_number
}

/// A bona fide reading under a fresh session that the edge's judgment accepts.
fn valid(id: &str, seed: u8, manifest: &str) -> (Attestation, SecretKey) {
    accepted_reading(PURCHASE, id, seed, manifest)
}

/// Idempotency keys are unique per test run: the runtime may keep state between runs.
fn run_key(name: &str) -> String {
    static RUN: std::sync::OnceLock<u128> = std::sync::OnceLock::new();
    let run = RUN
        .get_or_init(|| std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
    format!("{name}-{run}")
}

/// Submits `a`, signed by `key` for the application (as the client does).
fn submit(id: &str, a: &Attestation, key: &SecretKey, ip: &str, idempotency: &str) -> Answer {
    post("/api/v1/cases", &submission(PURCHASE, id, a.clone(), &run_key(idempotency), key), ip, None)
}

/// How often `who` (`wangban-edge`, `wangban-core`) has logged loading its models so far.
fn model_loads(who: &str) -> usize {
    let log = std::env::var("WANGBAN_LOG").expect("WANGBAN_LOG: the runtime's log, set by cargo xtask test");
    let text = std::fs::read_to_string(&log).unwrap_or_else(|e| panic!("{log}: {e}"));
    text.lines().filter(|l| l.contains(&format!("[{who}] models loaded"))).count()
}

/// L14: submissions that reach a fresh isolate together share one model load (each would
/// otherwise fetch and compile the models itself). The test names sort it first, so the
/// isolates are cold: it refuses to judge if anything has loaded the models before it.
#[test]
fn a_first_burst_of_readings_loads_the_models_once() {
    assert_eq!(
        (model_loads("wangban-edge"), model_loads("wangban-core")),
        (0, 0),
        "this test needs Workers that have not loaded their models yet (run it first on a fresh runtime)"
    );
    let manifest = manifest_sha256();
    let readings: Vec<(Attestation, SecretKey)> = (0..3).map(|i| valid(wang_fang(), 200 + i, &manifest)).collect();
    let answers: Vec<Answer> = std::thread::scope(|s| {
        let threads: Vec<_> = readings
            .iter()
            .enumerate()
            .map(|(i, (a, key))| s.spawn(move || submit(wang_fang(), a, key, "10.1.9.1", &format!("idem-burst-{i}"))))
            .collect();
        threads.into_iter().map(|t| t.join().expect("submission thread")).collect()
    });
    for a in &answers {
        assert_eq!(a.status, 201, "{}", a.body);
    }
    // The runtime's log is written by another process: give its last lines a moment.
    for _ in 0..20 {
        if model_loads("wangban-edge") > 0 && model_loads("wangban-core") > 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(250));
    }
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(model_loads("wangban-edge"), 1, "three concurrent readings, one model load at the edge");
    assert_eq!(model_loads("wangban-core"), 1, "three face matches, one model load at the core");
}

#[test]
fn attestations_end_to_end() {
    let manifest = manifest_sha256();
    let officer = officer_cookie();
    let cases_at_start = case_count(&officer);

    // A reading synthesized from the registered person's photo (the lab's talking face, the
    // same thing a deepfake is), recorded by the real client code: the edge judges its pixels
    // and they are a convincing reading (the threat model's deepfake residual; `cargo xtask pad`
    // measures it). The record change is approved by the data but held: it takes effect only
    // after the catalogue's hold, in the officers' queue where it can be stopped.
    let (good, good_key) = valid(wang_fang(), 1, &manifest);
    let first = submit(wang_fang(), &good, &good_key, "10.1.0.1", "idem-valid-1");
    assert_eq!(first.status, 201, "{}", first.body);
    let case_id = first.body["case_id"].as_str().expect("case id").to_string();
    assert_eq!(first.body["status"], "held", "{}", first.body);
    let seen = get(&format!("/api/v1/cases/{case_id}"), None);
    let until = seen.body["hold_until_ms"].as_u64().expect("the resident sees when it takes effect");
    let now_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_millis() as u64;
    assert!((now_ms + 71 * 3_600_000..=now_ms + 73 * 3_600_000).contains(&until), "{}", seen.body);
    assert!(seen.body["certificate"].is_null(), "nothing issued during the hold: {}", seen.body);
    assert_eq!(case_count(&officer), cases_at_start + 1);

    // The same request again (the browser lost the answer and retries): the same case.
    let retry = submit(wang_fang(), &good, &good_key, "10.1.0.1", "idem-valid-1");
    assert_eq!(retry.status, 200, "{}", retry.body);
    assert_eq!(retry.body["case_id"], case_id.as_str());
    // The same attestation for another application: a replay, refused and recorded.
    let replay = submit(wang_fang(), &good, &good_key, "10.1.0.1", "idem-valid-other");
    assert_eq!((replay.status, replay.code()), (409, "challenge_replayed"), "{}", replay.body);
    // Retrying with the idempotency key but another session key's signature: refused.
    let thief = SecretKey::from_seed(&[98; 32]);
    let a = submit(wang_fang(), &good, &thief, "10.1.0.1", "idem-valid-1");
    assert_eq!((a.status, a.code()), (401, "bad_client_signature"), "{}", a.body);

    // A new verification with the same idempotency key gets the same case back.
    let (again, again_key) = valid(wang_fang(), 2, &manifest);
    let retried = submit(wang_fang(), &again, &again_key, "10.1.0.1", "idem-valid-1");
    assert_eq!(retried.status, 200, "{}", retried.body);
    assert_eq!(retried.body["case_id"], case_id.as_str());
    assert_eq!(case_count(&officer), cases_at_start + 1, "no duplicate case");

    // From here on, nothing may store a case.
    let stored_before_refusals = case_count(&officer);

    // Expired: a challenge signed with the real key whose expiry has passed.
    let id = fresh_id(1);
    let (key, created) = session(PURCHASE, &id, 3);
    let mut stale: Challenge = challenge_of(&created).challenge;
    stale.issued_at_ms -= CHALLENGE_TTL_MS + 60_000;
    stale.expires_at_ms -= CHALLENGE_TTL_MS + 60_000;
    assert_eq!(stale.version, CHALLENGE_VERSION);
    let stale = stale.sign(&dev_signing_key()).expect("sign");
    let expired = attest(&stale, "astronaut", Performance::ReadsTheChallenge, &key, &manifest);
    let a = submit(&id, &expired, &key, "10.1.0.2", "idem-expired");
    assert_eq!((a.status, a.code()), (401, "challenge_expired"), "{}", a.body);

    // Any flipped value in the signed payload: the client signature no longer verifies.
    let id = fresh_id(2);
    let (reading, key) = valid(&id, 4, &manifest);
    let signed_application = application(PURCHASE, &id, &run_key("idem-flip"));
    let signed = signed_for(reading, &signed_application, &key);
    let mut flipped = signed.clone();
    flipped.signed.evidence.frames[10].t_ms += 1;
    let a = post("/api/v1/cases", &body(signed_application.clone(), flipped), "10.1.0.3", None);
    assert_eq!((a.status, a.code()), (401, "bad_client_signature"), "{}", a.body);
    // L1: …and in the application: someone between the browser and the edge changing the name
    // (to print another on a certificate) or the reason. The challenge is not used up by it.
    let mut renamed = signed_application.clone();
    renamed.name = "李强".into();
    let a = post("/api/v1/cases", &body(renamed, signed.clone()), "10.1.0.3", None);
    assert_eq!((a.status, a.code()), (401, "bad_client_signature"), "{}", a.body);
    let mut reasoned = signed_application.clone();
    reasoned.reason = "另有理由".into();
    let a = post("/api/v1/cases", &body(reasoned, signed), "10.1.0.3", None);
    assert_eq!((a.status, a.code()), (401, "bad_client_signature"), "{}", a.body);
    // …and in the server's challenge: its signature no longer verifies.
    let id = fresh_id(3);
    let (mut forged, key) = valid(&id, 5, &manifest);
    forged.signed.challenge.challenge.require_audio = !forged.signed.challenge.challenge.require_audio;
    let forged = Attestation::sign(forged.signed, forged.media, &key).expect("sign");
    let a = submit(&id, &forged, &key, "10.1.0.4", "idem-forged");
    assert_eq!((a.status, a.code()), (401, "bad_challenge_signature"), "{}", a.body);

    // Signed with another key than the one the challenge was issued to.
    let id = fresh_id(4);
    let (other, _) = valid(&id, 6, &manifest);
    let a = submit(&id, &other, &SecretKey::from_seed(&[99; 32]), "10.1.0.5", "idem-wrong-key");
    assert_eq!((a.status, a.code()), (401, "bad_client_signature"), "{}", a.body);

    // Another model manifest.
    let id = fresh_id(5);
    let (key, created) = session(PURCHASE, &id, 7);
    let other_models =
        attest(&challenge_of(&created), "astronaut", Performance::ReadsTheChallenge, &key, &"0".repeat(64));
    let a = submit(&id, &other_models, &key, "10.1.0.6", "idem-manifest");
    assert_eq!((a.status, a.code()), (422, "model_mismatch"), "{}", a.body);

    // Oversized and malformed bodies.
    let a = post("/api/v1/cases", &format!("{{\"pad\":\"{}\"}}", "x".repeat(1100 * 1024)), "10.1.0.7", None);
    assert_eq!((a.status, a.code()), (413, "payload_too_large"), "{}", a.body);
    let a = post("/api/v1/cases", "{\"application\": 1", "10.1.0.7", None);
    assert_eq!((a.status, a.code()), (400, "malformed_request"), "{}", a.body);

    // Wrong digits, and a still photo: refused with the liveness reason turned into guidance.
    let id = fresh_id(6);
    let (key, created) = session(PURCHASE, &id, 8);
    let other_digits = attest(&challenge_of(&created), "astronaut", Performance::ReadsOtherDigits, &key, &manifest);
    let a = submit(&id, &other_digits, &key, "10.1.0.8", "idem-digits");
    assert_eq!((a.status, a.code()), (422, "liveness_failed"), "{}", a.body);
    assert_eq!(a.body["outcome"], "retry");
    assert_eq!(a.body["guidance"], "read_digits_as_shown");
    assert!(
        a.body.get("score").is_none() && !a.body.to_string().contains("digit_mismatch"),
        "no scores, no internals: {}",
        a.body
    );

    let id = fresh_id(7);
    let (key, created) = session(PURCHASE, &id, 9);
    let still = attest(&challenge_of(&created), "astronaut", Performance::StillPhoto, &key, &manifest);
    let a = submit(&id, &still, &key, "10.1.0.9", "idem-still");
    assert_eq!((a.status, a.code()), (422, "liveness_failed"), "{}", a.body);
    assert_eq!(a.body["guidance"], "read_aloud");

    // A modified client: the observation stream of a reading of this challenge, sent with the
    // crops and scenes of a still photo (the pixels an attacker has). The edge measures the
    // photo's still mouth itself: the claims contradict it.
    let id = fresh_id(8);
    let (key, created) = session(PURCHASE, &id, 10);
    let challenge = challenge_of(&created);
    let reading = attest(&challenge, "astronaut", Performance::ReadsTheChallenge, &key, &manifest);
    let photo = attest(&challenge, "astronaut", Performance::StillPhoto, &key, &manifest);
    let mut signed = reading.signed.clone();
    signed.evidence.media_chain = photo.signed.evidence.media_chain.clone();
    let fabricated = Attestation::sign(signed, photo.media.clone(), &key).expect("sign");
    let a = submit(&id, &fabricated, &key, "10.1.0.10", "idem-fabricated");
    assert_eq!((a.status, a.code()), (422, "evidence_mismatch"), "{}", a.body);
    // The same claims with the photo's crops at two instants only, the rest left out.
    let (key, created) = session(PURCHASE, &id, 12);
    let challenge = challenge_of(&created);
    let reading = attest(&challenge, "astronaut", Performance::ReadsTheChallenge, &key, &manifest);
    let mut few = reading.media.clone();
    let n = few.crops.len();
    few.crops = vec![few.crops[n / 3].clone(), few.crops[2 * n / 3].clone()];
    let mut signed = reading.signed.clone();
    signed.evidence.media_chain = few.chain().expect("in order");
    let few = Attestation::sign(signed, few, &key).expect("sign");
    let a = submit(&id, &few, &key, "10.1.0.10", "idem-few-crops");
    assert_eq!((a.status, a.code()), (422, "evidence_mismatch"), "{}", a.body);
    // Media other than the ones signed.
    let (key, created) = session(PURCHASE, &id, 13);
    let mut swapped = attest(&challenge_of(&created), "astronaut", Performance::ReadsTheChallenge, &key, &manifest);
    swapped.media.crops.reverse();
    let a = submit(&id, &swapped, &key, "10.1.0.10", "idem-swapped");
    assert_eq!((a.status, a.code()), (400, "malformed_request"), "out of order: {}", a.body);

    // The face of another person than the one registered for the number.
    let (impostor, impostor_key) = valid(DEMO_RESIDENTS[1].id_number, 11, &manifest);
    let a = post(
        "/api/v1/cases",
        &submission(PURCHASE, DEMO_RESIDENTS[1].id_number, impostor, &run_key("idem-impostor"), &impostor_key),
        "10.1.0.11",
        None,
    );
    assert_eq!((a.status, a.code()), (422, "face_mismatch"), "{}", a.body);
    assert_eq!(a.body["outcome"], "refer");

    assert_eq!(case_count(&officer), stored_before_refusals, "no refusal stored a case");

    // Nothing stored, but every attempt is in the audit log: the pixels that contradicted the
    // claims as suspected tampering, the impostor's face by the core, the numbers masked.
    let refused: Vec<(String, String, String)> = recent_audit(&officer, 2000)
        .iter()
        .filter(|e| e["action"] == "verification_refused")
        .map(|e| {
            let field = |k: &str| e[k].as_str().unwrap_or_default().to_string();
            (field("actor"), field("subject"), field("detail"))
        })
        .collect();
    let masked = |id: &str| format!("{}********{}", &id[..6], &id[14..]);
    let has = |actor: &str, subject: &str, detail: &str| {
        refused.iter().any(|(a, s, d)| a == actor && s == subject && d.starts_with(detail))
    };
    assert!(has("edge", &masked(&id), "evidence_mismatch service=house_purchase_settlement from="), "{refused:#?}");
    assert!(
        refused
            .iter()
            .filter(|(_, _, d)| d.starts_with("evidence_mismatch") && d.ends_with("suspected_tampering"))
            .count()
            >= 2,
        "{refused:#?}"
    );
    assert!(has("edge", &masked(&fresh_id(7)), "liveness_failed service=house_purchase_settlement"), "{refused:#?}");
    assert!(has("core", &masked(DEMO_RESIDENTS[1].id_number), "face_mismatch"), "{refused:#?}");
    assert!(refused.iter().all(|(_, _, d)| !d.contains("10.1.0.")), "addresses only as digests: {refused:#?}");
}

#[test]
fn five_failures_lock_an_identity_number_out() {
    let manifest = manifest_sha256();
    let id = fresh_id(50);
    for i in 0..5u8 {
        let (key, created) = session(PURCHASE, &id, 60 + i);
        let mut a = attest(&challenge_of(&created), "astronaut", Performance::StillPhoto, &key, &manifest);
        a.signed.evidence.client_version = format!("attempt {i}");
        let a = Attestation::sign(a.signed, a.media, &key).expect("sign");
        let answer = submit(&id, &a, &key, &format!("10.2.0.{i}"), &format!("idem-lock-{i}"));
        assert_eq!(answer.status, 422, "attempt {i}: {}", answer.body);
        assert_eq!(answer.body["outcome"], if i == 4 { "refer" } else { "retry" }, "attempt {i}: {}", answer.body);
    }
    let (key, created) = session(PURCHASE, &id, 70);
    let a = attest(&challenge_of(&created), "astronaut", Performance::ReadsTheChallenge, &key, &manifest);
    let locked = submit(&id, &a, &key, "10.2.0.9", "idem-lock-after");
    assert_eq!((locked.status, locked.code()), (429, "too_many_attempts"), "{}", locked.body);
    let wait: u64 = locked.retry_after.expect("Retry-After").parse().expect("seconds");
    assert!((1..=180).contains(&wait), "{wait}");
}

/// M2: five submissions with forged challenges naming a resident lock out the sender's address,
/// not the resident: her own reading from elsewhere is accepted.
#[test]
fn forged_challenges_cannot_lock_a_resident_out() {
    let manifest = manifest_sha256();
    let forger = SecretKey::from_seed(&[77; 32]);
    for i in 0..5u8 {
        let (real, key) = valid(wang_fang(), 80 + i, &manifest);
        let mut signed = real.signed;
        signed.challenge = signed.challenge.challenge.clone().sign(&forger).expect("sign");
        let forged = Attestation::sign(signed, real.media, &key).expect("sign");
        let a = submit(wang_fang(), &forged, &key, "10.3.0.1", &format!("idem-forged-lock-{i}"));
        assert_eq!((a.status, a.code()), (401, "bad_challenge_signature"), "attempt {i}: {}", a.body);
    }
    let (good, good_key) = valid(wang_fang(), 90, &manifest);
    let from_forger = submit(wang_fang(), &good, &good_key, "10.3.0.1", "idem-forged-lock-forger");
    assert_eq!((from_forger.status, from_forger.code()), (429, "too_many_attempts"), "{}", from_forger.body);
    let resident = submit(wang_fang(), &good, &good_key, "10.3.0.2", "idem-forged-lock-resident");
    assert_eq!(resident.status, 201, "the resident is not locked out: {}", resident.body);
}

#[test]
fn reviewer_routes_refuse_anyone_not_signed_in() {
    for path in [
        "/api/v1/review/queue",
        "/api/v1/review/stats",
        "/api/v1/review/audit",
        "/api/v1/review/cases/0123456789abcdef0123456789abcdef",
    ] {
        let a = get(path, None);
        assert_eq!((a.status, a.code()), (401, "unauthorized"), "{path}: {}", a.body);
        let forged = get(path, Some("wb_review=officer01:99999999999999.deadbeef"));
        assert_eq!(forged.status, 401, "{path} with a forged cookie");
    }
    let wrong = post("/api/v1/review/login", r#"{"username":"officer01","password":"guess"}"#, "10.3.0.1", None);
    assert_eq!((wrong.status, wrong.code()), (401, "bad_credentials"));
    let cookie = officer_cookie();
    // L11: the log is read in bounded pages, each checked from the entry before it; paging
    // through all of them gives the whole chain, intact for an auditor re-hashing it.
    let mut entries: Vec<wangban_decision::audit::AuditEntry> = Vec::new();
    let (mut after, mut pages) = (0, 0);
    let head;
    loop {
        let page = get(&format!("/api/v1/review/audit?after={after}&limit=1000"), Some(&cookie));
        assert_eq!(page.status, 200, "{}", page.body);
        assert_eq!(page.body["intact"], true, "{}", page.body["problem"]);
        let got: Vec<wangban_decision::audit::AuditEntry> =
            serde_json::from_value(page.body["entries"].clone()).expect("audit entries");
        assert!(got.len() <= 1000);
        entries.extend(got);
        let page_head = page.body["head"].as_u64().expect("head");
        pages += 1;
        match page.body["next_after"].as_u64() {
            Some(next) => after = next,
            None => {
                head = page_head;
                break;
            }
        }
    }
    assert!(head > 0 && wangban_decision::audit::verify(&entries, head).is_ok(), "{head} entries in {pages} pages");
    let small = get("/api/v1/review/audit?after=1&limit=2", Some(&cookie));
    let seqs: Vec<u64> =
        small.body["entries"].as_array().expect("entries").iter().filter_map(|e| e["seq"].as_u64()).collect();
    assert_eq!((seqs, small.body["intact"].as_bool()), (vec![2, 3], Some(true)), "{}", small.body);
    assert_eq!(small.body["next_after"], 3);
    for bad in ["limit=0", "limit=1001", "after=-1", "limit=many"] {
        let a = get(&format!("/api/v1/review/audit?{bad}"), Some(&cookie));
        assert_eq!((a.status, a.code()), (400, "invalid_query"), "{bad}: {}", a.body);
        assert!(a.body["error"]["message_zh"].is_string() && a.body["error"]["message_en"].is_string(), "{}", a.body);
    }
}

/// M3, L5, L4: guessing officers' passwords is slowed and audited, signing out ends every session
/// of that officer, and another site's page cannot act for a signed-in officer.
#[test]
fn officer_sign_in_is_slowed_audited_and_revocable() {
    let login = |user: &str, password: &str, ip: &str| {
        post("/api/v1/review/login", &format!(r#"{{"username":"{user}","password":"{password}"}}"#), ip, None)
    };
    for i in 0..5 {
        let a = login(&format!("guess{i}"), "guess", "10.9.0.1");
        assert_eq!((a.status, a.code()), (401, "bad_credentials"), "guess {i}: {}", a.body);
    }
    // The sixth from that address waits, right password or not; the officer elsewhere does not.
    let sixth = login("officer02", "wangban-review-02", "10.9.0.1");
    assert_eq!((sixth.status, sixth.code()), (429, "too_many_attempts"), "{}", sixth.body);
    let wait: u64 = sixth.retry_after.expect("Retry-After").parse().expect("seconds");
    assert!((1..=60).contains(&wait), "{wait}");
    let cookie = |a: &Answer| a.set_cookie.clone().expect("cookie").split(';').next().unwrap_or("").to_string();
    let first = login("officer02", "wangban-review-02", "10.9.0.2");
    assert_eq!(first.status, 200, "{}", first.body);
    let second = login("officer02", "wangban-review-02", "10.9.0.3");
    let (first, second) = (cookie(&first), cookie(&second));
    assert_eq!(get("/api/v1/review/me", Some(&first)).status, 200);

    // Another site's page, with the officer's cookie: refused before the core sees it.
    let cross = |origin: &str, content_type: &str| {
        let req = ureq::post(&format!("{}/api/v1/review/logout", base()))
            .set("cookie", &first)
            .set("origin", origin)
            .set("content-type", content_type);
        answer(req.send_string("{}")).expect("answered")
    };
    let evil = cross("https://evil.example", "application/json");
    assert_eq!((evil.status, evil.code()), (403, "cross_site_request"), "{}", evil.body);
    let form = cross(base().trim_end_matches('/'), "text/plain");
    assert_eq!((form.status, form.code()), (403, "cross_site_request"), "{}", form.body);
    assert_eq!(get("/api/v1/review/me", Some(&first)).status, 200, "still signed in");

    // Signing out in one browser ends the other's session too.
    let out = post("/api/v1/review/logout", "{}", "10.9.0.2", Some(&first));
    assert_eq!(out.status, 200, "{}", out.body);
    assert_eq!(get("/api/v1/review/me", Some(&first)).status, 401);
    assert_eq!(get("/api/v1/review/me", Some(&second)).status, 401, "every session of the officer ended");

    let officer = officer_cookie();
    let actions: Vec<(String, String)> = recent_audit(&officer, 2000)
        .iter()
        .map(|e| (e["action"].as_str().unwrap_or("").to_string(), e["subject"].as_str().unwrap_or("").to_string()))
        .collect();
    for i in 0..5 {
        assert!(actions.contains(&("officer_sign_in_failed".into(), format!("guess{i}"))), "{actions:?}");
    }
    assert!(actions.contains(&("officer_sign_out".into(), "officer02".into())));
}

/// Production sign-in: Cloudflare Access's JWT, verified by the core (locally against the
/// repository's public test key, configured by `cargo xtask` in the core's `.dev.vars`).
#[test]
fn officers_signed_in_by_cloudflare_access() {
    let key = include_str!("../../data/access/test-key.pem");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs();
    let header = serde_json::json!({ "alg": "RS256", "kid": "wangban-test-1", "typ": "JWT" });
    let claims = |aud: &str, exp: u64| {
        serde_json::json!({
            "aud": [aud], "iss": "https://wangban-test.cloudflareaccess.com", "exp": exp, "iat": now,
            "nbf": now, "email": "officer03@gat.example.gov.cn", "sub": "officer03",
        })
    };
    let sign = |claims: &serde_json::Value| wangban_decision::access::sign(key, &header, claims).expect("sign");
    let me = |token: &str| {
        let a = ureq::get(&format!("{}/api/v1/review/me", base())).set("cf-access-jwt-assertion", token).call();
        match a {
            Ok(r) => (r.status(), r.into_string().unwrap_or_default()),
            Err(ureq::Error::Status(s, r)) => (s, r.into_string().unwrap_or_default()),
            Err(e) => panic!("{e}"),
        }
    };
    let (status, body) = me(&sign(&claims("wangban-local-review", now + 600)));
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("officer03@gat.example.gov.cn"), "{body}");

    let mut tampered = sign(&claims("wangban-local-review", now + 600));
    tampered.pop();
    for (why, token) in [
        ("another application", sign(&claims("another-app", now + 600))),
        ("expired", sign(&claims("wangban-local-review", now - 3600))),
        ("tampered signature", tampered),
        ("not a token", "x.y.z".to_string()),
    ] {
        let (status, body) = me(&token);
        assert_eq!(status, 401, "{why}: {body}");
        assert!(body.contains("\"unauthorized\""), "{why}: {body}");
    }
}

/// #16: a pilot's readings can be evaluated. Where a pilot runs (local runs), a reading whose
/// resident consented in the signed application is kept with its outcome, accepted or refused;
/// an officer labels and exports them; the lab judges the export with the edge's own flow to
/// the outcome the deployment gave. Readings without consent are not kept.
#[test]
fn consented_readings_are_kept_for_the_pilot_and_judged_again_by_the_lab() {
    let manifest = manifest_sha256();
    let officer = officer_cookie();
    assert_eq!(get("/api/v1/services", None).body["pilot"], true, "the page offers the pilot");
    let last_seq = || {
        let mut after = 0;
        loop {
            let page = get(&format!("/api/v1/review/pilot?after={after}&limit=5"), Some(&officer));
            assert_eq!(page.status, 200, "{}", page.body);
            let entries = page.body["entries"].as_array().expect("entries").clone();
            after = entries.last().and_then(|e| e["seq"].as_u64()).unwrap_or(after);
            if page.body["next_after"].is_null() {
                return after;
            }
        }
    };
    let before = last_seq();
    let consenting = |id: &str, a: Attestation, key: &SecretKey, ip: &str, idempotency: &str| {
        let mut app = application(PURCHASE, id, &run_key(idempotency));
        app.pilot_consent = true;
        let signed = signed_for(a, &app, key);
        post("/api/v1/cases", &body(app, signed), ip, None)
    };
    let (good, good_key) = valid(wang_fang(), 140, &manifest);
    let accepted = consenting(wang_fang(), good, &good_key, "10.6.0.1", "idem-pilot-good");
    assert_eq!(accepted.status, 201, "{}", accepted.body);
    let id = fresh_id(60);
    let (key, created) = session(PURCHASE, &id, 141);
    let still = attest(&challenge_of(&created), "astronaut", Performance::StillPhoto, &key, &manifest);
    let refused = consenting(&id, still, &key, "10.6.0.2", "idem-pilot-still");
    assert_eq!((refused.status, refused.code()), (422, "liveness_failed"), "{}", refused.body);
    let (silent, silent_key) = valid(wang_fang(), 142, &manifest);
    assert_eq!(submit(wang_fang(), &silent, &silent_key, "10.6.0.3", "idem-pilot-silent").status, 201);

    let page = get(&format!("/api/v1/review/pilot?after={before}&limit=5"), Some(&officer));
    let entries = page.body["entries"].as_array().expect("entries").clone();
    let outcomes: Vec<&str> = entries.iter().filter_map(|e| e["outcome"].as_str()).collect();
    assert_eq!(outcomes, ["accepted", "liveness_failed"], "only the consented readings: {}", page.body);
    assert_eq!(entries[0]["case_id"], accepted.body["case_id"]);
    for (entry, label) in entries.iter().zip(["bona_fide", "still_photo"]) {
        let seq = entry["seq"].as_u64().expect("seq");
        let a = post(
            &format!("/api/v1/review/pilot/{seq}/label"),
            &format!(r#"{{"label":"{label}"}}"#),
            "10.6.0.9",
            Some(&officer),
        );
        assert_eq!(a.status, 200, "{}", a.body);
    }
    let seq = entries[0]["seq"].as_u64().expect("seq");
    let bad =
        post(&format!("/api/v1/review/pilot/{seq}/label"), r#"{"label":"Bona Fide"}"#, "10.6.0.9", Some(&officer));
    assert_eq!((bad.status, bad.code()), (422, "invalid_pilot_reading"), "{}", bad.body);

    // The export, saved as a file, is what the lab judges: to the deployment's outcome.
    let page = get(&format!("/api/v1/review/pilot?after={before}&limit=5"), Some(&officer));
    let exported: wangban_attest::api::PilotPage = serde_json::from_value(page.body.clone()).expect("a pilot page");
    let labels: Vec<&str> = exported.entries.iter().map(|e| e.reading.label.as_str()).collect();
    assert_eq!(labels, ["bona_fide", "still_photo"]);
    for e in &exported.entries {
        let judged = judge_exported(&format!("pilot-{}", e.seq), &e.reading);
        assert_eq!(judged.verdict.passed, e.outcome == "accepted", "{}: {:?}", e.outcome, judged.verdict.reasons);
    }
    let audit = recent_audit(&officer, 200);
    let count = |action: &str| audit.iter().filter(|e| e["action"] == action).count();
    assert!(count("pilot_reading_kept") >= 2 && count("pilot_labelled") >= 2 && count("pilot_exported") >= 1);
}

/// The registry goes away mid-service: a verified application gets 503 `registry_unavailable`
/// (zh/en, "nothing was saved"), no case is stored and no lockout is counted; once the registry
/// is back, the resident's next verification with the same application goes through.
#[test]
fn registry_outage_stores_nothing() {
    let manifest = manifest_sha256();
    let officer = officer_cookie();
    let id = DEMO_RESIDENTS[0].id_number;
    let before = case_count(&officer);
    registry_sql("ALTER TABLE faces RENAME TO faces_offline");
    let (during, during_key) = valid(id, 80, &manifest);
    let a = submit(id, &during, &during_key, "10.4.0.1", "idem-outage");
    registry_sql("ALTER TABLE faces_offline RENAME TO faces");
    assert_eq!((a.status, a.code()), (503, "registry_unavailable"), "{}", a.body);
    assert!(a.body["error"]["message_zh"].as_str().is_some_and(|m| m.contains("未保存")), "{}", a.body);
    assert_eq!(case_count(&officer), before, "nothing stored during the outage");
    // Resending that request: its challenge is spent and it created no case, so verify again.
    let a = submit(id, &during, &during_key, "10.4.0.1", "idem-outage");
    assert_eq!((a.status, a.code()), (409, "challenge_replayed"), "{}", a.body);

    let (after, after_key) = valid(id, 81, &manifest);
    let a = submit(id, &after, &after_key, "10.4.0.1", "idem-outage");
    assert_eq!(a.status, 201, "{}", a.body);
    assert_eq!(case_count(&officer), before + 1);
}
