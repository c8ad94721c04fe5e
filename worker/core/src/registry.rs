//! The registry as D1 tables (`crates/decision/registry/schema.sql`): [`Registry`] over SQL.

use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;
use worker::D1Database;

use wangban_decision::registry::{
    BirthRow, CriminalRow, DeathRow, HouseholdRow, MarriageRow, OverseasRow, PropertyRow, Registry, ResidentRow, Rows,
    SocialSecurityRow,
};
use wangban_decision::{DecisionError, FactKind, IdNumber};

pub struct D1Registry {
    pub db: D1Database,
}

fn unavailable(e: worker::Error) -> DecisionError {
    DecisionError::RegistryUnavailable(e.to_string())
}

/// The rows a query with arguments answers (the core's D1 reads all go through here).
pub async fn rows<T: DeserializeOwned>(db: &D1Database, sql: &str, args: &[JsValue]) -> worker::Result<Vec<T>> {
    db.prepare(sql).bind(args)?.all().await?.results()
}

impl D1Registry {
    async fn all<T: DeserializeOwned>(&self, sql: &str, arg: &str) -> Result<Vec<T>, DecisionError> {
        rows(&self.db, sql, &[JsValue::from_str(arg)]).await.map_err(unavailable)
    }

    async fn first<T: DeserializeOwned>(&self, sql: &str, arg: &str) -> Result<Option<T>, DecisionError> {
        Ok(self.all(sql, arg).await?.into_iter().next())
    }
}

impl Registry for D1Registry {
    async fn rows(&self, id: &IdNumber, kinds: &[FactKind]) -> Result<Rows, DecisionError> {
        let id = id.as_str();
        let want = |k| kinds.contains(&k);
        let resident: Option<ResidentRow> = self.first("SELECT * FROM residents WHERE id_number = ?1", id).await?;
        let mut rows = Rows { resident: resident.clone(), ..Rows::default() };
        if want(FactKind::Household)
            && let Some(r) = &resident
        {
            rows.household =
                self.first::<HouseholdRow>("SELECT * FROM households WHERE id = ?1", &r.household_id).await?;
            rows.members = self.all("SELECT * FROM residents WHERE household_id = ?1", &r.household_id).await?;
        }
        if want(FactKind::Property) {
            rows.properties = self.all::<PropertyRow>("SELECT * FROM properties WHERE owner_id = ?1", id).await?;
        }
        if want(FactKind::Marriage) {
            rows.marriage =
                self.first::<MarriageRow>("SELECT * FROM marriages WHERE a_id = ?1 OR b_id = ?1", id).await?;
            if let Some(m) = &rows.marriage {
                let spouse = if m.a_id == id { &m.b_id } else { &m.a_id };
                rows.spouse = self.first("SELECT * FROM residents WHERE id_number = ?1", spouse).await?;
            }
        }
        if want(FactKind::Birth) {
            rows.births = self.all::<BirthRow>("SELECT * FROM births WHERE parent_a = ?1 OR parent_b = ?1", id).await?;
        }
        if want(FactKind::Death) {
            rows.death = self.first::<DeathRow>("SELECT * FROM deaths WHERE id_number = ?1", id).await?;
        }
        if want(FactKind::SocialSecurity) {
            rows.social_security =
                self.first::<SocialSecurityRow>("SELECT * FROM social_security WHERE id_number = ?1", id).await?;
        }
        if want(FactKind::OverseasReturn) {
            rows.overseas = self.first::<OverseasRow>("SELECT * FROM overseas WHERE id_number = ?1", id).await?;
        }
        if want(FactKind::CriminalRecord) {
            rows.criminal = self.all::<CriminalRow>("SELECT * FROM criminal WHERE id_number = ?1", id).await?;
        }
        Ok(rows)
    }

    async fn face_embedding(&self, id: &IdNumber) -> Result<Option<Vec<f32>>, DecisionError> {
        #[derive(serde::Deserialize)]
        struct Face {
            embedding: String,
        }
        let face: Option<Face> = self.first("SELECT embedding FROM faces WHERE id_number = ?1", id.as_str()).await?;
        Ok(face.and_then(|f| serde_json::from_str(&f.embedding).ok()))
    }
}
