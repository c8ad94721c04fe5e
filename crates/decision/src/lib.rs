//! Sans-IO decision core for Wangban: which services exist, whether the government's own data
//! satisfies a service's rules, and the life of a case from submission to issue.
//!
//! # Layout
//! - [`id_number`]: GB 11643 identity numbers, validated and masked for logs.
//! - [`catalogue`]: the service catalogue, data compiled in from `catalogue/services.toml`.
//! - [`facts`]: what the registries say about a person, as rules see it.
//! - [`registry`]: the registry tables, the [`Registry`] trait (D1 in the core Worker, memory in
//!   tests) and assembling rows into facts; [`synthetic`]: the deterministic demo registry.
//! - [`rules`]: CEL conditions from the catalogue, evaluated over the facts.
//! - [`decide`]: service + facts + face match → auto-approve, review or reject, with reasons.
//! - [`case`]: the case lifecycle; [`audit`]: the hash-chained audit log.
//! - [`access`]: verifying the Cloudflare Access JWT that signs officers in, in production;
//!   [`officers`]: local accounts' sign-in (rate-limited, audited) and revocable sessions.
//! - [`platform`]: the deployment's city, issuing authority and civil date.
//! - [`error`]: the one error enum, with stable machine codes and zh/en messages.
//!
//! The core Worker's flows, sans-IO over [`Backends`] (the caller passes the time):
//! - [`intake`]: a verified application → face match → facts → decision → case.
//! - [`review`]: an officer's decision, and the officer's (audited) view of a case.
//! - [`settle`]: audit trail flushed, index current, approved cases issued — where every flow
//!   ends and what a case's alarm retries.
//! - [`refusals`]: the verifications the edge refused and the faces the core refused, audited.
//! - [`retention`]: deleting a decided case's biometric evidence.
//! - [`pilot`]: a consented pilot's readings, kept, labelled and exported for the lab.
//! - [`views`]: the catalogue, the precheck and the resident's view of a case.
//! - Their backends, each with an in-memory implementation beside the trait: [`store`]
//!   ([`store::CaseStore`]), [`audit`] ([`audit::AuditLog`]), [`registry`] ([`Registry`]),
//!   [`face`] ([`face::Faces`], the face match), [`backends`] ([`backends::Signer`], the
//!   bundle); [`faults`] injects failures into the in-memory ones.
//!
//! # Example
//! A verified application for 王芳's 购房落户 becomes a case approved by the data and held
//! (it takes effect after the catalogue's hold), over the in-memory backends:
//! ```
//! use wangban_attest::Keyframe;
//! use wangban_attest::api::{Application, VerifiedApplication};
//! use wangban_decision::{MemoryBackends, MemoryRegistry, intake::intake, synthetic::demo_registry};
//! use wangban_liveness::Verdict;
//!
//! let face = vec![0.9, 0.1, 0.3];
//! let registry = MemoryRegistry::new(demo_registry()).with_face("330102199003071249", face.clone());
//! let mut backends = MemoryBackends::new(registry);
//! let keyframes = vec![Keyframe::new(1500, 1510, b"a"), Keyframe::new(3000, 3010, b"b")];
//! for k in &keyframes {
//!     backends.faces.by_jpeg.insert(k.jpeg.clone(), face.clone());
//! }
//! let application = VerifiedApplication {
//!     application: Application {
//!         service: "house_purchase_settlement".into(),
//!         id_number: "330102199003071249".into(),
//!         name: "王芳".into(),
//!         reason: "购房落户".into(),
//!         related_id_number: None,
//!         idempotency_key: "k1".into(),
//!         pilot_consent: false,
//!     },
//!     session_id: "s1".into(),
//!     keyframes,
//!     verified_at_ms: 1_795_968_000_000,
//!     client_agreed: true,
//!     liveness: Verdict { passed: true, reasons: vec![], digits: vec![], av_correlation: None },
//!     reading: None,
//! };
//! let flow = std::pin::pin!(intake(&backends, &application, 1_795_968_000_000));
//! let waker = std::task::Waker::noop();
//! let std::task::Poll::Ready(Ok((status, case))) = flow.poll(&mut std::task::Context::from_waker(waker)) else {
//!     panic!("the in-memory backends never wait, and the application is sound");
//! };
//! assert_eq!((status, case.status.as_str()), (201, "held"));
//! ```

pub mod access;
pub mod audit;
pub mod backends;
pub mod case;
pub mod catalogue;
pub mod decide;
pub mod error;
pub mod face;
pub mod facts;
pub mod faults;
pub mod id_number;
pub mod intake;
pub mod officers;
pub mod pilot;
pub mod platform;
pub mod refusals;
pub mod registry;
pub mod retention;
pub mod review;
pub mod rules;
pub mod settle;
pub mod store;
pub mod synthetic;
pub mod views;

pub use backends::{Backends, MemoryBackends};
pub use catalogue::{Catalogue, Service};
pub use decide::{Decision, FaceMatch, decide};
pub use error::DecisionError;
pub use facts::{FactKind, Facts};
pub use id_number::IdNumber;
pub use registry::{MemoryRegistry, Registry};

#[cfg(test)]
mod testing;
