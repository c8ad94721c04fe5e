//! The registry: the government's data as tables, the [`Registry`] trait a deployment
//! implements over them (D1 in the core Worker, memory in tests), and assembling the rows about
//! one person into [`Facts`].
//!
//! A real deployment would implement [`Registry`] over the population, real-estate,
//! civil-affairs, health, social-security, exit-entry and court systems; here one SQLite schema
//! (`registry/schema.sql`) holds deterministic synthetic data for all of them.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::DecisionError;
use crate::facts::{
    Birth, CriminalRecord, Death, FactKind, Facts, Household, Marriage, Member, OverseasReturn, Person, Property,
    SocialSecurity, months_between,
};
use crate::id_number::IdNumber;

pub const SCHEMA: &str = include_str!("../registry/schema.sql");

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResidentRow {
    pub id_number: String,
    pub name: String,
    pub sex: String,
    pub birth_date: String,
    pub status: String,
    pub hukou_region: String,
    pub household_id: String,
    pub relation: String,
    pub marital_status: String,
    pub ethnicity: String,
    pub education: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HouseholdRow {
    pub id: String,
    pub address: String,
    pub city: String,
    pub kind: String,
    pub head_id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PropertyRow {
    pub certificate: String,
    pub owner_id: String,
    pub city: String,
    pub address: String,
    pub area_m2: u32,
    pub residential: u32,
    pub registered_on: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarriageRow {
    pub a_id: String,
    pub b_id: String,
    pub registered_on: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BirthRow {
    pub parent_a: String,
    pub parent_b: String,
    pub child_id: String,
    pub child_name: String,
    pub born_on: String,
    pub registered: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeathRow {
    pub id_number: String,
    pub died_on: String,
    pub source: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SocialSecurityRow {
    pub id_number: String,
    pub city: String,
    pub months: u32,
    pub employer: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OverseasRow {
    pub id_number: String,
    pub country: String,
    pub settled_abroad: u32,
    pub returned_on: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CriminalRow {
    pub id_number: String,
    pub offence: String,
    pub sentenced_on: String,
    pub sentence_ended_on: String,
}

/// The rows about one person (and their household and spouse) that a decision needs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Rows {
    pub resident: Option<ResidentRow>,
    pub household: Option<HouseholdRow>,
    pub members: Vec<ResidentRow>,
    pub properties: Vec<PropertyRow>,
    pub marriage: Option<MarriageRow>,
    pub spouse: Option<ResidentRow>,
    pub births: Vec<BirthRow>,
    pub death: Option<DeathRow>,
    pub social_security: Option<SocialSecurityRow>,
    pub overseas: Option<OverseasRow>,
    pub criminal: Vec<CriminalRow>,
}

/// Read access to the registries. Implementations read only the kinds asked for.
#[allow(async_fn_in_trait, reason = "single-threaded wasm and tests: no Send bound wanted")]
pub trait Registry {
    async fn rows(&self, id: &IdNumber, kinds: &[FactKind]) -> Result<Rows, DecisionError>;

    /// The facts about `id` as of `today` (`YYYY-MM-DD`).
    async fn facts(&self, id: &IdNumber, kinds: &[FactKind], today: &str) -> Result<Facts, DecisionError> {
        Ok(assemble(self.rows(id, kinds).await?, id, today))
    }
}

fn city_of(region: &str) -> String {
    format!("{}00", region.get(..4).unwrap_or(""))
}

/// Turns raw rows into facts, computing ages and durations at `today`.
pub fn assemble(rows: Rows, id: &IdNumber, today: &str) -> Facts {
    let person = rows.resident.as_ref().map(|r| Person {
        id_number: r.id_number.clone(),
        name: r.name.clone(),
        sex: r.sex.clone(),
        birth_date: r.birth_date.clone(),
        age: months_between(&r.birth_date, today) / 12,
        status: r.status.clone(),
        hukou_region: r.hukou_region.clone(),
        hukou_city: city_of(&r.hukou_region),
        household_id: r.household_id.clone(),
        marital_status: r.marital_status.clone(),
        ethnicity: r.ethnicity.clone(),
        education: r.education.clone(),
    });
    let household = rows.household.map(|h| Household {
        members: rows
            .members
            .iter()
            .map(|m| Member { id_number: m.id_number.clone(), name: m.name.clone(), relation: m.relation.clone() })
            .collect(),
        id: h.id,
        address: h.address,
        city: h.city,
        kind: h.kind,
        head_id: h.head_id,
    });
    let marriage = rows.marriage.map(|m| {
        let spouse_id = if m.a_id == id.as_str() { m.b_id } else { m.a_id };
        let spouse = rows.spouse.as_ref().filter(|s| s.id_number == spouse_id);
        Marriage {
            spouse_name: spouse.map(|s| s.name.clone()).unwrap_or_default(),
            spouse_hukou_city: spouse.map(|s| city_of(&s.hukou_region)).unwrap_or_default(),
            spouse_id,
            years: months_between(&m.registered_on, today) / 12,
            registered_on: m.registered_on,
        }
    });
    Facts {
        person,
        household,
        property: rows
            .properties
            .into_iter()
            .map(|p| Property {
                months_owned: months_between(&p.registered_on, today),
                certificate: p.certificate,
                city: p.city,
                address: p.address,
                area_m2: p.area_m2,
                residential: p.residential != 0,
                registered_on: p.registered_on,
            })
            .collect(),
        marriage,
        births: rows
            .births
            .into_iter()
            .map(|b| Birth {
                other_parent_id: if b.parent_a == id.as_str() { b.parent_b } else { b.parent_a },
                child_id: b.child_id,
                child_name: b.child_name,
                born_on: b.born_on,
                registered: b.registered != 0,
            })
            .collect(),
        death: rows.death.map(|d| Death { died_on: d.died_on, source: d.source }),
        social_security: rows.social_security.map(|s| SocialSecurity {
            city: s.city,
            months: s.months,
            employer: s.employer,
        }),
        overseas_return: rows.overseas.map(|o| OverseasReturn {
            country: o.country,
            settled_abroad: o.settled_abroad != 0,
            returned_on: o.returned_on,
        }),
        criminal_records: rows
            .criminal
            .into_iter()
            .map(|c| CriminalRecord {
                offence: c.offence,
                sentenced_on: c.sentenced_on,
                sentence_ended_on: c.sentence_ended_on,
            })
            .collect(),
    }
}

/// All registry tables.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    pub residents: Vec<ResidentRow>,
    pub households: Vec<HouseholdRow>,
    pub properties: Vec<PropertyRow>,
    pub marriages: Vec<MarriageRow>,
    pub births: Vec<BirthRow>,
    pub deaths: Vec<DeathRow>,
    pub social_security: Vec<SocialSecurityRow>,
    pub overseas: Vec<OverseasRow>,
    pub criminal: Vec<CriminalRow>,
}

/// The registry held in memory (tests, benchmarks, the native evaluation).
pub struct MemoryRegistry {
    data: Dataset,
    by_id: HashMap<String, usize>,
}

impl MemoryRegistry {
    pub fn new(data: Dataset) -> Self {
        let by_id = data.residents.iter().enumerate().map(|(i, r)| (r.id_number.clone(), i)).collect();
        Self { data, by_id }
    }

    pub fn dataset(&self) -> &Dataset {
        &self.data
    }

    pub fn resident(&self, id: &str) -> Option<&ResidentRow> {
        self.by_id.get(id).map(|&i| &self.data.residents[i])
    }

    /// The rows synchronously (the trait's async is only for I/O-backed registries).
    pub fn rows_now(&self, id: &IdNumber, kinds: &[FactKind]) -> Rows {
        let d = &self.data;
        let id_s = id.as_str();
        let want = |k| kinds.contains(&k);
        let resident = self.resident(id_s).cloned();
        let mut rows = Rows { resident: resident.clone(), ..Rows::default() };
        if want(FactKind::Household)
            && let Some(r) = &resident
        {
            rows.household = d.households.iter().find(|h| h.id == r.household_id).cloned();
            rows.members = d.residents.iter().filter(|m| m.household_id == r.household_id).cloned().collect();
        }
        if want(FactKind::Property) {
            rows.properties = d.properties.iter().filter(|p| p.owner_id == id_s).cloned().collect();
        }
        if want(FactKind::Marriage) {
            rows.marriage = d.marriages.iter().find(|m| m.a_id == id_s || m.b_id == id_s).cloned();
            rows.spouse = rows
                .marriage
                .as_ref()
                .and_then(|m| self.resident(if m.a_id == id_s { &m.b_id } else { &m.a_id }).cloned());
        }
        if want(FactKind::Birth) {
            rows.births = d.births.iter().filter(|b| b.parent_a == id_s || b.parent_b == id_s).cloned().collect();
        }
        if want(FactKind::Death) {
            rows.death = d.deaths.iter().find(|x| x.id_number == id_s).cloned();
        }
        if want(FactKind::SocialSecurity) {
            rows.social_security = d.social_security.iter().find(|x| x.id_number == id_s).cloned();
        }
        if want(FactKind::OverseasReturn) {
            rows.overseas = d.overseas.iter().find(|x| x.id_number == id_s).cloned();
        }
        if want(FactKind::CriminalRecord) {
            rows.criminal = d.criminal.iter().filter(|x| x.id_number == id_s).cloned().collect();
        }
        rows
    }
}

impl Registry for MemoryRegistry {
    async fn rows(&self, id: &IdNumber, kinds: &[FactKind]) -> Result<Rows, DecisionError> {
        Ok(self.rows_now(id, kinds))
    }
}
