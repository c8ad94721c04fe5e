//! Test vectors of the protocol. The same values are printed in `docs/attestation.md`; this test
//! fails if the code and the document disagree.

use wangban_attest::api::Application;
use wangban_attest::challenge::CHALLENGE_VERSION;
use wangban_attest::digest::sha256_hex;
use wangban_attest::{
    Attestation, Challenge, Crop, Evidence, Keyring, Media, Scene, SecretKey, Signed, canonical, hex,
};
use wangban_liveness::{FaceSample, FrameObservation, Verdict};

fn challenge() -> Challenge {
    Challenge {
        version: CHALLENGE_VERSION,
        key_id: "dev".into(),
        session_id: "00112233445566778899aabbccddeeff".into(),
        seed: "07".repeat(32),
        service: "house_purchase_settlement".into(),
        applicant: wangban_attest::digest::applicant_hash("330102199003071249"),
        client_public_key: SecretKey::from_seed(&[2; 32]).public().to_hex(),
        require_audio: true,
        model_manifest: "ab".repeat(32),
        issued_at_ms: 1_795_000_000_000,
        expires_at_ms: 1_795_000_180_000,
    }
}

fn evidence() -> Evidence {
    let face = FaceSample {
        opening: 180,
        aperture: 150,
        width: 1035,
        roundness: 350,
        protrusion: 4,
        yaw: -7,
        pitch: -120,
        roll: 34,
        center_x: 440,
        center_y: 250,
        eye_distance: 88,
        brightness: 560,
        inside: 1000,
    };
    Evidence {
        frames: vec![FrameObservation { t_ms: 1200, face_count: 1, detected: true, face: Some(face) }],
        audio: None,
        frame_width: 640,
        frame_height: 480,
        media_chain: media().chain().unwrap(),
        client_verdict: Verdict { passed: false, reasons: vec![], digits: vec![], av_correlation: None },
        model_manifest: "ab".repeat(32),
        client_version: "0.1.0".into(),
    }
}

fn application() -> Application {
    Application {
        service: "house_purchase_settlement".into(),
        id_number: "330102199003071249".into(),
        name: "王芳".into(),
        reason: "购房落户".into(),
        related_id_number: None,
        idempotency_key: "0f1e2d3c4b5a69788796a5b4c3d2e1f0".into(),
        pilot_consent: false,
    }
}

fn media() -> Media {
    Media {
        crops: vec![Crop { t_ms: 1200, x: 2816, y: 1200, side: 1920, angle: -3500, jpeg: "/9j/2Q==".into() }],
        scenes: vec![Scene { t_ms: 1200, jpeg: "/9j/2Q==".into() }],
    }
}

fn doc() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/attestation.md"))
        .expect("docs/attestation.md")
}

#[test]
fn challenge_vector() {
    let server = SecretKey::from_seed(&[1; 32]);
    let bytes = canonical::to_vec(&challenge()).unwrap();
    let signed = challenge().sign(&server).unwrap();
    let vector = [
        ("server public key", server.public().to_hex()),
        ("challenge canonical sha256", sha256_hex(&bytes)),
        ("challenge signature", signed.signature.clone()),
    ];
    let d = doc();
    for (what, value) in &vector {
        assert!(d.contains(value.as_str()), "docs/attestation.md lacks the {what}: {value}");
    }
    assert!(String::from_utf8(bytes).unwrap().starts_with("{\"applicant\":"), "JCS sorts keys");
    assert!(signed.verify(&Keyring::new().with("dev", server.public())).is_ok());
}

#[test]
fn attestation_vector_and_tampering() {
    let signed = challenge().sign(&SecretKey::from_seed(&[1; 32])).unwrap();
    let client = SecretKey::from_seed(&[2; 32]);
    let application = application();
    let a = Attestation::sign(
        Signed { challenge: signed, application: application.digest().unwrap(), evidence: evidence() },
        media(),
        &client,
    )
    .unwrap();
    let d = doc();
    let signed_sha = sha256_hex(&canonical::to_vec(&a.signed).unwrap());
    for (what, value) in [
        ("client public key", client.public().to_hex()),
        ("signed canonical sha256", signed_sha),
        ("client signature", a.signature.clone()),
        ("media chain", a.signed.evidence.media_chain.clone()),
        ("application digest", a.signed.application.clone()),
    ] {
        assert!(d.contains(value.as_str()), "docs/attestation.md lacks the {what}: {value}");
    }
    assert!(a.verify_client_signature().is_ok());
    // Every single flipped bit of the signature is refused.
    for i in 0..a.signature.len() {
        let mut bad = a.clone();
        let mut sig = hex::decode(&bad.signature).unwrap();
        sig[i / 2] ^= 1 << (i % 8);
        bad.signature = hex::encode(&sig);
        assert!(bad.verify_client_signature().is_err(), "flipped bit {i}");
    }
    let mut changed = a.clone();
    changed.signed.evidence.frames[0].face.as_mut().unwrap().opening += 1;
    assert!(changed.verify_client_signature().is_err());
    // The application is bound too: any field of it changed is refused.
    assert!(a.check_application(&application).is_ok());
    for tamper in [
        (|p: &mut Application| p.name.push('x')) as fn(&mut Application),
        |p| p.reason.clear(),
        |p| p.related_id_number = Some("330302198506121355".into()),
        |p| p.idempotency_key.push('1'),
    ] {
        let mut other = application.clone();
        tamper(&mut other);
        assert!(a.check_application(&other).is_err());
    }
    // The media are bound by their chain: any change to a crop, its place or its order is refused.
    assert!(a.check_media_chain().is_ok());
    for tamper in [
        (|m: &mut Media| m.crops[0].x += 1) as fn(&mut Media),
        |m| m.crops[0].jpeg = "/9j/2g==".into(),
        |m| m.scenes[0].t_ms -= 1,
        |m| m.scenes.clear(),
        |m| m.crops.push(m.crops[0].clone()),
    ] {
        let mut bad = a.clone();
        tamper(&mut bad.media);
        assert!(bad.check_media_chain().is_err());
    }
    let encoded = serde_json::to_vec(&a).unwrap();
    assert_eq!(Attestation::decode(&encoded).unwrap(), a);
    // The fuzzer's seed corpus starts from this well-formed attestation.
    if let Some(dir) = std::env::var_os("WANGBAN_FUZZ_SEED_DIR") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(std::path::Path::new(&dir).join("attestation.json"), &encoded).unwrap();
    }
    assert!(Attestation::decode(&encoded[..encoded.len() - 1]).is_err());
    assert!(Attestation::decode(&vec![b' '; wangban_attest::attestation::MAX_ATTESTATION_BYTES + 1]).is_err());
}

/// Rotation as the edge Worker does it: the new key signs, the retired key (from
/// `CHALLENGE_RETIRED_KEYS`) keeps verifying what it signed, and a key dropped from the ring, an
/// unknown key id or a key swapped under a known id verifies nothing.
#[test]
fn key_rotation() {
    let old = SecretKey::from_seed(&[1; 32]);
    let new = SecretKey::from_seed(&[3; 32]);
    let with_id = |id: &str| Challenge { key_id: id.into(), ..challenge() };
    let before = with_id("k2026a").sign(&old).unwrap();
    let after = with_id("k2026b").sign(&new).unwrap();

    let retired = format!("k2026a:{}", old.public().to_hex());
    let ring = Keyring::parse(&retired).unwrap().with("k2026b", new.public());
    assert!(before.verify(&ring).is_ok(), "in flight during the rotation");
    assert!(after.verify(&ring).is_ok());

    let later = Keyring::parse("").unwrap().with("k2026b", new.public());
    assert!(before.verify(&later).is_err(), "retired key dropped from the ring");
    assert!(with_id("k2026c").sign(&new).unwrap().verify(&ring).is_err(), "unknown key id");
    assert!(with_id("k2026b").sign(&old).unwrap().verify(&ring).is_err(), "old key under the new id");
    assert!(Keyring::parse("k2026a").is_err() && Keyring::parse("k2026a:zz").is_err(), "malformed setting");
}
