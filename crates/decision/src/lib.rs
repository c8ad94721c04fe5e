//! Sans-IO decision core for Wangban: which services exist, whether the government's own data
//! satisfies a service's rules, and the life of a case from submission to issue.
//!
//! # Layout
//! - [`id_number`]: GB 11643 identity numbers, validated and masked for logs.
//! - [`catalogue`]: the service catalogue, data compiled in from `catalogue/services.toml`.
//! - [`error`]: the one error enum, with stable machine codes.

pub mod catalogue;
pub mod error;
pub mod id_number;

pub use catalogue::{Catalogue, Service};
pub use error::DecisionError;
pub use id_number::IdNumber;
