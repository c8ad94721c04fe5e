//! What this deployment is: the city it serves, the issuing authority, its time zone. Settings
//! of the platform, kept apart from the demo registry and from keys.

/// The city this deployment serves (温州市), as an administrative division code.
pub const PLATFORM_CITY: &str = "330300";

/// The authority named on every certificate and completion notice.
pub const ISSUER: &str = "温州市公安局户政管理 · 网办";

/// The deployment's time zone (UTC+8), for the civil date on certificates and in the rules.
const UTC_OFFSET_MS: u64 = 8 * 3600 * 1000;

/// The civil date (`YYYY-MM-DD`, UTC+8) at Unix time `now_ms`.
pub fn date_of(now_ms: u64) -> String {
    let days = ((now_ms + UTC_OFFSET_MS) / 86_400_000) as i64;
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_is_the_deployments_civil_date() {
        assert_eq!(date_of(0), "1970-01-01");
        // Midnight in UTC+8 is 16:00 UTC the day before.
        assert_eq!(date_of(1_795_968_000_000), "2026-11-30");
        assert_eq!(date_of(1_795_968_000_000 - 1), "2026-11-29");
        assert_eq!(date_of(951_782_400_000), "2000-02-29");
    }
}
