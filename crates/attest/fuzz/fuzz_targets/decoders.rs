//! Every decoder of `wangban-attest` on arbitrary bytes: attestation (with the checks that run
//! on decoded input: signatures, the media chain, crop and scene JPEGs, the comparison and the
//! verdict on the decoded observations), submissions (plain or deflated, with their bounds),
//! certificates, keyrings, hex and the edge's signature header. None may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wangban_attest::api::SubmitCase;
use wangban_attest::certificate::SignedCertificate;
use wangban_attest::{Attestation, Keyring, hex};
use wangban_verify::media;

fuzz_target!(|data: &[u8]| {
    if let Ok(a) = Attestation::decode(data) {
        let _ = a.signed.challenge.verify(&Keyring::new());
        let _ = a.verify_client_signature();
        let _ = a.check_media_chain();
        for c in &a.media.crops {
            let _ = c.jpeg_bytes().and_then(|b| media::decode_jpeg(&b, media::CROP_SIZE));
        }
        for s in &a.media.scenes {
            let _ = s.jpeg_bytes().and_then(|b| media::decode_jpeg(&b, media::SCENE_SIZE));
        }
        let _ = wangban_verify::judge::compare(&a.signed.evidence.frames, &a.signed.evidence.frames);
        if let Ok(plan) = a.signed.challenge.challenge.plan() {
            let e = &a.signed.evidence;
            let _ = wangban_liveness::assess(&plan, &e.frames, e.audio.as_ref(), a.signed.challenge.challenge.policy());
        }
    }
    let _ = SubmitCase::decode(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = SignedCertificate::from_token(text);
        let _ = Keyring::parse(text);
        let _ = hex::decode(text);
        let _ = wangban_attest::edge_auth::verify("secret", "POST", "/internal/v1/cases", Some(text), 0);
    }
});
