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
use wangban_attest::{AttestError, Keyring, SecretKey, hex};
use wangban_decision::DecisionError;
use wangban_decision::face::{match_faces, similarity};
use wangban_liveness::{AudioEnvelope, ChallengePlan, Policy, Prompt, Reason, Verdict};
use wangban_testdata::Image;
use wangban_verify::flow::{Checked, Settings, Submission, Verified, verify};
use wangban_verify::keyframes::RustJpeg;
use wangban_verify::session::{self, Issuer, Randomness};
use wangban_verify::{MemoryCore, MemoryLedger, MemoryLockout, Recorder, VerifyError, VisionRecheck, ready};
use wangban_vision::guidance::{Advice, Framing};
use wangban_vision::{FrameRef, Tracker, Vision};

use crate::faces::{Identity, bystander};
use crate::raster::paste;
use crate::reading::{LEAD_IN_MS, Spoken, frame_times, mouth_at, speak, voice_track};
use crate::speech::Voice;
use crate::synth::{HeadPose, MouthPose, TalkingFace, turn_towards_camera};

pub const FPS: u32 = 15;
const REACTION_MS: i32 = 300;
const POLICY: Policy = Policy { require_audio: true };
/// How long a resident is given to get framed before the evaluation counts a failure to acquire
/// (the app itself keeps asking).
const ACQUIRE_WITHIN_MS: i32 = 10_000;
/// How far a resident turns towards the screen each time the guidance asks, and how often.
const TURN_STEP_DEGREES: f32 = 10.0;
const MAX_TURNS: u32 = 2;

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
    /// Injection (a modified client, no camera): the observation stream of a synthesized reading
    /// of the challenge, with the keyframes cut from a still photo of the person and their
    /// observations set to what the photo shows, so the server's re-check of them agrees.
    InjectedStream,
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

    /// Injection species: the attacker controls the client and sends what it likes. Today's
    /// edge judges the client's numbers and sees pixels only at the keyframes, so these pass
    /// (the threat model's first residual); `cargo xtask pad` measures them.
    pub const INJECTIONS: [Species; 1] = [Species::InjectedStream];

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
            Species::InjectedStream => "injected: stream + photo keyframes",
        }
    }
}

/// One presentation: the challenge it answers and what the camera and microphone received.
pub struct Presentation {
    pub plan: ChallengePlan,
    pub frames: Vec<(i32, Image)>,
    pub audio: Option<AudioEnvelope>,
    /// Injection species: the frames a modified client cuts its keyframes from (and claims the
    /// keyframe frames' observations of); `None`: the keyframes come from `frames`, as in a
    /// real client.
    pub keyframe_source: Option<Vec<(i32, Image)>>,
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
        /// Lowest cosine similarity between the keyframes' face embeddings, thousandths.
        keyframe_similarity: Option<i32>,
    },
}

impl Outcome {
    pub fn accepted(&self) -> bool {
        self.verdict().is_some_and(|v| v.passed)
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
            (render_all(&|t| bona_fide(if t < half { face } else { other }, &spoken, t)), own_voice)
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
        Species::InjectedStream => (render_all(&|t| bona_fide(face, &spoken, t)), own_voice),
        Species::OtherAudio => {
            let other_plan = ChallengePlan::from_seed(&seed(seed_n + 2000));
            let other_spoken = speak(&other_plan, REACTION_MS, voice)?;
            (render_all(&|t| bona_fide(face, &spoken, t)), Some(voice_track(&other_plan, &other_spoken).envelope(20)))
        }
    };
    let keyframe_source = (species == Species::InjectedStream)
        .then(|| render_all(&|t| face.render(MouthPose::default(), HeadPose::STILL, noise(t, seed_n))));
    Ok(Presentation { plan, frames, audio, keyframe_source })
}

/// The app's framing phase before a bona fide reading of seed `seed_n`: the resident sits before
/// the camera, mouth at rest, swaying as they will while reading, until the guidance has been
/// ok long enough (`Ok`) or [`ACQUIRE_WITHIN_MS`] have passed (`Err` with the last advice).
pub fn acquire(vision: &mut Vision, face: &TalkingFace, seed_n: u64) -> Result<(), Advice> {
    let phase = (seed_n % 7) as f32;
    let start = -LEAD_IN_MS - ACQUIRE_WITHIN_MS;
    let (mut tracker, mut framing) = (Tracker::default(), Framing::default());
    let mut advice = Advice::NoFace;
    for i in 0.. {
        let t = start + (i as f32 * 1000.0 / FPS as f32).round() as i32;
        if t >= -LEAD_IN_MS {
            break;
        }
        let img = face.render(MouthPose::default(), HeadPose::sway(t, phase), noise(t, seed_n));
        let frame = FrameRef::packed(img.width, img.height, &img.rgba).expect("rendered frames are well formed");
        let analysis = tracker.process(vision, &frame).expect("vision runs on rendered frames");
        advice = framing.advise(&analysis, img.width, img.height, f64::from(t));
        if framing.ready(f64::from(t)) {
            return Ok(());
        }
    }
    Err(advice)
}

fn noise(t: i32, seed_n: u64) -> u64 {
    (t as i64 as u64) ^ (seed_n << 32)
}

/// Runs the whole check on a presentation as the deployment does: a challenge issued by the
/// edge's session flow for this plan, the frames recorded by the client's [`Recorder`] (keyframe
/// crops included), signed, verified by the edge's flow with the models re-checking the
/// keyframes, then the core's identity check across the keyframes. Returns the verdict (with
/// `evidence_mismatch` or `face_changed` added when those checks refuse) and the lowest
/// similarity between the keyframes' faces.
pub fn judge(vision: &mut Vision, p: &Presentation, seed_n: u64) -> Result<(Verdict, Option<i32>), String> {
    let client = SecretKey::from_seed(&[0x11; 32]);
    let server = SecretKey::from_seed(&[0x22; 32]);
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
    let issuer = Issuer { key_id: "lab", secret: &server, require_audio: POLICY.require_audio, model_manifest: "lab" };
    let created = ready(session::create(&body, &MemoryCore::default(), &issuer, &randomness, ISSUED_AT_MS))
        .ok_or("the session flow waited")?
        .map_err(|e| e.to_string())?;
    let mut pending: std::collections::VecDeque<i32> =
        created.challenge.challenge.keyframes_ms.iter().copied().collect();
    let mut recorder = Recorder::new(created.challenge).map_err(|e| e.to_string())?;
    let mut tracker = Tracker::default();
    for (i, (t, img)) in p.frames.iter().enumerate() {
        // A modified client swaps in the photo's frame wherever a keyframe will be cut.
        let due = pending.front().is_some_and(|k| k <= t);
        while pending.front().is_some_and(|k| k <= t) {
            pending.pop_front();
        }
        let injected = p.keyframe_source.as_ref().filter(|_| due).and_then(|src| src.get(i)).map(|(_, photo)| photo);
        let img = injected.unwrap_or(img);
        let frame = FrameRef::packed(img.width, img.height, &img.rgba).map_err(|e| e.to_string())?;
        let analysis = match injected {
            Some(_) => vision.analyze_still(&frame).map_err(|e| e.to_string())?,
            None => tracker.process(vision, &frame).map_err(|e| e.to_string())?,
        };
        recorder.record(vision, &mut RustJpeg, &frame, &analysis, *t).map_err(|e| e.to_string())?;
    }
    let attestation = recorder.finish(p.audio.clone(), "lab", "lab", &client).map_err(|e| e.to_string())?;
    let keyframes = attestation.signed.evidence.keyframes.clone();
    // The recorder's verdict is the server's computation on the same frames (same code, same
    // plan and policy; the conformance fingerprint pins it across platforms).
    let recorded_verdict = attestation.signed.evidence.client_verdict.clone();
    let application = Application {
        service: "household_registration_certificate".into(),
        id_number: LAB_ID.into(),
        name: "lab".into(),
        reason: "PAD evaluation".into(),
        related_id_number: None,
        idempotency_key: format!("pad-{seed_n}"),
    };
    let body = serde_json::to_vec(&SubmitCase { application, attestation }).map_err(|e| e.to_string())?;
    let keyring = Keyring::new().with("lab", server.public());
    let settings = Settings { keyring: &keyring, model_manifest: "lab", clock: &|| 0.0 };
    let submission = Submission { body: &body, client_address: "lab", now_ms: ISSUED_AT_MS + 1_000 };
    let (ledger, lockout) = (MemoryLedger::default(), MemoryLockout::default());
    let checked = ready(verify(&submission, &settings, &ledger, &lockout, &mut VisionRecheck(vision)))
        .ok_or("the verification flow waited")?;
    let mut verdict = match checked {
        Ok(Checked { verified: Verified::Fresh(v), .. }) => v.liveness.clone(),
        Ok(Checked { verified: Verified::Retry(_), .. }) => return Err("a fresh challenge was a retry".into()),
        Err(VerifyError::Liveness { verdict, .. }) => verdict,
        Err(VerifyError::Attest { error: AttestError::KeyframeMismatch(_), .. }) => {
            let mut v = recorded_verdict;
            refuse(&mut v, Reason::EvidenceMismatch);
            v
        }
        Err(other) => return Err(format!("verification refused the lab's own submission: {other}")),
    };
    // The core: one person throughout the keyframes (no registry photo in the lab). The core
    // only sees readings the edge accepted; the lab runs it on every reading so the table lists
    // every check a presentation fails (acceptance is the same either way).
    let embeddings: Vec<Vec<f32>> =
        keyframes.iter().filter_map(|k| wangban_verify::keyframes::embed(vision, k).ok().flatten()).collect();
    let lowest = embeddings
        .iter()
        .enumerate()
        .flat_map(|(i, a)| embeddings[i + 1..].iter().map(move |b| similarity(a, b)))
        .min();
    if match_faces(&embeddings, None) == Err(DecisionError::FaceChanged) {
        refuse(&mut verdict, Reason::FaceChanged);
    }
    Ok((verdict, lowest))
}

/// The identity number the lab's readings are made for (a valid, unregistered one).
const LAB_ID: &str = "330102199003071249";
const ISSUED_AT_MS: u64 = 1_795_968_000_000;

fn refuse(verdict: &mut Verdict, reason: Reason) {
    verdict.reasons.push(reason);
    verdict.reasons.sort_unstable();
    verdict.reasons.dedup();
    verdict.passed = false;
}

/// A person as they sit for the reading (see [`seated`]).
pub struct Seated {
    pub name: &'static str,
    pub face: TalkingFace,
    /// How far they turned towards the screen because the guidance asked.
    pub turned_degrees: f32,
}

/// The person as they sit for the reading: the photo as it is or, while the framing guidance
/// asks them to face the screen, turned towards it [`TURN_STEP_DEGREES`] at a time (at most
/// [`MAX_TURNS`] times). Attacks use the same face: the attacker shows the camera what a
/// resident who follows the guidance would.
pub fn seated(vision: &mut Vision, id: &Identity) -> Result<Seated, String> {
    let face =
        |still: Image, vision: &mut Vision| TalkingFace::new(still, vision).ok_or(format!("no face in {}", id.name));
    let mut seated = Seated { name: id.name, face: face(id.still.clone(), vision)?, turned_degrees: 0.0 };
    for turn in 1..=MAX_TURNS {
        if acquire(vision, &seated.face, 0) != Err(Advice::FaceTheScreen) {
            break;
        }
        let degrees = turn as f32 * TURN_STEP_DEGREES;
        let turned = turn_towards_camera(&id.still, vision, degrees).ok_or(format!("no face in {}", id.name))?;
        seated = Seated { face: face(turned, vision)?, turned_degrees: degrees, ..seated };
    }
    Ok(seated)
}

/// Every species for every presenting person (all when `presenting` is empty) and seed; the
/// face swap's second person is the next one of `people`.
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
    for (i, &Seated { name, ref face, turned_degrees }) in people.iter().enumerate() {
        if !presenting.is_empty() && !presenting.contains(&name) {
            continue;
        }
        let other = &people[(i + 1) % people.len()].face;
        for s in seeds.clone() {
            for &sp in species {
                let acquired = if sp == Species::BonaFide { acquire(vision, face, s) } else { Ok(()) };
                let handling = match acquired {
                    Err(advice) => Handling::NotAcquired(advice),
                    Ok(()) => {
                        let (verdict, keyframe_similarity) = judge(vision, &present(sp, s, face, other, voice)?, s)?;
                        Handling::Judged { verdict, keyframe_similarity }
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
    let mut out =
        String::from("| presentation | samples | accepted | rate | most frequent reasons |\n|---|---|---|---|---|\n");
    let mut row = |label: &str, of: &[&Outcome], rate: String, reasons: Vec<String>| {
        let accepted = of.iter().filter(|o| o.accepted()).count();
        out.push_str(&format!("| {label} | {} | {accepted} | {rate} | {} |\n", of.len(), most_frequent(reasons)));
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

fn reason_families(of: &[&Outcome]) -> Vec<String> {
    of.iter().filter_map(|o| o.verdict()).flat_map(|v| v.reasons.iter().map(reason_family)).collect()
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
