//! What the government's registries say about a person: the facts rules are evaluated on.
//!
//! Dates are `YYYY-MM-DD` strings (they compare correctly as strings in rules); durations the
//! rules need (age, months owned, years married) are precomputed at the decision date so rules
//! stay simple comparisons.

use serde::{Deserialize, Serialize};

/// Keeps, inside each fact kind of a case's `{"applicant": {...}, "related": {...}}`, only the
/// fields named in `fields` (at every depth: a household's members, a property's fields); the
/// kinds themselves stay, so a list keeps its length.
pub fn retain_fields(facts_used: &mut serde_json::Value, fields: &std::collections::BTreeSet<String>) {
    fn prune(v: &mut serde_json::Value, fields: &std::collections::BTreeSet<String>) {
        match v {
            serde_json::Value::Object(map) => {
                map.retain(|k, _| fields.contains(k));
                map.values_mut().for_each(|x| prune(x, fields));
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|x| prune(x, fields)),
            _ => {}
        }
    }
    for side in ["applicant", "related"] {
        if let Some(serde_json::Value::Object(kinds)) = facts_used.get_mut(side) {
            kinds.values_mut().for_each(|kind| prune(kind, fields));
        }
    }
}

/// The kinds of facts a service may need; the core reads only these (data minimisation, and
/// every read is audited).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    /// The person's own registration ([`Person`]).
    Person,
    /// Their household and its members ([`Household`]).
    Household,
    /// Real-estate titles they own ([`Property`]).
    Property,
    /// Their marriage registration ([`Marriage`]).
    Marriage,
    /// Birth records naming them as a parent ([`Birth`]).
    Birth,
    /// Their death record ([`Death`]).
    Death,
    /// Their social-insurance record ([`SocialSecurity`]).
    SocialSecurity,
    /// Their exit-entry record ([`OverseasReturn`]).
    OverseasReturn,
    /// Their sentences ([`CriminalRecord`]).
    CriminalRecord,
}

impl FactKind {
    /// Every kind, in declaration order.
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

/// A person's household registration (户籍), from the population register.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// The 18-character identity number.
    pub id_number: String,
    /// The registered name.
    pub name: String,
    /// `M` or `F`.
    pub sex: String,
    /// Date of birth, `YYYY-MM-DD`.
    pub birth_date: String,
    /// Age in whole years at the decision date.
    pub age: u32,
    /// `active`, `deceased`, `emigrated`, `enlisted`, `cancelled`.
    pub status: String,
    /// Region code (6 digits) of the household registration.
    pub hukou_region: String,
    /// City code (4 digits + `00`) of the household registration.
    pub hukou_city: String,
    /// The household the person is registered in ([`Household::id`]).
    pub household_id: String,
    /// `single`, `married`, `divorced`, `widowed`.
    pub marital_status: String,
    /// Ethnic group as registered (e.g. `汉族`).
    pub ethnicity: String,
    /// Highest education as registered (e.g. `大学本科`).
    pub education: String,
}

/// A member of a household.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Member {
    /// The member's identity number.
    pub id_number: String,
    /// The member's name.
    pub name: String,
    /// Relation to the head: `head`, `spouse`, `child`, `parent`, `grandchild`, `other`.
    pub relation: String,
}

/// A household registration (户) and who is in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Household {
    /// The household number.
    pub id: String,
    /// The registered address.
    pub address: String,
    /// City code (4 digits + `00`) of the household.
    pub city: String,
    /// `family` or `collective`.
    pub kind: String,
    /// Identity number of the household head.
    pub head_id: String,
    /// Everyone registered in the household, the head included.
    pub members: Vec<Member>,
}

/// A real-estate title the person owns, from the land registry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Property {
    /// The title certificate number (不动产权证号).
    pub certificate: String,
    /// City code (4 digits + `00`) where the property is.
    pub city: String,
    /// The property's address.
    pub address: String,
    /// Floor area in m².
    pub area_m2: u32,
    /// Whether it is residential property.
    pub residential: bool,
    /// Date the title was registered, `YYYY-MM-DD`.
    pub registered_on: String,
    /// Whole months owned at the decision date.
    pub months_owned: u32,
}

/// The person's marriage registration, from civil affairs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Marriage {
    /// The spouse's identity number.
    pub spouse_id: String,
    /// The spouse's name (empty if the spouse is not in the register).
    pub spouse_name: String,
    /// Date of the marriage registration, `YYYY-MM-DD`.
    pub registered_on: String,
    /// Whole years married at the decision date.
    pub years: u32,
    /// The spouse's household registration city.
    pub spouse_hukou_city: String,
}

/// A hospital birth record naming the person as a parent, from the health authority.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Birth {
    /// The child's identity number once issued (empty before birth registration).
    pub child_id: String,
    /// The child's name.
    pub child_name: String,
    /// Date of birth, `YYYY-MM-DD`.
    pub born_on: String,
    /// Whether the birth is registered in the household register yet.
    pub registered: bool,
    /// The other parent's identity number.
    pub other_parent_id: String,
}

/// The person's death record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Death {
    /// Date of death, `YYYY-MM-DD`.
    pub died_on: String,
    /// Who reported it (hospital, police…).
    pub source: String,
}

/// The person's social-insurance record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SocialSecurity {
    /// City code (4 digits + `00`) where contributions are paid.
    pub city: String,
    /// Months of contributions in that city.
    pub months: u32,
    /// The employer (参保单位) on record.
    pub employer: String,
}

/// The person's exit-entry record of settling abroad or returning.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OverseasReturn {
    /// The country concerned.
    pub country: String,
    /// Whether the person settled abroad (出国定居).
    pub settled_abroad: bool,
    /// Date of return, `YYYY-MM-DD` (empty while still abroad).
    pub returned_on: String,
}

/// A sentence, from the court and prison records.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CriminalRecord {
    /// The offence (e.g. `危险驾驶罪`).
    pub offence: String,
    /// Date of sentencing, `YYYY-MM-DD`.
    pub sentenced_on: String,
    /// Date the sentence ended, `YYYY-MM-DD`.
    pub sentence_ended_on: String,
}

/// The facts about one person, read for one decision. Absent sections were not requested or
/// do not exist (`None` / empty), which rules can test.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    /// The person's registration (`None`: not in the register).
    pub person: Option<Person>,
    /// Their household, with members.
    pub household: Option<Household>,
    /// Titles they own.
    pub property: Vec<Property>,
    /// Their marriage registration.
    pub marriage: Option<Marriage>,
    /// Birth records naming them as a parent.
    pub births: Vec<Birth>,
    /// Their death record.
    pub death: Option<Death>,
    /// Their social-insurance record.
    pub social_security: Option<SocialSecurity>,
    /// Their exit-entry record.
    pub overseas_return: Option<OverseasReturn>,
    /// Their sentences.
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
