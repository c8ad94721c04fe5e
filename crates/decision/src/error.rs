//! The decision core's one error enum, [`DecisionError`], with stable machine codes, HTTP statuses
//! and zh/en messages.

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
    InvalidTransition {
        /// The case's current status code.
        from: &'static str,
        /// The status code it was asked to move to.
        to: &'static str,
    },
    /// The registry could not be read (unavailable, timeout).
    #[error("registry unavailable: {0}")]
    RegistryUnavailable(String),
    /// The applicant is not in the registry.
    #[error("no registration for this identity number")]
    NotRegistered,
    /// A Cloudflare Access token failed a check (signature, key, audience, issuer, lifetime).
    #[error("access token rejected: {0}")]
    AccessToken(&'static str),
    /// The keyframes show another face than the registry photo.
    #[error("the face does not match the registry photo")]
    FaceMismatch,
    /// The keyframes show different people: the face was swapped during the reading.
    #[error("the keyframes show different faces")]
    FaceChanged,
    /// A keyframe the edge passed shows no face to the core's models.
    #[error("no face in a keyframe")]
    NoFaceInKeyframe,
    /// The face models could not be made ready.
    #[error("face models unavailable: {0}")]
    FacesUnavailable(String),
    /// The case store (Durable Object, index) failed; nothing further was written.
    #[error("case store unavailable: {0}")]
    StoreUnavailable(String),
    /// The audit log could not be appended to.
    #[error("audit log unavailable: {0}")]
    AuditUnavailable(String),
    /// The certificate could not be signed.
    #[error("signing failed: {0}")]
    Signing(String),
    /// The case changed under this request (another officer, a retry): read it again.
    #[error("the case changed meanwhile")]
    Conflict,
    /// No case with this id.
    #[error("no such case")]
    CaseNotFound,
    /// An officer's decision needs a reason of at most 500 characters.
    #[error("a reason is required")]
    ReasonRequired,
    /// A presented certificate does not decode.
    #[error("malformed certificate")]
    CertificateMalformed,
    /// A presented certificate's signature does not verify under any of the authority's keys.
    #[error("certificate signature invalid")]
    CertificateInvalid,
    /// The application's name or reason is not plain text of a bounded length.
    #[error("invalid application: {0}")]
    InvalidApplication(&'static str),
    /// Wrong officer username or password.
    #[error("wrong username or password")]
    BadCredentials,
    /// Too many failed sign-ins for this username or from this address: wait.
    #[error("too many failed sign-ins; retry after {retry_after_s} s")]
    TooManySignIns {
        /// Seconds until the next attempt is allowed.
        retry_after_s: u64,
    },
    /// Local accounts are off in this deployment (officers sign in through Cloudflare Access).
    #[error("local sign-in is off")]
    LocalSignInOff,
    /// A certificate statement an officer may not choose for this case.
    #[error("this statement cannot be chosen for this case")]
    InvalidStatement,
    /// A query parameter is not a number in its range (names the parameter).
    #[error("invalid query parameter {0}")]
    InvalidQuery(&'static str),
    /// This deployment runs no pilot evaluation: nothing is kept for one.
    #[error("no pilot runs here")]
    PilotOff,
    /// A reading for the pilot, or a label, that cannot be kept (says why).
    #[error("invalid pilot reading: {0}")]
    InvalidPilotReading(&'static str),
    /// A document naming the other person cannot be approved: the register does not show them
    /// related to the applicant.
    #[error("the relation is not on record")]
    RelationUnconfirmed,
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
            DecisionError::FaceMismatch
            | DecisionError::FaceChanged
            | DecisionError::NoFaceInKeyframe
            | DecisionError::ReasonRequired => 422,
            DecisionError::FacesUnavailable(_)
            | DecisionError::StoreUnavailable(_)
            | DecisionError::AuditUnavailable(_) => 503,
            DecisionError::Signing(_) => 500,
            DecisionError::Conflict => 409,
            DecisionError::CaseNotFound => 404,
            DecisionError::CertificateMalformed => 400,
            DecisionError::CertificateInvalid | DecisionError::InvalidApplication(_) => 422,
            DecisionError::BadCredentials => 401,
            DecisionError::TooManySignIns { .. } => 429,
            DecisionError::LocalSignInOff => 403,
            DecisionError::InvalidStatement => 422,
            DecisionError::InvalidQuery(_) => 400,
            DecisionError::PilotOff => 403,
            DecisionError::InvalidPilotReading(_) | DecisionError::RelationUnconfirmed => 422,
        }
    }

    /// `(zh, en)` for the resident or officer.
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
            DecisionError::FaceMismatch => (
                "人脸与登记照片不一致，请携带身份证到窗口办理。",
                "The face does not match the registry photo; please go to a service counter with your identity card.",
            ),
            DecisionError::FaceChanged | DecisionError::NoFaceInKeyframe => {
                ("人脸核验未通过。", "The face check did not pass.")
            }
            DecisionError::FacesUnavailable(_)
            | DecisionError::StoreUnavailable(_)
            | DecisionError::AuditUnavailable(_) => {
                ("系统暂时无法办理，请稍后再试。", "The service is temporarily unavailable; please try again later.")
            }
            DecisionError::Signing(_) => ("系统内部错误，请稍后再试。", "Internal error; please try again later."),
            DecisionError::Conflict => {
                ("案件刚刚被更新，请刷新后重试。", "The case was just updated; reload it and try again.")
            }
            DecisionError::CaseNotFound => ("没有这个案件。", "No such case."),
            DecisionError::ReasonRequired => {
                ("请填写审核理由（500字以内）。", "Give a reason (at most 500 characters).")
            }
            DecisionError::CertificateMalformed => ("证明编码无法识别。", "The certificate could not be read."),
            DecisionError::CertificateInvalid => (
                "证明签名无效：内容被改动或并非本机关签发。",
                "The signature is not valid: the certificate was altered or not issued by this authority.",
            ),
            DecisionError::InvalidApplication(_) => (
                "姓名或申请事由格式不正确（姓名最多32个字，事由最多200个字，不含特殊符号）。",
                "The name or reason is not valid (name at most 32 characters, reason at most 200, plain text).",
            ),
            DecisionError::BadCredentials => ("用户名或密码不正确。", "Wrong username or password."),
            DecisionError::TooManySignIns { .. } => {
                ("登录失败次数过多，请稍后再试。", "Too many failed sign-ins; wait a minute and try again.")
            }
            DecisionError::InvalidStatement => (
                "只有在无犯罪记录证明且登记有犯罪记录时，才能选择出具“未发现犯罪记录”，且须批准。",
                "\"No record found\" can only be chosen when approving a no-criminal-record case with records on file.",
            ),
            DecisionError::LocalSignInOff => (
                "本系统通过统一身份认证登录，不接受本地账号。",
                "Officers sign in through the organisation's single sign-on here, not with local accounts.",
            ),
            DecisionError::InvalidQuery(_) => ("查询参数不正确。", "A query parameter is not valid."),
            DecisionError::PilotOff => ("本系统未开展试点评估。", "No pilot evaluation runs here."),
            DecisionError::InvalidPilotReading(_) => {
                ("试点数据或标注不正确，未保存。", "The pilot reading or label is not valid; nothing was kept.")
            }
            DecisionError::RelationUnconfirmed => (
                "户籍登记中未能确认双方关系，不能出具载明对方的证明；请不予批准并说明理由，或请申请人到窗口办理。",
                "The register does not show the relation, so a certificate naming the other person cannot be issued; reject with a reason or refer the applicant to a counter.",
            ),
        }
    }

    /// The stable machine code of the error body.
    pub fn code(&self) -> &'static str {
        match self {
            DecisionError::InvalidIdNumber(_) => "invalid_id_number",
            DecisionError::UnknownService(_) => "unknown_service",
            DecisionError::Catalogue(_) => "catalogue_invalid",
            DecisionError::InvalidTransition { .. } => "invalid_transition",
            DecisionError::RegistryUnavailable(_) => "registry_unavailable",
            DecisionError::NotRegistered => "not_registered",
            DecisionError::AccessToken(_) => "access_token_invalid",
            DecisionError::FaceMismatch => "face_mismatch",
            DecisionError::FaceChanged => "face_changed",
            DecisionError::NoFaceInKeyframe => "no_face_in_keyframe",
            DecisionError::FacesUnavailable(_) => "faces_unavailable",
            DecisionError::StoreUnavailable(_) => "storage_unavailable",
            DecisionError::AuditUnavailable(_) => "audit_unavailable",
            DecisionError::Signing(_) => "internal_error",
            DecisionError::Conflict => "conflict",
            DecisionError::CaseNotFound => "case_not_found",
            DecisionError::ReasonRequired => "reason_required",
            DecisionError::CertificateMalformed => "malformed_certificate",
            DecisionError::CertificateInvalid => "certificate_invalid",
            DecisionError::InvalidApplication(_) => "invalid_application",
            DecisionError::BadCredentials => "bad_credentials",
            DecisionError::TooManySignIns { .. } => "too_many_attempts",
            DecisionError::LocalSignInOff => "local_sign_in_off",
            DecisionError::InvalidStatement => "invalid_statement",
            DecisionError::InvalidQuery(_) => "invalid_query",
            DecisionError::PilotOff => "pilot_off",
            DecisionError::InvalidPilotReading(_) => "invalid_pilot_reading",
            DecisionError::RelationUnconfirmed => "relation_unconfirmed",
        }
    }

    /// For refusals of the verification itself (the face): what the resident does next —
    /// `(outcome, guidance)`, `refer` to a counter or `retry` — as the edge's refusals say it.
    pub fn next_step(&self) -> Option<(&'static str, wangban_attest::api::Guidance)> {
        use wangban_attest::api::Guidance;
        match self {
            DecisionError::FaceMismatch => Some(("refer", Guidance::GoToCounter)),
            DecisionError::FaceChanged | DecisionError::NoFaceInKeyframe => Some(("retry", Guidance::StayInFrame)),
            _ => None,
        }
    }
}
