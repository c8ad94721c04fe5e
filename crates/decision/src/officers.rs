//! Officers' local accounts: sign-in, sessions and sign-out, over [`OfficerStore`] (D1 in the
//! core Worker, [`MemoryOfficerStore`] in memory).
//!
//! Local accounts serve a deployment without Cloudflare Access and local runs. Where Access
//! signs officers in, local sign-in is off unless the deployment turns it on explicitly
//! ([`Policy::local_accounts`]), so a leaked password is no way around Access.
//!
//! Guessing is slow and seen: [`MAX_FAILURES`] failed sign-ins for one username, or from one
//! address, within [`FAILURE_WINDOW_MS`] make the next attempt wait out the window (429 with
//! `Retry-After`) before any password is checked (an Argon2 verification is the costliest thing
//! the core does for an anonymous caller), and every failure is in the audit log.
//!
//! A session is a cookie the core signs: the officer, the officer's session generation, and
//! its expiry. Signing out moves the officer's generation on, which ends every session of that
//! officer at once; removing the account ends them too (a session names an account that must
//! still exist).

use argon2::password_hash::PasswordVerifier;
use argon2::password_hash::phc::PasswordHash;
use hmac::{KeyInit, Mac};
use sha2::Sha256;

use crate::audit::{AuditLog, AuditRecord};
use crate::error::DecisionError;
use crate::refusals::address_digest;

/// Failed sign-ins per username or address within the window before the next must wait.
pub const MAX_FAILURES: usize = 5;
/// The window over which failed sign-ins are counted, ms.
pub const FAILURE_WINDOW_MS: u64 = 60_000;
/// How long a session lasts, ms.
pub const SESSION_MS: u64 = 8 * 60 * 60 * 1000;

/// A valid Argon2 hash checked when the account does not exist, so that both paths cost the same
/// and the answer does not say which usernames exist.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$m324e73oxx4MTa8Nb4BbZg$KNoH4cAvQja3a9jAXvZgBmfjZ2KhS0Gsk9Xzh29USNs";

/// An officer's local account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    /// The name shown in the console.
    pub display_name: String,
    /// Argon2 PHC string.
    pub password_hash: String,
    /// Moves on when the officer signs out: sessions of an earlier generation are over.
    pub generation: u64,
}

/// Where accounts, failed sign-ins and session generations are kept.
#[allow(async_fn_in_trait, reason = "single-threaded wasm and tests: no Send bound wanted")]
pub trait OfficerStore {
    /// The account of a (normalised) username.
    async fn account(&self, username: &str) -> Result<Option<Account>, DecisionError>;
    /// When `subject` failed to sign in since `since_ms`, oldest first.
    async fn failures_since(&self, subject: &str, since_ms: u64) -> Result<Vec<u64>, DecisionError>;
    /// Records a failed sign-in of `subject`.
    async fn record_failure(&self, subject: &str, now_ms: u64) -> Result<(), DecisionError>;
    /// Ends every session of `username` (moves its generation on).
    async fn end_sessions(&self, username: &str) -> Result<(), DecisionError>;
}

/// What the deployment allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Whether local accounts may sign in: yes without Cloudflare Access, and with it only when
    /// the deployment says so (a local run).
    pub local_accounts: bool,
}

impl Policy {
    /// Local accounts are on without Access, and with Access only if explicitly allowed.
    pub fn new(access_configured: bool, allow_local_sign_in: bool) -> Self {
        Policy { local_accounts: !access_configured || allow_local_sign_in }
    }
}

/// A sign-in attempt.
#[derive(Clone, Copy, Debug)]
pub struct Attempt<'a> {
    /// As typed; trimmed and lower-cased here.
    pub username: &'a str,
    /// As typed.
    pub password: &'a str,
    /// The sender's address (`CF-Connecting-IP`).
    pub client_address: &'a str,
}

/// A signed-in officer and the session cookie's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedIn {
    /// The normalised username.
    pub username: String,
    /// The account's display name.
    pub display_name: String,
    /// The cookie value: `user:generation:expiry.mac`.
    pub cookie: String,
}

/// Signs an officer in with a local account.
pub async fn sign_in(
    store: &impl OfficerStore,
    audit: &impl AuditLog,
    secret: &str,
    policy: Policy,
    attempt: &Attempt<'_>,
    now_ms: u64,
) -> Result<SignedIn, DecisionError> {
    if !policy.local_accounts {
        return Err(DecisionError::LocalSignInOff);
    }
    let username = attempt.username.trim().to_ascii_lowercase();
    let valid =
        !username.is_empty() && username.len() <= 32 && username.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let subjects = [
        format!("user:{}", if valid { username.as_str() } else { "(invalid)" }),
        format!("ip:{}", address_digest(secret, attempt.client_address)),
    ];
    let since = now_ms.saturating_sub(FAILURE_WINDOW_MS);
    let mut wait_ms = 0;
    for s in &subjects {
        let failures = store.failures_since(s, since).await?;
        if failures.len() >= MAX_FAILURES {
            // The window's oldest counted failure leaves it first.
            let oldest = failures[failures.len() - MAX_FAILURES];
            wait_ms = wait_ms.max((oldest + FAILURE_WINDOW_MS).saturating_sub(now_ms));
        }
    }
    if wait_ms > 0 {
        return Err(DecisionError::TooManySignIns { retry_after_s: wait_ms.div_ceil(1000).max(1) });
    }
    let account = if valid { store.account(&username).await? } else { None };
    let hash = account.as_ref().map_or(DUMMY_HASH, |a| a.password_hash.as_str());
    let verified = PasswordHash::new(hash)
        .is_ok_and(|h| argon2::Argon2::default().verify_password(attempt.password.as_bytes(), &h).is_ok());
    let shown = if valid { username.clone() } else { "(invalid)".into() };
    let Some(account) = account.filter(|_| verified) else {
        for s in &subjects {
            store.record_failure(s, now_ms).await?;
        }
        let from = format!("from={}", address_digest(secret, attempt.client_address));
        audit.append(&[AuditRecord::new(&shown, "officer_sign_in_failed", &shown, from)], now_ms).await?;
        return Err(DecisionError::BadCredentials);
    };
    audit.append(&[AuditRecord::new(&username, "officer_sign_in", &username, "")], now_ms).await?;
    let cookie = session_cookie(secret, &username, account.generation, now_ms + SESSION_MS);
    Ok(SignedIn { username, display_name: account.display_name, cookie })
}

/// The officer a session cookie names, if its signature holds, it has not expired, the account
/// still exists and the officer has not signed out since.
pub async fn session(
    store: &impl OfficerStore,
    secret: &str,
    cookie: &str,
    now_ms: u64,
) -> Result<Option<String>, DecisionError> {
    let Some((payload, mac)) = cookie.rsplit_once('.') else {
        return Ok(None);
    };
    let same = wangban_attest::digest::constant_time_eq(&sign(secret, payload), mac);
    let mut parts = payload.split(':');
    let (Some(user), Some(generation), Some(expiry), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Ok(None);
    };
    let (Ok(generation), Ok(expiry)) = (generation.parse::<u64>(), expiry.parse::<u64>()) else {
        return Ok(None);
    };
    if !same || expiry <= now_ms {
        return Ok(None);
    }
    let current = store.account(user).await?;
    Ok(current.filter(|a| a.generation == generation).map(|_| user.to_string()))
}

/// Signs the officer out everywhere.
pub async fn sign_out(
    store: &impl OfficerStore,
    audit: &impl AuditLog,
    username: &str,
    now_ms: u64,
) -> Result<(), DecisionError> {
    store.end_sessions(username).await?;
    audit.append(&[AuditRecord::new(username, "officer_sign_out", username, "")], now_ms).await
}

fn session_cookie(secret: &str, username: &str, generation: u64, expiry_ms: u64) -> String {
    let payload = format!("{username}:{generation}:{expiry_ms}");
    let mac = sign(secret, &payload);
    format!("{payload}.{mac}")
}

fn sign(secret: &str, payload: &str) -> String {
    let mut mac =
        <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(b"review-session\0");
    mac.update(payload.as_bytes());
    wangban_attest::hex::encode(&mac.finalize().into_bytes())
}

/// Accounts in memory, for tests.
#[derive(Default)]
pub struct MemoryOfficerStore {
    accounts: std::cell::RefCell<std::collections::HashMap<String, Account>>,
    failures: std::cell::RefCell<Vec<(String, u64)>>,
}

impl MemoryOfficerStore {
    /// Adds (or replaces) an account.
    pub fn with_account(self, username: &str, display_name: &str, password_hash: &str) -> Self {
        let account = Account { display_name: display_name.into(), password_hash: password_hash.into(), generation: 0 };
        self.accounts.borrow_mut().insert(username.into(), account);
        self
    }

    /// Removes an account.
    pub fn remove(&self, username: &str) {
        self.accounts.borrow_mut().remove(username);
    }
}

impl OfficerStore for MemoryOfficerStore {
    async fn account(&self, username: &str) -> Result<Option<Account>, DecisionError> {
        Ok(self.accounts.borrow().get(username).cloned())
    }

    async fn failures_since(&self, subject: &str, since_ms: u64) -> Result<Vec<u64>, DecisionError> {
        Ok(self.failures.borrow().iter().filter(|(s, t)| s == subject && *t >= since_ms).map(|(_, t)| *t).collect())
    }

    async fn record_failure(&self, subject: &str, now_ms: u64) -> Result<(), DecisionError> {
        self.failures.borrow_mut().push((subject.into(), now_ms));
        Ok(())
    }

    async fn end_sessions(&self, username: &str) -> Result<(), DecisionError> {
        if let Some(a) = self.accounts.borrow_mut().get_mut(username) {
            a.generation += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::MemoryAuditLog;
    use crate::testing::run;

    /// `wangban-review-01` (the demo officers' password), hashed as the seed does.
    const HASH: &str =
        "$argon2id$v=19$m=19456,t=2,p=1$d2FuZ2Jhbi1zYWx0LW9mZmljZXIwMQ$UXH/bs60eZ2eVwD2If9jEi5B6L9ziUfuY6RDLaxovV4";
    const SECRET: &str = "core-secret";
    const ON: Policy = Policy { local_accounts: true };
    const T0: u64 = 1_795_968_000_000;

    fn store() -> MemoryOfficerStore {
        MemoryOfficerStore::default().with_account("officer01", "审核民警一", HASH)
    }

    fn attempt<'a>(username: &'a str, password: &'a str, from: &'a str) -> Attempt<'a> {
        Attempt { username, password, client_address: from }
    }

    fn actions(audit: &MemoryAuditLog) -> Vec<String> {
        audit.entries().iter().map(|e| e.action.clone()).collect()
    }

    #[test]
    fn the_sixth_wrong_password_within_a_minute_waits_and_every_failure_is_audited() {
        let (store, audit) = (store(), MemoryAuditLog::default());
        for i in 0..MAX_FAILURES as u64 {
            let wrong =
                run(sign_in(&store, &audit, SECRET, ON, &attempt("officer01", "guess", "192.0.2.1"), T0 + i * 1000));
            assert_eq!(wrong, Err(DecisionError::BadCredentials), "attempt {i}");
        }
        // The sixth, even with the right password and from another address: the username waits.
        let sixth = run(sign_in(&store, &audit, SECRET, ON, &attempt("Officer01", "x", "198.51.100.2"), T0 + 10_000));
        assert_eq!(sixth, Err(DecisionError::TooManySignIns { retry_after_s: 50 }));
        assert_eq!(sixth.unwrap_err().http_status(), 429);
        assert_eq!(actions(&audit), vec!["officer_sign_in_failed"; MAX_FAILURES]);
        assert!(audit.entries().iter().all(|e| e.subject == "officer01" && !e.detail.contains("192.0.2")));
        // Once the window has passed, the right password signs in.
        let later = run(sign_in(&store, &audit, SECRET, ON, &attempt("officer01", PASSWORD, "192.0.2.1"), T0 + 61_000));
        assert_eq!(later.map(|s| s.username), Ok("officer01".to_string()));
    }

    #[test]
    fn one_address_guessing_many_usernames_is_slowed_too() {
        let (store, audit) = (store(), MemoryAuditLog::default());
        for (i, user) in ["a", "b", "c", "d", "e"].iter().enumerate() {
            let r = run(sign_in(&store, &audit, SECRET, ON, &attempt(user, "guess", "192.0.2.9"), T0 + i as u64));
            assert_eq!(r, Err(DecisionError::BadCredentials));
        }
        let r = run(sign_in(&store, &audit, SECRET, ON, &attempt("officer01", PASSWORD, "192.0.2.9"), T0 + 10));
        assert!(matches!(r, Err(DecisionError::TooManySignIns { .. })), "{r:?}");
        let elsewhere =
            run(sign_in(&store, &audit, SECRET, ON, &attempt("officer01", PASSWORD, "192.0.2.10"), T0 + 10));
        assert!(elsewhere.is_ok(), "the officer, from their own address, is not locked out by another's guessing");
    }

    #[test]
    fn with_access_local_sign_in_is_off_unless_allowed() {
        assert_eq!(Policy::new(true, false), Policy { local_accounts: false });
        assert_eq!(Policy::new(true, true), ON);
        assert_eq!(Policy::new(false, false), ON);
        let (store, audit) = (store(), MemoryAuditLog::default());
        let off = Policy::new(true, false);
        let r = run(sign_in(&store, &audit, SECRET, off, &attempt("officer01", PASSWORD, "192.0.2.1"), T0));
        assert_eq!(r, Err(DecisionError::LocalSignInOff));
        assert!(audit.entries().is_empty());
    }

    #[test]
    fn signing_out_or_removing_the_account_ends_every_session() {
        let (store, audit) = (store(), MemoryAuditLog::default());
        let first = run(sign_in(&store, &audit, SECRET, ON, &attempt("officer01", PASSWORD, "192.0.2.1"), T0)).unwrap();
        let second =
            run(sign_in(&store, &audit, SECRET, ON, &attempt("officer01", PASSWORD, "192.0.2.2"), T0)).unwrap();
        let who = |cookie: &str, at| run(session(&store, SECRET, cookie, at)).unwrap();
        assert_eq!(who(&first.cookie, T0 + 1), Some("officer01".into()));
        assert_eq!(who(&first.cookie, T0 + SESSION_MS), None, "expired");
        assert_eq!(who(&first.cookie.replace("officer01:", "officer02:"), T0 + 1), None, "forged");
        assert_eq!(who(&format!("{}0", first.cookie), T0 + 1), None, "forged");
        run(sign_out(&store, &audit, "officer01", T0 + 2)).unwrap();
        assert_eq!((who(&first.cookie, T0 + 3), who(&second.cookie, T0 + 3)), (None, None), "both sessions ended");
        let third =
            run(sign_in(&store, &audit, SECRET, ON, &attempt("officer01", PASSWORD, "192.0.2.1"), T0 + 4)).unwrap();
        assert_eq!(who(&third.cookie, T0 + 5), Some("officer01".into()));
        store.remove("officer01");
        assert_eq!(who(&third.cookie, T0 + 6), None, "a removed account's session is over");
        assert_eq!(actions(&audit), ["officer_sign_in", "officer_sign_in", "officer_sign_out", "officer_sign_in"]);
    }

    const PASSWORD: &str = "wangban-review-01";
}
