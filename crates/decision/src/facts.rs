//! What the government's registries say about a person: the facts rules are evaluated on.
//!
//! Dates are `YYYY-MM-DD` strings (they compare correctly as strings in rules); durations the
//! rules need (age, months owned, years married) are precomputed at the decision date so rules
//! stay simple comparisons.

use serde::{Deserialize, Serialize};

/// The kinds of facts a service may need; the core reads only these (data minimisation, and
/// every read is audited).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    Person,
    Household,
    Property,
    Marriage,
    Birth,
    Death,
    SocialSecurity,
    OverseasReturn,
    CriminalRecord,
}

impl FactKind {
    pub const ALL: [FactKind; 9] = [
        FactKind::Person,
        FactKind::Household,
        FactKind::Property,
        FactKind::Marriage,
        FactKind::Birth,
        FactKind::Death,
        FactKind::SocialSecurity,
        FactKind::OverseasReturn,
        FactKind::CriminalRecord,
    ];
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id_number: String,
    pub name: String,
    /// `M` or `F`.
    pub sex: String,
    pub birth_date: String,
    pub age: u32,
    /// `active`, `deceased`, `emigrated`, `enlisted`, `cancelled`.
    pub status: String,
    /// Region code (6 digits) of the household registration.
    pub hukou_region: String,
    /// City code (4 digits + `00`) of the household registration.
    pub hukou_city: String,
    pub household_id: String,
    /// `single`, `married`, `divorced`, `widowed`.
    pub marital_status: String,
    pub ethnicity: String,
    pub education: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub id_number: String,
    pub name: String,
    /// Relation to the head: `head`, `spouse`, `child`, `parent`, `grandchild`, `other`.
    pub relation: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Household {
    pub id: String,
    pub address: String,
    pub city: String,
    /// `family` or `collective`.
    pub kind: String,
    pub head_id: String,
    pub members: Vec<Member>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Property {
    pub certificate: String,
    pub city: String,
    pub address: String,
    pub area_m2: u32,
    pub residential: bool,
    pub registered_on: String,
    pub months_owned: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Marriage {
    pub spouse_id: String,
    pub spouse_name: String,
    pub registered_on: String,
    pub years: u32,
    /// The spouse's household registration city.
    pub spouse_hukou_city: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Birth {
    /// The child's identity number once issued (empty before birth registration).
    pub child_id: String,
    pub child_name: String,
    pub born_on: String,
    pub registered: bool,
    pub other_parent_id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Death {
    pub died_on: String,
    /// Who reported it (hospital, police…).
    pub source: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SocialSecurity {
    pub city: String,
    pub months: u32,
    pub employer: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OverseasReturn {
    pub country: String,
    pub settled_abroad: bool,
    pub returned_on: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CriminalRecord {
    pub offence: String,
    pub sentenced_on: String,
    pub sentence_ended_on: String,
}

/// The facts about one person, read for one decision. Absent sections were not requested or
/// do not exist (`None` / empty), which rules can test.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    pub person: Option<Person>,
    pub household: Option<Household>,
    pub property: Vec<Property>,
    pub marriage: Option<Marriage>,
    pub births: Vec<Birth>,
    pub death: Option<Death>,
    pub social_security: Option<SocialSecurity>,
    pub overseas_return: Option<OverseasReturn>,
    pub criminal_records: Vec<CriminalRecord>,
}

/// Whole years/months between two `YYYY-MM-DD` dates (0 if malformed or reversed).
pub fn months_between(from: &str, to: &str) -> u32 {
    let parse = |d: &str| -> Option<(i32, i32, i32)> {
        let mut it = d.split('-').map(|p| p.parse::<i32>().ok());
        Some((it.next()??, it.next()??, it.next()??))
    };
    match (parse(from), parse(to)) {
        (Some((y0, m0, d0)), Some((y1, m1, d1))) => {
            let months = (y1 - y0) * 12 + (m1 - m0) - i32::from(d1 < d0);
            months.max(0) as u32
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn months_between_counts_whole_months() {
        assert_eq!(super::months_between("2020-01-15", "2021-01-15"), 12);
        assert_eq!(super::months_between("2020-01-15", "2021-01-14"), 11);
        assert_eq!(super::months_between("2021-01-15", "2020-01-15"), 0);
        assert_eq!(super::months_between("bad", "2020-01-15"), 0);
    }
}
