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

/// The registry's SQLite / D1 schema (`registry/schema.sql`): one table per source system, plus
/// the face embeddings, the case index and the local deployment's officers.
pub const SCHEMA: &str = include_str!("../registry/schema.sql");

/// A row of `residents`: one person in the population register (户籍).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResidentRow {
    /// `residents.id_number`: the 18-character identity number (primary key).
    pub id_number: String,
    /// `residents.name`: the registered name.
    pub name: String,
    /// `residents.sex`: `M` or `F`.
    pub sex: String,
    /// `residents.birth_date`: date of birth, `YYYY-MM-DD`.
    pub birth_date: String,
    /// `residents.status`: `active`, `deceased`, `emigrated`, `enlisted` or `cancelled`.
    pub status: String,
    /// `residents.hukou_region`: region code (6 digits) of the household registration.
    pub hukou_region: String,
    /// `residents.household_id`: the `households.id` the person is registered in.
    pub household_id: String,
    /// `residents.relation`: relation to the household head: `head`, `spouse`, `child`, `parent`,
    /// `grandchild` or `other`.
    pub relation: String,
    /// `residents.marital_status`: `single`, `married`, `divorced` or `widowed`.
    pub marital_status: String,
    /// `residents.ethnicity`: ethnic group as registered (e.g. `汉族`).
    pub ethnicity: String,
    /// `residents.education`: highest education as registered (e.g. `大学本科`).
    pub education: String,
}

/// A row of `households`: one household registration (户).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HouseholdRow {
    /// `households.id`: the household number (primary key).
    pub id: String,
    /// `households.address`: the registered address.
    pub address: String,
    /// `households.city`: city code (4 digits + `00`) of the household.
    pub city: String,
    /// `households.kind`: `family` or `collective`.
    pub kind: String,
    /// `households.head_id`: identity number of the household head.
    pub head_id: String,
}

/// A row of `properties`: one real-estate title from the land registry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PropertyRow {
    /// `properties.certificate`: the title certificate number (不动产权证号, primary key).
    pub certificate: String,
    /// `properties.owner_id`: identity number of the owner.
    pub owner_id: String,
    /// `properties.city`: city code (4 digits + `00`) where the property is.
    pub city: String,
    /// `properties.address`: the property's address.
    pub address: String,
    /// `properties.area_m2`: floor area in m².
    pub area_m2: u32,
    /// `properties.residential`: 1 if residential, 0 if not (SQLite has no boolean).
    pub residential: u32,
    /// `properties.registered_on`: date the title was registered, `YYYY-MM-DD`.
    pub registered_on: String,
}

/// A row of `marriages`: one marriage registration from civil affairs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarriageRow {
    /// `marriages.a_id`: identity number of one spouse (either order).
    pub a_id: String,
    /// `marriages.b_id`: identity number of the other spouse.
    pub b_id: String,
    /// `marriages.registered_on`: date of the marriage registration, `YYYY-MM-DD`.
    pub registered_on: String,
}

/// A row of `births`: one hospital birth record from the health authority.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BirthRow {
    /// `births.parent_a`: identity number of one parent (either order).
    pub parent_a: String,
    /// `births.parent_b`: identity number of the other parent.
    pub parent_b: String,
    /// `births.child_id`: the child's identity number once issued (empty before birth
    /// registration).
    pub child_id: String,
    /// `births.child_name`: the child's name.
    pub child_name: String,
    /// `births.born_on`: date of birth, `YYYY-MM-DD`.
    pub born_on: String,
    /// `births.registered`: 1 once the birth is registered in the household register, 0 while it
    /// awaits registration.
    pub registered: u32,
}

/// A row of `deaths`: one death record from a hospital or the police.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeathRow {
    /// `deaths.id_number`: identity number of the deceased (primary key).
    pub id_number: String,
    /// `deaths.died_on`: date of death, `YYYY-MM-DD`.
    pub died_on: String,
    /// `deaths.source`: who reported it (hospital, police…).
    pub source: String,
}

/// A row of `social_security`: a person's social-insurance record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SocialSecurityRow {
    /// `social_security.id_number`: identity number of the insured (primary key).
    pub id_number: String,
    /// `social_security.city`: city code (4 digits + `00`) where contributions are paid.
    pub city: String,
    /// `social_security.months`: months of contributions in that city.
    pub months: u32,
    /// `social_security.employer`: the employer (参保单位) on record.
    pub employer: String,
}

/// A row of `overseas`: an exit-entry record of settling abroad or returning.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OverseasRow {
    /// `overseas.id_number`: identity number of the person (primary key).
    pub id_number: String,
    /// `overseas.country`: the country concerned.
    pub country: String,
    /// `overseas.settled_abroad`: 1 if the person settled abroad (出国定居), 0 if not.
    pub settled_abroad: u32,
    /// `overseas.returned_on`: date of return, `YYYY-MM-DD` (empty while still abroad).
    pub returned_on: String,
}

/// A row of `criminal`: one sentence from the court and prison records.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CriminalRow {
    /// `criminal.id_number`: identity number of the person sentenced.
    pub id_number: String,
    /// `criminal.offence`: the offence (e.g. `危险驾驶罪`).
    pub offence: String,
    /// `criminal.sentenced_on`: date of sentencing, `YYYY-MM-DD`.
    pub sentenced_on: String,
    /// `criminal.sentence_ended_on`: date the sentence ended, `YYYY-MM-DD`.
    pub sentence_ended_on: String,
}

/// The rows about one person (and their household and spouse) that a decision needs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Rows {
    /// The person's `residents` row, if registered.
    pub resident: Option<ResidentRow>,
    /// The person's household (only if [`FactKind::Household`] was asked for).
    pub household: Option<HouseholdRow>,
    /// Every resident registered in that household, the person included.
    pub members: Vec<ResidentRow>,
    /// The titles the person owns.
    pub properties: Vec<PropertyRow>,
    /// The person's marriage registration, if any.
    pub marriage: Option<MarriageRow>,
    /// The spouse's `residents` row, if the marriage names one who is registered.
    pub spouse: Option<ResidentRow>,
    /// Birth records naming the person as a parent.
    pub births: Vec<BirthRow>,
    /// The person's death record, if any.
    pub death: Option<DeathRow>,
    /// The person's social-insurance record, if any.
    pub social_security: Option<SocialSecurityRow>,
    /// The person's exit-entry record, if any.
    pub overseas: Option<OverseasRow>,
    /// The person's sentences.
    pub criminal: Vec<CriminalRow>,
}

/// Read access to the registries. Implementations read only the kinds asked for.
#[allow(async_fn_in_trait, reason = "single-threaded wasm and tests: no Send bound wanted")]
pub trait Registry {
    /// The raw rows about `id`, reading only the tables `kinds` need (the `residents` row always).
    async fn rows(&self, id: &IdNumber, kinds: &[FactKind]) -> Result<Rows, DecisionError>;

    /// The facts about `id` as of `today` (`YYYY-MM-DD`).
    async fn facts(&self, id: &IdNumber, kinds: &[FactKind], today: &str) -> Result<Facts, DecisionError> {
        Ok(assemble(self.rows(id, kinds).await?, id, today))
    }

    /// The registry photo's face embedding, if one is on file.
    async fn face_embedding(&self, id: &IdNumber) -> Result<Option<Vec<f32>>, DecisionError>;
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
    /// The `residents` table.
    pub residents: Vec<ResidentRow>,
    /// The `households` table.
    pub households: Vec<HouseholdRow>,
    /// The `properties` table.
    pub properties: Vec<PropertyRow>,
    /// The `marriages` table.
    pub marriages: Vec<MarriageRow>,
    /// The `births` table.
    pub births: Vec<BirthRow>,
    /// The `deaths` table.
    pub deaths: Vec<DeathRow>,
    /// The `social_security` table.
    pub social_security: Vec<SocialSecurityRow>,
    /// The `overseas` table.
    pub overseas: Vec<OverseasRow>,
    /// The `criminal` table.
    pub criminal: Vec<CriminalRow>,
}

/// The registry held in memory (tests, benchmarks, the native evaluation).
pub struct MemoryRegistry {
    data: Dataset,
    by_id: HashMap<String, usize>,
    faces: HashMap<String, Vec<f32>>,
}

impl MemoryRegistry {
    /// Indexes `data` by identity number; no faces on file until [`Self::with_face`].
    pub fn new(data: Dataset) -> Self {
        let by_id = data.residents.iter().enumerate().map(|(i, r)| (r.id_number.clone(), i)).collect();
        Self { data, by_id, faces: HashMap::new() }
    }

    /// Puts a registry photo's embedding on file for `id`.
    pub fn with_face(mut self, id: &str, embedding: Vec<f32>) -> Self {
        self.faces.insert(id.to_string(), embedding);
        self
    }

    /// The tables this registry holds.
    pub fn dataset(&self) -> &Dataset {
        &self.data
    }

    /// The `residents` row for identity number `id`, if any.
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

    async fn face_embedding(&self, id: &IdNumber) -> Result<Option<Vec<f32>>, DecisionError> {
        Ok(self.faces.get(id.as_str()).cloned())
    }
}
