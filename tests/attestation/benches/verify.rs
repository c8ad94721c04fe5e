//! CPU per verification, natively: what the edge Worker computes for one submission before and
//! including the keyframe re-inference, and the core's face embedding of the keyframes. The
//! attestation is a real one: a synthesized reading recorded by the client's own `Recorder`.
//! Run with `cargo bench -p wangban-tests-attestation --bench verify`.

use criterion::{Criterion, criterion_group, criterion_main};

use wangban_attest::api::SubmitCase;
use wangban_attest::challenge::{CHALLENGE_TTL_MS, CHALLENGE_VERSION};
use wangban_attest::{Challenge, Keyring, SecretKey, digest};
use wangban_liveness::assess;
use wangban_tests_attestation::{Performance, attest};
use wangban_verify::keyframes;

const NOW_MS: u64 = 1_795_000_000_000;

fn submission() -> (Vec<u8>, Keyring) {
    let server = SecretKey::from_seed(&[1; 32]);
    let client = SecretKey::from_seed(&[2; 32]);
    let mut challenge = Challenge {
        version: CHALLENGE_VERSION,
        key_id: "bench".into(),
        session_id: "00112233445566778899aabbccddeeff".into(),
        seed: "07".repeat(32),
        service: "house_purchase_settlement".into(),
        applicant: digest::applicant_hash("330102199003071249"),
        client_public_key: client.public().to_hex(),
        keyframes_ms: Vec::new(),
        require_audio: true,
        model_manifest: "ab".repeat(32),
        issued_at_ms: NOW_MS,
        expires_at_ms: NOW_MS + CHALLENGE_TTL_MS,
    };
    let total = challenge.plan().expect("plan").total_ms() as i32;
    challenge.keyframes_ms = vec![total / 4, total / 2, 3 * total / 4];
    let signed = challenge.sign(&server).expect("sign");
    let attestation = attest(&signed, "astronaut", Performance::ReadsTheChallenge, &client, &"ab".repeat(32));
    let body = wangban_tests_attestation::submission(
        "house_purchase_settlement",
        "330102199003071249",
        attestation,
        "bench-idempotency",
    );
    (body.into_bytes(), Keyring::new().with("bench", server.public()))
}

fn verify(c: &mut Criterion) {
    let (body, keyring) = submission();
    println!("submission body: {:.1} KiB", body.len() as f64 / 1024.0);
    let mut vision = wangban_lab::pipeline::vision();

    c.bench_function("edge: decode + signatures + verdict (no re-inference)", |b| {
        b.iter(|| {
            let submitted: SubmitCase = serde_json::from_slice(&body).expect("decodes");
            let a = &submitted.attestation;
            let challenge = a.signed.challenge.verify(&keyring).expect("server signature");
            challenge.check_fresh(NOW_MS + 1000).expect("fresh");
            a.verify_client_signature().expect("client signature");
            let evidence = &a.signed.evidence;
            let verdict =
                assess(&challenge.plan().expect("plan"), &evidence.frames, evidence.audio.as_ref(), challenge.policy());
            assert!(verdict.passed, "{:?}", verdict.reasons);
            a.check_keyframes_requested().expect("keyframes requested");
        })
    });

    let submitted: SubmitCase = serde_json::from_slice(&body).expect("decodes");
    let a = &submitted.attestation;
    c.bench_function("edge: keyframe re-check (JPEG decode + mesh, 3 keyframes)", |b| {
        b.iter(|| keyframes::recheck(&mut vision, a).expect("keyframes agree"))
    });

    let rechecked = keyframes::recheck(&mut vision, a).expect("keyframes agree");
    c.bench_function("core: embed 3 keyframes (MobileFaceNet)", |b| {
        b.iter(|| {
            for (decoded, face) in &rechecked {
                vision.embed(&decoded.frame(), face).expect("embeds");
            }
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = verify
}
criterion_main!(benches);
