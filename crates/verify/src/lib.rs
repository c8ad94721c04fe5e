//! Sans-IO verification at the edge: everything the public Worker decides about a submission,
//! as functions over backend traits. The Worker implements the traits over Durable Objects, its
//! static assets and the core's service binding, and does nothing else; the lab's PAD
//! evaluation and the native tests drive the very same functions with the in-memory backends.
//!
//! # Layout
//! - [`flow`]: `POST /api/v1/cases`: every check of a submission in the documented order
//!   ([`flow::verify`]), then the hand-off to the core ([`flow::submit`]).
//! - [`session`]: `POST /api/v1/sessions`: the signed digit challenge.
//! - [`ledger`]: single use of a challenge ([`Ledger`], [`MemoryLedger`]).
//! - [`lockout`]: failures per identity number and address ([`Lockout`], [`MemoryLockout`],
//!   the [`lockout::Window`] policy the Durable Object stores).
//! - [`judge`]: the server's own observations, re-derived from the reading's pixels, and the
//!   comparison with the client's claims ([`Judge`], [`VisionJudge`]).
//! - [`upstream`]: the decision core as the edge sees it ([`Core`], [`MemoryCore`]).
//! - [`evidence`]: vision output → the integer observations, and the [`Recorder`] the browser
//!   records a reading with; [`media`]: the face crops and scenes, encoded and decoded.
//! - [`error`]: [`VerifyError`] and its HTTP answer, in one place.
//!
//! # Example
//! A body that is not a submission is refused before anything is counted or used:
//! ```
//! use wangban_attest::{AttestError, Attestation, Keyring};
//! use wangban_verify::flow::{Settings, Submission, verify};
//! use wangban_verify::judge::{Judge, Rederived};
//! use wangban_verify::{BackendError, MemoryLedger, MemoryLockout, ready};
//!
//! struct NoModels;
//! impl Judge for NoModels {
//!     async fn rederive(&mut self, _: &Attestation, _: u64) -> Result<Result<Rederived, AttestError>, BackendError> {
//!         Err(BackendError("no models in this example".into()))
//!     }
//! }
//!
//! let keyring = Keyring::new();
//! let settings = Settings { keyring: &keyring, model_manifest: "", clock: &|| 0.0, pilot: false };
//! let submission = Submission { body: b"{}", client_address: "192.0.2.1", now_ms: 0, pick: 0 };
//! let (ledger, lockout) = (MemoryLedger::default(), MemoryLockout::default());
//! let refused = ready(verify(&submission, &settings, &ledger, &lockout, &mut NoModels)).unwrap();
//! assert_eq!(refused.unwrap_err().error.answer().status, 400);
//! ```

pub mod error;
pub mod evidence;
pub mod flow;
pub mod judge;
pub mod ledger;
pub mod lockout;
pub mod media;
pub mod session;
pub mod upstream;

pub use error::{BackendError, VerifyError};
pub use evidence::{Recorder, observe};
pub use judge::{Judge, VisionJudge};
pub use ledger::{Ledger, MemoryLedger};
pub use lockout::{Lockout, MemoryLockout};
pub use upstream::{Core, MemoryCore};

/// Runs a flow whose backends never wait (the in-memory ones) to completion; `None` if a
/// backend did wait, which only an I/O-backed backend does.
pub fn ready<F: std::future::IntoFuture>(flow: F) -> Option<F::Output> {
    let mut future = std::pin::pin!(flow.into_future());
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut context) {
        std::task::Poll::Ready(out) => Some(out),
        std::task::Poll::Pending => None,
    }
}

#[cfg(test)]
mod testing;
