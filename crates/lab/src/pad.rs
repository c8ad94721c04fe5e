//! Presentation-attack detection evaluation (ISO/IEC 30107-3 terms): bona fide readings and
//! attack species rendered to pixels, recorded by the client's own recorder and judged by what
//! ships: the edge's verification flow ([`wangban_verify::flow::verify`]: the recomputed verdict
//! and the keyframes re-checked with the models) and the core's keyframe identity check
//! ([`wangban_decision::face::match_faces`]).
//!
//! A bona fide reading starts as the app starts it: only once the framing guidance has been
//! satisfied. A person it asks to face the screen turns towards it ([`seated`]); one it never
//! satisfies is a failure to acquire (FTA), counted apart from the BPCER. Attacks skip the
//! guidance — an attacker controls the client — and always meet the verdict.

use wangban_attest::api::{Application, CreateSession, SubmitCase};
use wangban_attest::{AttestError, Attestation, Crop, Keyframe, Keyring, SecretKey, SignedChallenge, hex};
use wangban_decision::DecisionError;
use wangban_decision::face::{match_faces, similarity};
use wangban_liveness::{AudioEnvelope, ChallengePlan, Policy, Prompt, Reason, Verdict};
use wangban_testdata::Image;
use wangban_verify::flow::{Checked, Settings, Submission, Verified, verify};
use wangban_verify::media::RustJpeg;
use wangban_verify::session::{self, Issuer, Randomness};
use wangban_verify::{MemoryCore, MemoryLedger, MemoryLockout, Recorder, VerifyError, VisionJudge, ready};
use wangban_vision::guidance::{Advice, Framing};
use wangban_vision::{FrameRef, Tracker, Vision};

use crate::faces::{Identity, bystander};
use crate::raster::paste;
use crate::reading::{LEAD_IN_MS, Spoken, frame_times, mouth_at, speak, voice_track};
use crate::speech::Voice;
use crate::synth::{HeadPose, MouthPose, TalkingFace, frame_face, turn_towards_camera};

pub const FPS: u32 = 15;
const REACTION_MS: i32 = 300;
const POLICY: Policy = Policy { require_audio: true };
/// How long a resident is given to get framed before the evaluation counts a failure to acquire
/// (the app itself keeps asking).
const ACQUIRE_WITHIN_MS: i32 = 10_000;
/// How far a resident turns towards the screen each time the guidance asks, and how often.
const TURN_STEP_DEGREES: f32 = 10.0;
const MAX_TURNS: u32 = 2;
/// How far apart, as a share of the picture's width, a resident asked to centre their face, come
/// closer or move back holds their eyes (the guidance wants 0.07–0.4).
const FRAMED_EYES: f32 = 0.16;

/// What is presented to the camera and the microphone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Species {
    /// A live person reading the challenge.
    BonaFide,
    /// A printed or on-screen photo held still while someone reads the digits.
    StillPhoto,
    /// The same photo, moved around.
    PhotoMoved,
    /// A recording of the person reading other digits.
    ReplayOtherDigits,
    /// The right digits, read on another schedule (a pre-recorded guess at the cadence).
    WrongSchedule,
    /// A puppet mouth moving at random while someone reads.
    RandomMouth,
    /// One person for the first half, another for the second.
    FaceSwap,
    /// The reader with a second person in view.
    TwoFaces,
    /// The right video without sound.
    NoAudio,
    /// The right video with the voice of another reading.
    OtherAudio,
    /// Injection (a modified client): the observation stream of a synthesized reading of the
    /// challenge, sent with the crops and scenes of a still photo of the person.
    InjectedStream,
    /// Injection: the same fabricated stream with real crops at two instants only.
    FewFrames,
    /// Injection: the frames of another reading by the same person, fed to the client under
    /// this challenge (a virtual camera).
    OtherReading,
    /// Injection: an earlier reading's evidence, crops and all, re-signed under a new challenge.
    Replayed,
    /// Injection: another reading's frames re-ordered to fit this challenge — each instant takes
    /// the frame whose mouth is closest to what this challenge's digit needs there.
    Reordered,
    /// Injection: a reading of this very challenge, delayed by a second (a relay).
    TimeShifted,
    /// Injection: someone else reading this challenge, sent under the resident's identity.
    OtherFace,
    /// Injection: the registered person synthesized from one photo, reading this challenge
    /// (a deepfake): the lab's own bona fide rendering, injected past the camera.
    Deepfake,
}

impl Species {
    pub const ATTACKS: [Species; 9] = [
        Species::StillPhoto,
        Species::PhotoMoved,
        Species::ReplayOtherDigits,
        Species::WrongSchedule,
        Species::RandomMouth,
        Species::FaceSwap,
        Species::TwoFaces,
        Species::NoAudio,
        Species::OtherAudio,
    ];

    /// Injection species: the attacker controls the client and sends what it likes; the edge
    /// judges the pixels it receives. `cargo xtask pad` measures them.
    pub const INJECTIONS: [Species; 8] = [
        Species::InjectedStream,
        Species::FewFrames,
        Species::OtherReading,
        Species::Replayed,
        Species::Reordered,
        Species::TimeShifted,
        Species::OtherFace,
        Species::Deepfake,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Species::BonaFide => "bona fide",
            Species::StillPhoto => "still photo",
            Species::PhotoMoved => "photo with global motion",
            Species::ReplayOtherDigits => "replay of other digits",
            Species::WrongSchedule => "right digits, wrong schedule",
            Species::RandomMouth => "mouth moving at random",
            Species::FaceSwap => "face swapped mid-session",
            Species::TwoFaces => "two faces",
            Species::NoAudio => "no audio",
            Species::OtherAudio => "audio from another clip",
            Species::InjectedStream => "injected: stream over a photo's crops",
            Species::FewFrames => "injected: stream, real crops at two instants",
            Species::OtherReading => "injected: another reading's frames",
            Species::Replayed => "injected: earlier reading replayed",
            Species::Reordered => "injected: another reading re-ordered to fit",
            Species::TimeShifted => "injected: this reading, one second late",
            Species::OtherFace => "injected: someone else's reading",
            Species::Deepfake => "injected: deepfake from one photo",
        }
    }
}

/// One presentation: the challenge it answers and what the camera and microphone received.
pub struct Presentation {
    pub plan: ChallengePlan,
    pub frames: Vec<(i32, Image)>,
    pub audio: Option<AudioEnvelope>,
    /// What a modified client does to the evidence before signing it.
    pub tamper: Tamper,
}

/// How a modified client changes the evidence it signs.
pub enum Tamper {
    /// Nothing: the client records what its camera (real or virtual) shows.
    None,
    /// The claims of `frames`, the media of these frames (a photo's).
    MediaFrom(Vec<(i32, Image)>),
    /// The claims of `frames`, with only two of their crops.
    TwoCrops,
    /// The evidence of `frames` as recorded under the challenge of this seed, re-signed.
    RecordedUnder(u64),
}

/// The outcome of one presentation.
pub struct Outcome {
    pub species: Species,
    pub identity: &'static str,
    /// How far the person turned towards the screen before reading, because the guidance asked.
    pub turned_degrees: f32,
    pub handling: Handling,
}

/// How far a presentation got.
pub enum Handling {
    /// The framing guidance never let the reading start; its last advice.
    NotAcquired(Advice),
    Judged {
        verdict: Verdict,
        /// The core's refusal of the face (`face_mismatch`, `no_face_in_keyframe`), if any.
        core: Option<&'static str>,
        /// Lowest cosine similarity between the keyframes' face embeddings, thousandths.
        keyframe_similarity: Option<i32>,
        /// Median of the anti-spoof model's "real" score on a sample of the crops received,
        /// thousandths (a signal measured, not used).
        antispoof: Option<i32>,
        /// The submission's size, bytes.
        upload_bytes: usize,
    },
}

impl Outcome {
    pub fn accepted(&self) -> bool {
        match &self.handling {
            Handling::Judged { verdict, core, .. } => verdict.passed && core.is_none(),
            Handling::NotAcquired(_) => false,
        }
    }

    pub fn verdict(&self) -> Option<&Verdict> {
        match &self.handling {
            Handling::Judged { verdict, .. } => Some(verdict),
            Handling::NotAcquired(_) => None,
        }
    }
}

fn seed(n: u64) -> [u8; 32] {
    let mut s = [0u8; 32];
    s[..8].copy_from_slice(&n.to_le_bytes());
    s[8..16].copy_from_slice(&n.wrapping_mul(0x9E37_79B9_7F4A_7C15).to_le_bytes());
    s
}

/// Renders `species` against the challenge of `seed_n`, for `face` (and `other` for swaps).
pub fn present(
    species: Species,
    seed_n: u64,
    face: &TalkingFace,
    other: &TalkingFace,
    voice: &mut Voice,
) -> Result<Presentation, String> {
    let plan = ChallengePlan::from_seed(&seed(seed_n));
    let phase = (seed_n % 7) as f32;
    let spoken = speak(&plan, REACTION_MS, voice)?;
    let times = frame_times(&plan, FPS);
    let bona_fide =
        |f: &TalkingFace, s: &[Spoken], t: i32| f.render(mouth_at(s, t), HeadPose::sway(t, phase), noise(t, seed_n));
    let own_voice = Some(voice_track(&plan, &spoken).envelope(20));
    let render_all = |f: &dyn Fn(i32) -> Image| times.iter().map(|&t| (t, f(t))).collect::<Vec<_>>();
    let (frames, audio) = match species {
        Species::BonaFide => (render_all(&|t| bona_fide(face, &spoken, t)), own_voice),
        Species::StillPhoto => {
            (render_all(&|t| face.render(MouthPose::default(), HeadPose::STILL, noise(t, seed_n))), own_voice)
        }
        Species::PhotoMoved => {
            (render_all(&|t| face.render(MouthPose::default(), HeadPose::sway(t, phase), noise(t, seed_n))), own_voice)
        }
        Species::ReplayOtherDigits => {
            let other_plan = ChallengePlan::from_seed(&seed(seed_n + 1000));
            let other_spoken = speak(&other_plan, REACTION_MS, voice)?;
            let env = voice_track(&other_plan, &other_spoken).envelope(20);
            (render_all(&|t| bona_fide(face, &other_spoken, t)), Some(env))
        }
        Species::WrongSchedule => {
            // The same digits at an even 1 s cadence, started late: a recording made in advance.
            let even = ChallengePlan {
                prompts: plan
                    .prompts
                    .iter()
                    .enumerate()
                    .map(|(i, p)| Prompt { digit: p.digit, start_ms: 700 + 1000 * i as u32, duration_ms: 1000 })
                    .collect(),
            };
            let even_spoken = speak(&even, REACTION_MS, voice)?;
            let env = voice_track(&even, &even_spoken).envelope(20);
            (render_all(&|t| bona_fide(face, &even_spoken, t)), Some(env))
        }
        Species::RandomMouth => {
            let random = |t: i32| {
                let k = ((t.div_euclid(250) as u64 + seed_n).wrapping_mul(0x2545_F491_4F6C_DD1D) >> 40) % 4;
                let pose = match k {
                    0 => MouthPose { open: 1.0, spread: 0.0 },
                    1 => MouthPose { open: 0.1, spread: 1.0 },
                    2 => MouthPose { open: 0.15, spread: -1.0 },
                    _ => MouthPose::default(),
                };
                face.render(pose, HeadPose::sway(t, phase), noise(t, seed_n))
            };
            (render_all(&random), own_voice)
        }
        Species::FaceSwap => {
            let half = plan.total_ms() as i32 / 2;
            // The second person at the first one's frame size: a camera's frames keep their size
            // (the recorder drops frames of another size than the reading's first).
            let size = bona_fide(face, &spoken, 0);
            let swapped = |t: i32| match t < half {
                true => bona_fide(face, &spoken, t),
                false => crate::raster::resize(&bona_fide(other, &spoken, t), size.width, size.height),
            };
            (render_all(&swapped), own_voice)
        }
        Species::TwoFaces => {
            let second = bystander();
            let with_bystander = |t: i32| {
                let mut img = bona_fide(face, &spoken, t);
                paste(&mut img, &second, 0, 0);
                img
            };
            (render_all(&with_bystander), own_voice)
        }
        Species::NoAudio => (render_all(&|t| bona_fide(face, &spoken, t)), None),
        Species::InjectedStream | Species::FewFrames | Species::Deepfake => {
            (render_all(&|t| bona_fide(face, &spoken, t)), own_voice)
        }
        Species::OtherReading | Species::Replayed => {
            let other_plan = ChallengePlan::from_seed(&seed(seed_n + 3000));
            let other_spoken = speak(&other_plan, REACTION_MS, voice)?;
            (render_all(&|t| bona_fide(face, &other_spoken, t)), own_voice)
        }
        Species::Reordered => {
            let other_plan = ChallengePlan::from_seed(&seed(seed_n + 3000));
            let other_spoken = speak(&other_plan, REACTION_MS, voice)?;
            let other_times = frame_times(&other_plan, FPS);
            let pick = |t: i32| {
                let want = mouth_at(&spoken, t);
                let distance = |u: &i32| {
                    let m = mouth_at(&other_spoken, *u);
                    ((m.open - want.open).powi(2) + (m.spread - want.spread).powi(2)).sqrt()
                };
                let best = other_times.iter().min_by(|a, b| distance(a).total_cmp(&distance(b))).copied().unwrap_or(t);
                bona_fide(face, &other_spoken, best)
            };
            (render_all(&pick), own_voice)
        }
        Species::TimeShifted => (render_all(&|t| bona_fide(face, &spoken, t - 1000)), own_voice),
        Species::OtherFace => (render_all(&|t| bona_fide(other, &spoken, t)), own_voice),
        Species::OtherAudio => {
            let other_plan = ChallengePlan::from_seed(&seed(seed_n + 2000));
            let other_spoken = speak(&other_plan, REACTION_MS, voice)?;
            (render_all(&|t| bona_fide(face, &spoken, t)), Some(voice_track(&other_plan, &other_spoken).envelope(20)))
        }
    };
    let tamper = match species {
        Species::InjectedStream => {
            Tamper::MediaFrom(render_all(&|t| face.render(MouthPose::default(), HeadPose::STILL, noise(t, seed_n))))
        }
        Species::FewFrames => Tamper::TwoCrops,
        Species::Replayed => Tamper::RecordedUnder(seed_n + 3000),
        _ => Tamper::None,
    };
    Ok(Presentation { plan, frames, audio, tamper })
}

/// The app's framing phase before a bona fide reading of seed `seed_n`: the resident sits before
/// the camera, mouth at rest, swaying as they will while reading, until the guidance has been
/// ok long enough (`Ok`) or [`ACQUIRE_WITHIN_MS`] have passed (`Err` with the last advice).
pub fn acquire(vision: &mut Vision, face: &TalkingFace, seed_n: u64) -> Result<(), Advice> {
    acquisition(vision, face, seed_n).0
}

/// [`acquire`], and whether the guidance asked for a natural expression on the way.
fn acquisition(vision: &mut Vision, face: &TalkingFace, seed_n: u64) -> (Result<(), Advice>, bool) {
    let phase = (seed_n % 7) as f32;
    let start = -LEAD_IN_MS - ACQUIRE_WITHIN_MS;
    let (mut tracker, mut framing) = (Tracker::default(), Framing::default());
    let (mut advice, mut asked_to_relax) = (Advice::NoFace, false);
    for i in 0.. {
        let t = start + (i as f32 * 1000.0 / FPS as f32).round() as i32;
        if t >= -LEAD_IN_MS {
            break;
        }
        let img = face.render(MouthPose::default(), HeadPose::sway(t, phase), noise(t, seed_n));
        let frame = FrameRef::packed(img.width, img.height, &img.rgba).expect("rendered frames are well formed");
        let analysis = tracker.process(vision, &frame).expect("vision runs on rendered frames");
        advice = framing.advise(&analysis, img.width, img.height, f64::from(t));
        asked_to_relax |= advice == Advice::NaturalExpression;
        if framing.ready(f64::from(t)) {
            return (Ok(()), asked_to_relax);
        }
    }
    (Err(advice), asked_to_relax)
}

fn noise(t: i32, seed_n: u64) -> u64 {
    (t as i64 as u64) ^ (seed_n << 32)
}

/// Runs the whole check on a presentation as the deployment does: a challenge issued by the
/// edge's session flow for this plan, the frames recorded by the client's [`Recorder`] (crops
/// and scenes included) and signed — then changed and re-signed as a modified client would
/// ([`Tamper`]) — verified by the edge's flow, which re-derives the observations from the
/// pixels with the models, then the core's face match on the crops the edge picked, against
/// `registry` (the photo on file) when there is one. Returns the verdict (with
/// `evidence_mismatch` or `face_changed` added when those checks refuse), the core's refusal
/// code if any, and the lowest similarity between the picked crops' faces.
pub fn judge(vision: &mut Vision, p: &Presentation, seed_n: u64, registry: Option<&[f32]>) -> Result<Judged, String> {
    let (body, tampered) = submission(vision, p, seed_n)?;
    let keyring = Keyring::new().with("lab", lab_server_key().public());
    let at = Received { now_ms: ISSUED_AT_MS + 1_000, pick: seed_n, manifest: "lab" };
    judge_body(vision, &body, &keyring, &at, registry, !tampered)
}

/// The lab's challenge-signing key (`lab`).
pub fn lab_server_key() -> SecretKey {
    SecretKey::from_seed(&[0x22; 32])
}

/// The signed submission body of a presentation, as the (possibly modified) client uploads it,
/// and whether a modified client tampered with it.
pub fn submission(vision: &mut Vision, p: &Presentation, seed_n: u64) -> Result<(Vec<u8>, bool), String> {
    let client = SecretKey::from_seed(&[0x11; 32]);
    let server = lab_server_key();
    let challenge = lab_challenge(&client, &server, seed_n)?;
    let application = Application {
        service: "household_registration_certificate".into(),
        id_number: LAB_ID.into(),
        name: "lab".into(),
        reason: "PAD evaluation".into(),
        related_id_number: None,
        idempotency_key: format!("pad-{seed_n}"),
        pilot_consent: false,
    };
    let recorded_under = match p.tamper {
        Tamper::RecordedUnder(n) => lab_challenge(&client, &server, n)?,
        _ => challenge.clone(),
    };
    let mut attestation = record(vision, recorded_under, &application, &p.frames, p.audio.clone(), &client)?;
    let tampered = !matches!(p.tamper, Tamper::None);
    match &p.tamper {
        Tamper::None | Tamper::RecordedUnder(_) => {}
        Tamper::MediaFrom(source) => {
            attestation.media = record(vision, challenge.clone(), &application, source, None, &client)?.media;
        }
        Tamper::TwoCrops => {
            let crops = std::mem::take(&mut attestation.media.crops);
            attestation.media.crops =
                [crops.len() / 3, 2 * crops.len() / 3].iter().filter_map(|&i| crops.get(i).cloned()).collect();
        }
    }
    if tampered {
        let mut signed = attestation.signed;
        signed.challenge = challenge;
        signed.evidence.media_chain = attestation.media.chain().map_err(|e| e.to_string())?;
        attestation = Attestation::sign(signed, attestation.media, &client).map_err(|e| e.to_string())?;
    }
    let body = serde_json::to_vec(&SubmitCase { application, attestation }).map_err(|e| e.to_string())?;
    Ok((body, tampered))
}

/// When and how a submission was received.
pub struct Received<'a> {
    /// The time the edge received it, Unix ms (expiry is checked against it).
    pub now_ms: u64,
    /// The edge's randomness for the face-match crops.
    pub pick: u64,
    /// The model manifest the server pinned.
    pub manifest: &'a str,
}

/// Judges a submission body as the deployment does: the edge's flow (the observations
/// re-derived from the pixels with the models), then the core's face match on the crops the edge
/// picked, against `registry` (the photo on file) when there is one. Returns the verdict (with
/// `evidence_mismatch` or `face_changed` added when those checks refuse), the core's refusal
/// code if any, the lowest similarity between the picked crops' faces, and the anti-spoof
/// model's median score. `strict`: any refusal other than the verdict's or the evidence
/// comparison's is an error of the caller (the lab's own honest submissions).
pub fn judge_body(
    vision: &mut Vision,
    body: &[u8],
    keyring: &Keyring,
    at: &Received<'_>,
    registry: Option<&[f32]>,
    strict: bool,
) -> Result<Judged, String> {
    let decoded = SubmitCase::decode(body).map_err(|e| e.to_string())?;
    let attestation = &decoded.attestation;
    let mut scores = wangban_verify::judge::antispoof_scores(vision, attestation, 8).map_err(|e| e.to_string())?;
    scores.sort_unstable();
    let antispoof = scores.get(scores.len() / 2).copied();
    // Where the edge refuses before the verdict, the table shows the recorded verdict plus why.
    let recorded_verdict = attestation.signed.evidence.client_verdict.clone();
    let crops = attestation.media.crops.clone();
    let settings = Settings { keyring, model_manifest: at.manifest, clock: &|| 0.0, pilot: false };
    let submission = Submission { body, client_address: "lab", now_ms: at.now_ms, pick: at.pick };
    let (ledger, lockout) = (MemoryLedger::default(), MemoryLockout::default());
    let checked = ready(verify(&submission, &settings, &ledger, &lockout, &mut VisionJudge(vision)))
        .ok_or("the verification flow waited")?
        .map_err(VerifyError::from);
    let (mut verdict, keyframes) = match checked {
        Ok(Checked { verified: Verified::Fresh(v), .. }) => (v.liveness.clone(), v.keyframes.clone()),
        Ok(Checked { verified: Verified::Retry(_), .. }) => return Err("a fresh challenge was a retry".into()),
        Err(VerifyError::Liveness { verdict, .. }) => (verdict, spread(&crops)),
        Err(VerifyError::Attest { error: AttestError::EvidenceMismatch(_), .. }) => {
            let mut v = recorded_verdict;
            refuse(&mut v, Reason::EvidenceMismatch);
            (v, spread(&crops))
        }
        Err(VerifyError::Attest { .. }) if !strict => {
            let mut v = recorded_verdict;
            refuse(&mut v, Reason::MalformedEvidence);
            (v, spread(&crops))
        }
        Err(other) => return Err(format!("verification refused the lab's own submission: {other}")),
    };
    // The core: one person throughout the picked crops, and the person on file. The core only
    // sees readings the edge accepted; the lab runs it on every reading so the table lists
    // every check a presentation fails (acceptance is the same either way).
    let embeddings: Vec<Vec<f32>> =
        keyframes.iter().filter_map(|k| wangban_verify::media::embed(vision, k).ok().flatten()).collect();
    let lowest = embeddings
        .iter()
        .enumerate()
        .flat_map(|(i, a)| embeddings[i + 1..].iter().map(move |b| similarity(a, b)))
        .min();
    let core = match match_faces(&embeddings, registry) {
        Err(DecisionError::FaceChanged) => {
            refuse(&mut verdict, Reason::FaceChanged);
            None
        }
        Err(e) => Some(e.code()),
        Ok(_) => None,
    };
    Ok(Judged { verdict, core, keyframe_similarity: lowest, antispoof, upload_bytes: body.len() })
}

/// What [`judge`] found.
pub struct Judged {
    pub verdict: Verdict,
    /// The core's refusal code, if it refused the face.
    pub core: Option<&'static str>,
    pub keyframe_similarity: Option<i32>,
    pub antispoof: Option<i32>,
    /// The submission's size as the browser would upload it.
    pub upload_bytes: usize,
}

/// A challenge from the edge's session flow for the plan of `seed_n`.
fn lab_challenge(client: &SecretKey, server: &SecretKey, seed_n: u64) -> Result<SignedChallenge, String> {
    let body = serde_json::to_vec(&CreateSession {
        service: "household_registration_certificate".into(),
        id_number: LAB_ID.into(),
        client_public_key: hex::encode(&client.public().to_bytes()),
    })
    .map_err(|e| e.to_string())?;
    let mut randomness: Randomness = [0; _];
    randomness[..32].copy_from_slice(&seed(seed_n));
    randomness[32..]
        .iter_mut()
        .enumerate()
        .for_each(|(i, b)| *b = (seed_n as u8).wrapping_mul(31).wrapping_add(i as u8));
    let issuer = Issuer { key_id: "lab", secret: server, require_audio: POLICY.require_audio, model_manifest: "lab" };
    let created = ready(session::create(&body, &MemoryCore::default(), &issuer, &randomness, ISSUED_AT_MS))
        .ok_or("the session flow waited")?
        .map_err(|e| e.to_string())?;
    Ok(created.challenge)
}

/// The client's recorder on `frames`, as the browser runs it (tracking, crops, scenes), signed.
fn record(
    vision: &mut Vision,
    challenge: SignedChallenge,
    application: &Application,
    frames: &[(i32, Image)],
    audio: Option<AudioEnvelope>,
    client: &SecretKey,
) -> Result<Attestation, String> {
    let mut recorder = Recorder::new(challenge).map_err(|e| e.to_string())?;
    let mut tracker = Tracker::default();
    for (t, img) in frames {
        let frame = FrameRef::packed(img.width, img.height, &img.rgba).map_err(|e| e.to_string())?;
        let analysis = tracker.process(vision, &frame).map_err(|e| e.to_string())?;
        recorder.record(vision, &mut RustJpeg, &frame, &analysis, *t).map_err(|e| e.to_string())?;
    }
    recorder.finish(application, audio, "lab", "lab", client).map_err(|e| e.to_string())
}

/// Three crops across a refused reading, for the table's face columns.
fn spread(crops: &[Crop]) -> Vec<Keyframe> {
    let n = crops.len();
    [n / 5, n / 2, 4 * n / 5]
        .iter()
        .filter_map(|&i| crops.get(i))
        .map(|c| Keyframe { t_ms: c.t_ms, frame_t_ms: c.t_ms, jpeg: c.jpeg.clone() })
        .collect()
}

/// The embedding of a person's photo on file: their still, as the registry holds it.
pub fn registry_embedding(vision: &mut Vision, still: &Image) -> Option<Vec<f32>> {
    let frame = FrameRef::packed(still.width, still.height, &still.rgba).ok()?;
    let face = vision.analyze_still(&frame).ok()?.face?;
    vision.embed(&frame, &face).ok().map(|e| e.0)
}

/// The identity number the lab's readings are made for (a valid, unregistered one).
const LAB_ID: &str = "330102199003071249";
/// When the lab's challenges are issued, Unix ms.
pub const ISSUED_AT_MS: u64 = 1_795_968_000_000;

fn refuse(verdict: &mut Verdict, reason: Reason) {
    verdict.reasons.push(reason);
    verdict.reasons.sort_unstable();
    verdict.reasons.dedup();
    verdict.passed = false;
}

/// A person as they sit for the reading (see [`seated`]).
pub struct Seated {
    pub name: &'static str,
    /// Who it is (photos of one person share it).
    pub person: &'static str,
    pub face: TalkingFace,
    /// How far they turned towards the screen because the guidance asked.
    pub turned_degrees: f32,
    /// Whether they moved the phone because the guidance asked them to centre their face or to
    /// come closer or move back.
    pub reframed: bool,
    /// Whether the guidance asked them for a natural expression (a smile or an open mouth at
    /// rest), which the lab's face cannot give.
    pub asked_to_relax: bool,
    /// The embedding of their photo on file (the untouched still).
    pub registry: Option<Vec<f32>>,
}

/// The person as they sit for the reading: the photo as it is or, while the framing guidance
/// asks them to face the screen, turned towards it [`TURN_STEP_DEGREES`] at a time (at most
/// [`MAX_TURNS`] times); asked to centre their face, come closer or move back, they hold the
/// phone so that the face is in the middle, eyes [`FRAMED_EYES`] of the width apart. Attacks use
/// the same face: the attacker shows the camera what a resident who follows the guidance would.
///
/// A resident asked for a natural expression relaxes a smile; the synthesizer cannot relax a
/// smiling photo without losing what it animates (docs/evaluation.md), so the lab's person keeps
/// the photo's mouth and the guidance's patience lets the reading start ([`Seated::asked_to_relax`]).
pub fn seated(vision: &mut Vision, id: &Identity) -> Result<Seated, String> {
    let face =
        |still: Image, vision: &mut Vision| TalkingFace::new(still, vision).ok_or(format!("no face in {}", id.name));
    let registry = registry_embedding(vision, &id.still);
    let mut still = id.still.clone();
    let mut seated = Seated {
        name: id.name,
        person: id.person,
        face: face(still.clone(), vision)?,
        turned_degrees: 0.0,
        reframed: false,
        asked_to_relax: false,
        registry,
    };
    let mut acquired = acquisition(vision, &seated.face, 0);
    for turn in 1..=MAX_TURNS {
        if acquired.0 != Err(Advice::FaceTheScreen) {
            break;
        }
        let degrees = turn as f32 * TURN_STEP_DEGREES;
        still = turn_towards_camera(&id.still, vision, degrees).ok_or(format!("no face in {}", id.name))?;
        seated = Seated { face: face(still.clone(), vision)?, turned_degrees: degrees, ..seated };
        acquired = acquisition(vision, &seated.face, 0);
    }
    if let Err(Advice::CenterFace | Advice::MoveCloser | Advice::MoveBack) = acquired.0 {
        let framed = frame_face(&still, vision, FRAMED_EYES).ok_or(format!("no face in {}", id.name))?;
        seated = Seated { face: face(framed, vision)?, reframed: true, ..seated };
        acquired = acquisition(vision, &seated.face, 0);
    }
    seated.asked_to_relax = acquired.1;
    Ok(seated)
}

/// Every species for every presenting person (all when `presenting` is empty) and seed; the
/// face swap's second person is the next one of `people` who is someone else.
pub fn evaluate(
    people: &[Seated],
    presenting: &[&str],
    seeds: std::ops::Range<u64>,
    species: &[Species],
    vision: &mut Vision,
    voice: &mut Voice,
    mut progress: impl FnMut(&Outcome),
) -> Result<Vec<Outcome>, String> {
    let mut outcomes = Vec::new();
    for (i, &Seated { name, ref face, turned_degrees, ref registry, .. }) in people.iter().enumerate() {
        if !presenting.is_empty() && !presenting.contains(&name) {
            continue;
        }
        // The next one who is someone else.
        let mut next = (1..people.len()).map(|k| &people[(i + k) % people.len()]);
        let other = &next.find(|p| p.person != people[i].person).unwrap_or(&people[i]).face;
        for s in seeds.clone() {
            for &sp in species {
                let acquired = if sp == Species::BonaFide { acquire(vision, face, s) } else { Ok(()) };
                let handling = match acquired {
                    Err(advice) => Handling::NotAcquired(advice),
                    Ok(()) => {
                        let presentation = present(sp, s, face, other, voice)?;
                        let Judged { verdict, core, keyframe_similarity, antispoof, upload_bytes } =
                            judge(vision, &presentation, s, registry.as_deref())?;
                        Handling::Judged { verdict, core, keyframe_similarity, antispoof, upload_bytes }
                    }
                };
                let outcome = Outcome { species: sp, identity: name, turned_degrees, handling };
                progress(&outcome);
                outcomes.push(outcome);
            }
        }
    }
    Ok(outcomes)
}

/// The ISO/IEC 30107-3 table: APCER per attack species, BPCER for acquired bona fide
/// presentations and the failure-to-acquire rate of the others, with counts.
pub fn table(outcomes: &[Outcome]) -> String {
    let mut out = String::from(
        "| presentation | samples | accepted | rate | most frequent reasons | anti-spoof score, median (min–max) |\n|---|---|---|---|---|---|\n",
    );
    let mut row = |label: &str, of: &[&Outcome], rate: String, reasons: Vec<String>| {
        let accepted = of.iter().filter(|o| o.accepted()).count();
        let mut scores: Vec<i32> = of
            .iter()
            .filter_map(|o| match o.handling {
                Handling::Judged { antispoof, .. } => antispoof,
                Handling::NotAcquired(_) => None,
            })
            .collect();
        scores.sort_unstable();
        let spoof = match (scores.first(), scores.get(scores.len() / 2), scores.last()) {
            (Some(lo), Some(mid), Some(hi)) => format!("{mid} ({lo}–{hi})"),
            _ => "–".into(),
        };
        out.push_str(&format!(
            "| {label} | {} | {accepted} | {rate} | {} | {spoof} |\n",
            of.len(),
            most_frequent(reasons)
        ));
    };
    let percent = |k: usize, n: usize| k as f64 * 100.0 / n.max(1) as f64;
    let bona_fide: Vec<&Outcome> = outcomes.iter().filter(|o| o.species == Species::BonaFide).collect();
    let (judged, not_acquired): (Vec<&Outcome>, Vec<&Outcome>) = bona_fide.iter().partition(|o| o.verdict().is_some());
    if !judged.is_empty() {
        let refused = judged.iter().filter(|o| !o.accepted()).count();
        let rate = format!("BPCER {:.1} %", percent(refused, judged.len()));
        row("bona fide", &judged, rate, reason_families(&judged));
    }
    if !not_acquired.is_empty() {
        let rate = format!("FTA {:.1} % of {}", percent(not_acquired.len(), bona_fide.len()), bona_fide.len());
        let advice = not_acquired
            .iter()
            .filter_map(|o| match o.handling {
                Handling::NotAcquired(a) => Some(format!("guidance {}", a.code())),
                Handling::Judged { .. } => None,
            })
            .collect();
        row("bona fide, not acquired", &not_acquired, rate, advice);
    }
    for sp in Species::ATTACKS.into_iter().chain(Species::INJECTIONS) {
        let of: Vec<&Outcome> = outcomes.iter().filter(|o| o.species == sp).collect();
        if !of.is_empty() {
            let accepted = of.iter().filter(|o| o.accepted()).count();
            row(sp.name(), &of, format!("APCER {:.1} %", percent(accepted, of.len())), reason_families(&of));
        }
    }
    out
}

/// Bona fide readings per identity: how many were acquired and judged, how many refused, and the
/// reasons. An overall BPCER hides a resident whose face always fails; this table does not.
pub fn per_identity(outcomes: &[Outcome]) -> String {
    let mut out = String::from(
        "| identity | readings | not acquired | refused | BPCER | most frequent reasons |\n|---|---|---|---|---|---|\n",
    );
    let mut names: Vec<&str> = Vec::new();
    for o in outcomes.iter().filter(|o| o.species == Species::BonaFide) {
        if !names.contains(&o.identity) {
            names.push(o.identity);
        }
    }
    for name in names {
        let of: Vec<&Outcome> =
            outcomes.iter().filter(|o| o.species == Species::BonaFide && o.identity == name).collect();
        let judged: Vec<&Outcome> = of.iter().copied().filter(|o| o.verdict().is_some()).collect();
        let refused: Vec<&Outcome> = judged.iter().copied().filter(|o| !o.accepted()).collect();
        let rate = match judged.len() {
            0 => "–".to_string(),
            n => format!("{:.1} %", refused.len() as f64 * 100.0 / n as f64),
        };
        out.push_str(&format!(
            "| {name} | {} | {} | {} | {rate} | {} |\n",
            of.len(),
            of.len() - judged.len(),
            refused.len(),
            most_frequent(reason_families(&refused)),
        ));
    }
    out
}

/// Upload size of the bona fide submissions: median and p90, KiB.
pub fn upload_kib(outcomes: &[Outcome]) -> Option<(f64, f64)> {
    let mut sizes: Vec<usize> = outcomes
        .iter()
        .filter(|o| o.species == Species::BonaFide)
        .filter_map(|o| match o.handling {
            Handling::Judged { upload_bytes, .. } => Some(upload_bytes),
            Handling::NotAcquired(_) => None,
        })
        .collect();
    sizes.sort_unstable();
    let at = |q: f64| sizes.get(((sizes.len().max(1) - 1) as f64 * q).round() as usize).map(|b| *b as f64 / 1024.0);
    Some((at(0.5)?, at(0.9)?))
}

fn reason_families(of: &[&Outcome]) -> Vec<String> {
    of.iter()
        .flat_map(|o| match &o.handling {
            Handling::Judged { verdict, core, .. } => {
                verdict.reasons.iter().map(reason_family).chain(core.map(String::from)).collect()
            }
            Handling::NotAcquired(_) => Vec::new(),
        })
        .collect()
}

/// The three most frequent of `items`, with counts.
fn most_frequent(items: Vec<String>) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for item in items {
        match counts.iter_mut().find(|(c, _)| *c == item) {
            Some((_, k)) => *k += 1,
            None => counts.push((item, 1)),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts.iter().take(3).map(|(c, k)| format!("{c} ×{k}")).collect::<Vec<_>>().join(", ")
}

/// `digit_mismatch:3` and `digit_mismatch:1` count as one family in the table.
fn reason_family(r: &Reason) -> String {
    match r {
        Reason::DigitMismatch(_) => "digit_mismatch".into(),
        other => other.code(),
    }
}
