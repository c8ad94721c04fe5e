//! CPU per verification, natively: what the edge Worker computes for one submission — the
//! cheap checks, then the observations re-derived from every crop and scene — and the core's
//! face embedding of the picked crops. The attestation is a real one: a synthesized reading
//! recorded by the client's own `Recorder`.
//! Run with `cargo bench -p wangban-tests-attestation --bench verify`.

use criterion::{Criterion, criterion_group, criterion_main};

use wangban_attest::api::SubmitCase;
use wangban_attest::challenge::{CHALLENGE_TTL_MS, CHALLENGE_VERSION};
use wangban_attest::{Challenge, Keyring, SecretKey, digest};
use wangban_liveness::assess;
use wangban_tests_attestation::{Performance, attest};
use wangban_verify::{judge, media};

const NOW_MS: u64 = 1_795_000_000_000;

fn submission() -> (Vec<u8>, Keyring) {
    let server = SecretKey::from_seed(&[1; 32]);
    let client = SecretKey::from_seed(&[2; 32]);
    let challenge = Challenge {
        version: CHALLENGE_VERSION,
        key_id: "bench".into(),
        session_id: "00112233445566778899aabbccddeeff".into(),
        seed: "07".repeat(32),
        service: "house_purchase_settlement".into(),
        applicant: digest::applicant_hash("330102199003071249"),
        client_public_key: client.public().to_hex(),
        require_audio: true,
        model_manifest: "ab".repeat(32),
        issued_at_ms: NOW_MS,
        expires_at_ms: NOW_MS + CHALLENGE_TTL_MS,
    };
    let signed = challenge.sign(&server).expect("sign");
    let attestation = attest(&signed, "astronaut", Performance::ReadsTheChallenge, &client, &"ab".repeat(32));
    let body = wangban_tests_attestation::submission(
        "house_purchase_settlement",
        "330102199003071249",
        attestation,
        "bench-idempotency",
        &client,
    );
    (body.into_bytes(), Keyring::new().with("bench", server.public()))
}

fn verify(c: &mut Criterion) {
    let (body, keyring) = submission();
    println!("submission body: {:.1} KiB", body.len() as f64 / 1024.0);
    let mut vision = wangban_lab::pipeline::vision();

    c.bench_function("edge: decode + signatures + media chain (no models)", |b| {
        b.iter(|| {
            let submitted: SubmitCase = SubmitCase::decode(&body).expect("decodes");
            let a = &submitted.attestation;
            let challenge = a.signed.challenge.verify(&keyring).expect("server signature");
            challenge.check_fresh(NOW_MS + 1000).expect("fresh");
            a.verify_client_signature().expect("client signature");
            a.check_media_chain().expect("media chain");
        })
    });

    let submitted: SubmitCase = serde_json::from_slice(&body).expect("decodes");
    let a = &submitted.attestation;
    println!("{} crops, {} scenes", a.media.crops.len(), a.media.scenes.len());
    c.bench_function("edge: observations re-derived from the pixels (every crop meshed, every scene detected)", |b| {
        b.iter(|| judge::rederive(&mut vision, a, 7).expect("rederives"))
    });

    // Its two parts per crop: the JPEG decode, and the mesh (with the features) on the decoded crop.
    let jpegs: Vec<Vec<u8>> = a.media.crops.iter().map(|c| c.jpeg_bytes().expect("base64")).collect();
    c.bench_function("edge: decode every crop (JPEG 192×192)", |b| {
        b.iter(|| jpegs.iter().map(|j| media::decode_jpeg(j, 192).expect("decodes")).collect::<Vec<_>>())
    });
    let decoded: Vec<_> = jpegs.iter().map(|j| media::decode_jpeg(j, 192).expect("decodes")).collect();
    c.bench_function("edge: mesh every decoded crop", |b| {
        b.iter(|| {
            decoded.iter().filter(|d| vision.landmarks_in(&d.frame(), d.whole()).expect("mesh").is_some()).count()
        })
    });

    let rederived = judge::rederive(&mut vision, a, 7).expect("rederives");
    c.bench_function("edge: comparison + verdict on the server's observations", |b| {
        b.iter(|| {
            judge::compare(&a.signed.evidence.frames, &rederived.frames).expect("claims agree");
            let challenge = &a.signed.challenge.challenge;
            let verdict = assess(
                &challenge.plan().expect("plan"),
                &rederived.frames,
                a.signed.evidence.audio.as_ref(),
                challenge.policy(),
            );
            assert!(verdict.passed, "{:?}", verdict.reasons);
        })
    });

    c.bench_function("core: embed the 3 picked crops (MobileFaceNet)", |b| {
        b.iter(|| {
            for k in &rederived.keyframes {
                media::embed(&mut vision, k).expect("embeds").expect("a face");
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
