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
//! - [`access`]: verifying the Cloudflare Access JWT that signs officers in, in production.
//! - [`error`]: the one error enum, with stable machine codes and zh/en messages.

pub mod access;
pub mod audit;
pub mod case;
pub mod catalogue;
pub mod decide;
pub mod error;
pub mod facts;
pub mod id_number;
pub mod registry;
pub mod rules;
pub mod synthetic;

pub use catalogue::{Catalogue, Service};
pub use decide::{Decision, FaceMatch, decide};
pub use error::DecisionError;
pub use facts::{FactKind, Facts};
pub use id_number::IdNumber;
pub use registry::{MemoryRegistry, Registry};
