/// Everything the decision core can refuse or fail with. Each variant has a stable machine code
/// ([`DecisionError::code`]) that the Workers put in their HTTP error bodies.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecisionError {
    /// The identity number fails GB 11643 (length, checksum or birth date).
    #[error("invalid identity number: {0}")]
    InvalidIdNumber(&'static str),
    /// No service with this code in the catalogue.
    #[error("unknown service {0}")]
    UnknownService(String),
    /// The catalogue data itself is malformed (a build-time error, caught by tests).
    #[error("catalogue: {0}")]
    Catalogue(String),
}

impl DecisionError {
    pub fn code(&self) -> &'static str {
        match self {
            DecisionError::InvalidIdNumber(_) => "invalid_id_number",
            DecisionError::UnknownService(_) => "unknown_service",
            DecisionError::Catalogue(_) => "catalogue_invalid",
        }
    }
}
