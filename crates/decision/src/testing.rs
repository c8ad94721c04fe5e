//! Fixtures for the flows' tests: the demo registry in memory, a face on file, and verified
//! applications as the edge hands them over.

use wangban_attest::Keyframe;
use wangban_attest::api::{Application, VerifiedApplication};
use wangban_liveness::Verdict;

use crate::backends::MemoryBackends;
use crate::registry::MemoryRegistry;
use crate::synthetic::demo_registry;

/// 王芳: her 购房落户 is approved by the data and held.
pub const WANG_FANG: &str = "330102199003071249";
/// 陈静: registered here, her 户籍证明 is issued at once.
pub const CHEN_JING: &str = "330302199209151464";
/// 李强: has a criminal record, his 无犯罪记录证明 goes to an officer.
pub const LI_QIANG: &str = "330302198506121355";
/// A valid identity number nobody in the demo registry has.
pub const UNREGISTERED: &str = "330302197001019991";
pub const NOW: u64 = 1_795_968_000_000;

pub fn face() -> Vec<f32> {
    vec![0.9, 0.1, 0.3, 0.2]
}

pub fn backends() -> MemoryBackends {
    let registry = MemoryRegistry::new(demo_registry())
        .with_face(WANG_FANG, face())
        .with_face(LI_QIANG, face())
        .with_face(CHEN_JING, face());
    let mut b = MemoryBackends::new(registry);
    for (jpeg, embedding) in
        [("a", face()), ("b", vec![0.88, 0.12, 0.31, 0.2]), ("stranger", vec![0.0, 1.0, 0.0, -0.5])]
    {
        b.faces.by_jpeg.insert(Keyframe::new(0, 0, jpeg.as_bytes()).jpeg, embedding);
    }
    b
}

pub fn application(service: &str, id: &str, key: &str) -> VerifiedApplication {
    VerifiedApplication {
        application: Application {
            service: service.into(),
            id_number: id.into(),
            name: "王芳".into(),
            reason: "购房后落户".into(),
            related_id_number: None,
            idempotency_key: key.into(),
            pilot_consent: false,
        },
        session_id: "00112233445566778899aabbccddeeff".into(),
        keyframes: vec![Keyframe::new(1500, 1510, b"a"), Keyframe::new(3000, 3004, b"b")],
        verified_at_ms: NOW - 1000,
        client_agreed: true,
        liveness: Verdict { passed: true, reasons: Vec::new(), digits: Vec::new(), av_correlation: Some(700) },
        reading: Some(wangban_attest::api::Reading {
            prompts: vec![wangban_liveness::Prompt { digit: 3, start_ms: 0, duration_ms: 1000 }],
            frames: vec![Keyframe::new(500, 500, b"a")],
        }),
    }
}

/// A record change the data approves: held before it takes effect.
pub fn settle_house() -> VerifiedApplication {
    application("house_purchase_settlement", WANG_FANG, "idem-house")
}

/// A certificate the data approves: issued at once.
pub fn household_certificate() -> VerifiedApplication {
    application("household_registration_certificate", CHEN_JING, "idem-certificate")
}

pub fn no_record() -> VerifiedApplication {
    application("no_criminal_record_certificate", LI_QIANG, "idem-record")
}

/// Runs a flow over the in-memory backends, which never wait.
pub fn run<F: std::future::IntoFuture>(f: F) -> F::Output {
    let mut f = std::pin::pin!(f.into_future());
    match f.as_mut().poll(&mut std::task::Context::from_waker(std::task::Waker::noop())) {
        std::task::Poll::Ready(out) => out,
        std::task::Poll::Pending => panic!("an in-memory backend waited"),
    }
}
