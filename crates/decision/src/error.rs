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
    /// A case cannot move from one status to the other.
    #[error("a case cannot go from {from} to {to}")]
    InvalidTransition { from: &'static str, to: &'static str },
    /// The registry could not be read (unavailable, timeout).
    #[error("registry unavailable: {0}")]
    RegistryUnavailable(String),
    /// The applicant is not in the registry.
    #[error("no registration for this identity number")]
    NotRegistered,
    /// A Cloudflare Access token failed a check (signature, key, audience, issuer, lifetime).
    #[error("access token rejected: {0}")]
    AccessToken(&'static str),
}

impl DecisionError {
    /// HTTP status, stable code and messages, as every route answers them.
    pub fn http_status(&self) -> u16 {
        match self {
            DecisionError::InvalidIdNumber(_) => 422,
            DecisionError::UnknownService(_) | DecisionError::NotRegistered => 404,
            DecisionError::InvalidTransition { .. } => 409,
            DecisionError::RegistryUnavailable(_) => 503,
            DecisionError::Catalogue(_) => 500,
            DecisionError::AccessToken(_) => 401,
        }
    }

    pub fn messages(&self) -> (&'static str, &'static str) {
        match self {
            DecisionError::InvalidIdNumber(_) => {
                ("身份证号码不正确，请核对后重新输入。", "The identity number is not valid; please check it.")
            }
            DecisionError::UnknownService(_) => ("没有这项业务。", "No such service."),
            DecisionError::NotRegistered => {
                ("查无此身份证号的户籍登记。", "No registration was found for this identity number.")
            }
            DecisionError::InvalidTransition { .. } => {
                ("案件当前状态不允许此操作。", "The case is not in a state that allows this.")
            }
            DecisionError::RegistryUnavailable(_) => (
                "户籍数据暂时无法访问，请稍后再试，未保存任何数据。",
                "The registry is temporarily unavailable; nothing was saved, please try again later.",
            ),
            DecisionError::Catalogue(_) => ("系统内部错误。", "Internal error."),
            DecisionError::AccessToken(_) => {
                ("登录凭证无效或已过期，请重新登录。", "Your sign-in is not valid or has expired; sign in again.")
            }
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            DecisionError::InvalidIdNumber(_) => "invalid_id_number",
            DecisionError::UnknownService(_) => "unknown_service",
            DecisionError::Catalogue(_) => "catalogue_invalid",
            DecisionError::InvalidTransition { .. } => "invalid_transition",
            DecisionError::RegistryUnavailable(_) => "registry_unavailable",
            DecisionError::NotRegistered => "not_registered",
            DecisionError::AccessToken(_) => "access_token_invalid",
        }
    }
}
