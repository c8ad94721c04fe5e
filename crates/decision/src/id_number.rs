//! Resident identity numbers (公民身份号码, GB 11643-1999): 17 digits and a check character.

use serde::{Deserialize, Serialize};

use crate::error::DecisionError;

/// A syntactically valid 18-character identity number (checksum verified, birth date plausible).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdNumber(String);

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

impl IdNumber {
    /// Validates `s` (trimmed, a lower-case `x` accepted): 17 digits, the check character, a real
    /// birth date.
    pub fn parse(s: &str) -> Result<Self, DecisionError> {
        let s = s.trim().to_ascii_uppercase();
        let chars: Vec<char> = s.chars().collect();
        if chars.len() != 18 || !chars[..17].iter().all(char::is_ascii_digit) {
            return Err(DecisionError::InvalidIdNumber("must be 17 digits and a check character"));
        }
        let sum: u32 = chars[..17].iter().zip(WEIGHTS).map(|(c, w)| c.to_digit(10).unwrap_or(0) * w).sum();
        if CHECK[(sum % 11) as usize] != chars[17] {
            return Err(DecisionError::InvalidIdNumber("check character does not match"));
        }
        let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
        let (year, month, day) = (num(6..10), num(10..12), num(12..14));
        if !(1900..=2100).contains(&year) || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month)
        {
            return Err(DecisionError::InvalidIdNumber("birth date is not a real date"));
        }
        Ok(IdNumber(s))
    }

    /// Completes 17 digits with their check character (for generating test identities).
    pub fn with_check_digit(first17: &str) -> Result<Self, DecisionError> {
        if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DecisionError::InvalidIdNumber("must be 17 digits"));
        }
        let sum: u32 = first17.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
        Self::parse(&format!("{first17}{}", CHECK[(sum % 11) as usize]))
    }

    /// The full 18 characters (never for logs: see [`Self::masked`]).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For logs: region code and last four kept, the rest hidden (`330302********1234`).
    pub fn masked(&self) -> String {
        format!("{}********{}", &self.0[..6], &self.0[14..])
    }

    /// Masks every identity number in a JSON document, wherever it sits (the facts a case keeps:
    /// household members, spouses, owners), in place.
    pub fn mask_all(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::String(s) => {
                if let Ok(id) = IdNumber::parse(s) {
                    *s = id.masked();
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(IdNumber::mask_all),
            serde_json::Value::Object(fields) => fields.values_mut().for_each(IdNumber::mask_all),
            _ => {}
        }
    }

    /// Birth date as `(year, month, day)`.
    pub fn birth_date(&self) -> (u32, u32, u32) {
        let num = |r: std::ops::Range<usize>| self.0[r].parse::<u32>().unwrap_or(0);
        (num(6..10), num(10..12), num(12..14))
    }

    /// The 6-digit administrative region code of the place of first registration.
    pub fn region(&self) -> &str {
        &self.0[..6]
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl TryFrom<String> for IdNumber {
    type Error = DecisionError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        IdNumber::parse(&s)
    }
}

impl From<IdNumber> for String {
    fn from(id: IdNumber) -> String {
        id.0
    }
}

impl std::fmt::Display for IdNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_numbers_and_computes_the_check_character() {
        // The worked example of GB 11643-1999.
        assert!(IdNumber::parse("11010519491231002X").is_ok());
        assert!(IdNumber::parse("11010519491231002x").is_ok());
        let id = IdNumber::with_check_digit("33030219900101123").unwrap();
        assert_eq!(id.masked(), format!("330302********{}", &id.as_str()[14..]));
        assert_eq!(id.birth_date(), (1990, 1, 1));
        assert_eq!(format!("{id}"), id.masked(), "Display never shows the full number");
    }

    #[test]
    fn rejects_bad_numbers() {
        for bad in [
            "",
            "123",
            "110105194912310021",
            "11010519491331002X",
            "1101051949123100XX",
            "１１０１０５１９４９１２３１００２X",
        ] {
            assert!(IdNumber::parse(bad).is_err(), "{bad}");
        }
        assert!(IdNumber::with_check_digit("11010519490230002").is_err(), "30 February");
        assert!(IdNumber::with_check_digit("11010519480229002").is_ok(), "29 February 1948");
    }
}
